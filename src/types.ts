import type { SpanExporter } from './sdk/types.js';
import type { SpanRedactor } from './encoding/encodeSpan.js';
import type { FileSystem } from './fs/FileSystem.js';
import type { RedactOptions } from './redact/RedactOptions.js';
import type { SessionExporter } from './session/SessionSnapshot.js';

/** The `redact` option: off, options for the built-in redactor, or a redactor of your own. */
export type RedactSetting = boolean | RedactOptions | SpanRedactor;

/** Options of {@link SessionFileExporter}. */
export interface SessionFileExporterOptions {
  /**
   * The directory that holds one `<session id>.json` file per session. Created with its missing parents on
   * the first write; a relative path is resolved against the working directory at construction.
   *
   * @default `OTEL_SESSION_FILE_DIRECTORY`, else './traces'
   */
  directory?: string;
  /**
   * Bounds `directory` to this many session files plus the sessions still running, deleting the oldest
   * (by modification time) after successful writes, at most about once per second. A session is still
   * running while this exporter holds it open (until its final state is on disk) or while its file says
   * `running` and its writer process is alive on this host; those files are never deleted. Sibling files
   * (`<name>~pid<pid>.json`) count like any other. Values below 1 are raised to 1.
   *
   * @default `OTEL_SESSION_FILE_MAX_FILES`, else undefined (keep every file)
   */
  maxFiles?: number;
  /**
   * Permission bits of the session files, applied exactly (not through the umask). Traces can hold
   * prompts and secrets: only the owner may read them by default.
   *
   * @default 0o600
   */
  fileMode?: number;
  /**
   * Permission bits of `directory` when the exporter creates it. A directory that already exists keeps
   * its own.
   *
   * @default 0o700
   */
  directoryMode?: number;
  /**
   * Flush each file's data to disk before it replaces the previous file, so that a power loss leaves
   * either the old or the new state, never an empty file. The exit hook's write of many sessions puts
   * every crash record in place first and flushes them all right after, with the directory once
   * (docs/guarantees.md says what that trades).
   *
   * @default true
   */
  fsync?: boolean;
  /**
   * Also flush `directory` after each rename, so that the replacement itself survives a power loss. Costs
   * one more disk flush per write. The exit hook flushes the directory once whenever `fsync` is on.
   *
   * @default `OTEL_SESSION_FILE_FSYNC_DIRECTORY`, else false
   */
  fsyncDirectory?: boolean;
  /**
   * For spans given to {@link SessionFileExporter.export} (behind the SDK's own processors): the span
   * attribute that names a span's session. Spans without it join the session of their trace.
   *
   * @default `OTEL_SESSION_FILE_SESSION_ATTRIBUTE`, else 'session.id'
   */
  sessionAttribute?: string;
  /**
   * For spans given to {@link SessionFileExporter.export}: ended spans kept per session; the oldest
   * beyond it are dropped and counted in `droppedSpanCount`.
   *
   * @default 100000
   */
  maxSpansPerSession?: number;
  /** For spans given to {@link SessionFileExporter.export}: as {@link SessionSpanProcessorOptions.redact}. */
  redact?: RedactSetting;
  /**
   * Replaces the file system, for tests that inject faults.
   *
   * @internal
   * @default the real file system (node:fs)
   */
  fileSystem?: FileSystem;
}

/** An exporter the processor can feed: one that stores whole sessions, or any standard `SpanExporter`. */
export type SessionProcessorExporter = SessionExporter | SpanExporter | (SessionExporter & SpanExporter);

/** Options of {@link SessionSpanProcessor}. */
export interface SessionSpanProcessorOptions {
  /**
   * Where sessions go; usually a {@link SessionFileExporter}.
   * @default a `SessionFileExporter` with its defaults (directory `OTEL_SESSION_FILE_DIRECTORY`, else
   * './traces') when neither `exporter` nor `exporters` is given
   */
  exporter?: SessionProcessorExporter;
  /**
   * Several exporters. Session-aware ones (with `exportSession`) receive snapshots; any other
   * `SpanExporter` (OTLP, console, in-memory) receives each ended span of a session once, batched.
   */
  exporters?: SessionProcessorExporter[];
  /**
   * The span attribute (and baggage entry) that names a span's session. Child spans inherit their
   * parent's session without carrying it.
   * @default `OTEL_SESSION_FILE_SESSION_ATTRIBUTE`, else 'session.id'
   */
  sessionAttribute?: string;
  /**
   * How long after a change a session's snapshot is written. Bursts within this window cost one write.
   * 100 ms keeps a watcher's view live and a SIGKILL's loss to a tenth of a second, at no more than ten
   * small writes per second per busy session.
   * @default `OTEL_SESSION_FILE_DEBOUNCE_MS`, else 100
   */
  debounceMs?: number;
  /**
   * The longest a change may wait for its write when `writeShare` spaces writes out: what a SIGKILL can
   * lose at most (the exit hook writes everything on any other ending).
   * @default `OTEL_SESSION_FILE_MAX_DELAY_MS`, else 5000
   */
  maxDelayMs?: number;
  /**
   * The largest share of wall time (0 < share ≤ 1) the processor spends writing, across all its
   * sessions: after a write of w ms, debounced writes wait w × (1/share − 1) ms. One small session is
   * never held back by it (its writes take a few ms); large sessions and many sessions growing together
   * are written less often, never later than `maxDelayMs`. 1 writes every session one debounce after
   * each change, whatever it costs.
   * @default `OTEL_SESSION_FILE_WRITE_SHARE`, else 0.1
   */
  writeShare?: number;
  /**
   * Ended spans kept per session. Beyond it the oldest are dropped (the root span is always kept) and
   * counted in the file's `droppedSpanCount`.
   * @default `OTEL_SESSION_FILE_MAX_SPANS_PER_SESSION`, else 100000
   */
  maxSpansPerSession?: number;
  /**
   * Sessions held in memory at once. Spans of further sessions are dropped (counted and reported
   * through `diag`) until a session ends.
   * @default `OTEL_SESSION_FILE_MAX_SESSIONS`, else 1000
   */
  maxSessions?: number;
  /**
   * Register the process-wide synchronous exit hook that writes every open session as `crashed`
   * (or `interrupted` on a clean exit) when the process stops.
   * @default `OTEL_SESSION_FILE_EXIT_HOOK`, else true
   */
  exitHook?: boolean;
  /**
   * Keeps secrets out of the file: attribute values of secret-looking keys and well-known secret formats
   * (API keys, bearer tokens, private keys, credentials in URLs…) are replaced while each span is encoded,
   * before anything reaches an exporter. `false` turns it off; options extend or replace the defaults
   * (`DEFAULT_REDACT_KEYS`, `DEFAULT_REDACT_PATTERNS`); any object with `attribute` and `text` functions
   * is used as the redactor itself.
   * @default `OTEL_SESSION_FILE_REDACT` (`false` turns it off), else the built-in redactor with its defaults
   * @example redact: { patterns: [...DEFAULT_REDACT_PATTERNS, { name: 'ticket', pattern: /\bTCK-\d{6}\b/ }] }
   */
  redact?: RedactSetting;
}
