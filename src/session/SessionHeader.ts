/**
 * The `session` object at the top of every session file. It is plain JSON data, written first in the
 * file so that tools can read a session's state from the first few kilobytes of a large file.
 */

/** How a session ended, or that it is still running. */
export type SessionStatus = 'running' | 'completed' | 'error' | 'interrupted' | 'crashed';

/** Why the process stopped, recorded in a `crashed` or `interrupted` session. */
export interface CrashCause {
  /** What ended the process. */
  reason: 'uncaughtException' | 'unhandledRejection' | 'signal' | 'exit' | 'flushSync';
  /** The signal that killed the process, for `reason: 'signal'`. */
  signal?: string;
  /** The exit code, when the process exited with one. */
  exitCode?: number;
  /** The error that was not handled, for `uncaughtException` and `unhandledRejection`. */
  error?: { name?: string; message: string; stack?: string };
  /** When the crash was recorded (ISO 8601). */
  time: string;
}

/** The process that writes a session file. */
export interface SessionWriter {
  pid: number;
  host: string;
  /** When the writing process started (ISO 8601). */
  startTime: string;
}

/** One process's part of a session that was continued across processes. */
export interface SessionSegment {
  /** When this process started writing the session (ISO 8601). */
  startTime: string;
  /** When the segment's last state was written (ISO 8601). */
  endTime?: string;
  /** The session's status when this process stopped writing it. */
  status: SessionStatus;
  writer: SessionWriter;
  crash?: CrashCause;
}

/** Running totals over a session's ended spans, kept in O(1) per span. */
export interface SessionSummary {
  /**
   * Time spent in turns: the sum of the durations of the session's top-most spans, in milliseconds, a
   * turn still open counted up to the write. Not wall-clock time (see docs/file-format.md, Durations).
   */
  durationMs: number;
  /** Ended spans counted into this summary. */
  spans: number;
  /** Ended spans with status ERROR. */
  errors: number;
  /**
   * Spans that are LLM calls (`gen_ai.operation.name` chat/text_completion/…, OpenInference kind LLM, or
   * an AI SDK model call such as `ai.generateText.doGenerate`).
   */
  llmCalls: number;
  /** Tool calls by tool name. */
  toolCalls: Record<string, number>;
  /** Token usage summed over LLM calls. */
  tokens: { input: number; output: number; cacheRead: number; cacheCreation: number; total: number };
  /** Cost summed over spans that carry one, in the spans' currency (usually USD). */
  cost?: number;
  /** Models named by LLM calls, in order of first use. */
  models: string[];
}

/** The `session` object of a session file. */
export interface SessionHeader {
  /** Version of this file format. */
  formatVersion: 1;
  /** The session id exactly as the spans carried it. */
  id: string;
  status: SessionStatus;
  /** A human-readable title: the `session.title` attribute, else the root span's name. */
  title?: string;
  /** When the session's first span started (ISO 8601). */
  startTime: string;
  /** When this state was written (ISO 8601). */
  updateTime: string;
  /** When the session ended, for a session that is no longer `running` (ISO 8601). */
  endTime?: string;
  /** Spans in the file, open ones included. */
  spanCount: number;
  /**
   * Spans in the file that never ended, each marked with `otel_session.span.state`: open ones, and those
   * cut off when this process or an earlier one (of a resumed session) stopped.
   */
  openSpanCount: number;
  /** Spans left out to keep memory bounded (`maxSpansPerSession`). */
  droppedSpanCount: number;
  /** The error message of a session with status `error`. */
  error?: string;
  /** Why the process stopped, for `crashed` and `interrupted` sessions. */
  crash?: CrashCause;
  /** The process writing this file now. */
  writer?: SessionWriter;
  /** How many times another process continued this session. */
  resumeCount?: number;
  /** One entry per process that wrote this session, oldest first. */
  segments?: SessionSegment[];
  summary?: SessionSummary;
}
