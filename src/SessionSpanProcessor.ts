import { context, diag, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { BindOnceFuture, ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import { inspect } from 'node:util';
import type { SpanRedactor } from './encoding/encodeSpan.js';
import { isAbnormal } from './exit/crashCause.js';
import { registerExitFlush } from './exit/exitHook.js';
import { SpanBatcher } from './sdk/SpanBatcher.js';
import type { ReadableSpan, SpanExporter, SpanProcessor } from './sdk/types.js';
import { ENVIRONMENT, environmentBoolean, environmentNumber, environmentString } from './options/environment.js';
import { BoundedMap } from './common/BoundedMap.js';
import { rejectUnknownProcessorOptions } from './options/rejectUnknownOptions.js';
import { booleanOption, numberOption, redactOption, stringOption } from './options/validate.js';
import { SessionFileExporter } from './SessionFileExporter.js';
import type { SessionProcessorExporter, SessionSpanProcessorOptions } from './types.js';
import { checkContextManager } from './session/checkContextManager.js';
import { ownerOf } from './session/OpenSpans.js';
import { Session } from './session/Session.js';
import type { CrashCause, SessionStatus } from './session/SessionHeader.js';
import { sessionIdFromAttributes, sessionIdFromBaggage, sessionIdFromValue, type SessionIdValue } from './session/sessionIdOf.js';
import type { SessionExporter, SessionSnapshot } from './session/SessionSnapshot.js';
import { SnapshotScheduler } from './session/SnapshotScheduler.js';
import { SliceBudget } from './session/SliceBudget.js';
import { BackgroundEncoder } from './session/BackgroundEncoder.js';
import { yieldToEventLoop } from './session/yieldToEventLoop.js';

/**
 * The processor: which session a span belongs to, the sessions' lifecycles, and the hand-off to
 * exporters. `onStart`/`onEnd` do constant work (property reads on the span, a push, an already-armed timer)
 * and never throw; encoding and I/O happen in snapshot writes, with tracing suppressed.
 */

const ENCODE_SLICE_MS = 8;
const MAX_REMEMBERED_TRACES = 10_000;
// setTimeout turns a longer delay into 1 ms (with a TimeoutOverflowWarning): a huge debounce would be none.
const MAX_TIMER_MS = 2 ** 31 - 1;

interface SessionEnd {
  status: Exclude<SessionStatus, 'running'>;
  error?: string;
}

function isSessionExporter(exporter: SessionProcessorExporter): exporter is SessionExporter {
  return typeof (exporter as Partial<SessionExporter>).exportSession === 'function';
}

/** Exit writes of `snapshots` through one exporter, one result each; an exporter that throws fails them all. */
function exitWrites(exporter: SessionExporter, snapshots: readonly SessionSnapshot[]): ExportResult[] {
  if (exporter.exportSessionsSync !== undefined) {
    try {
      return exporter.exportSessionsSync(snapshots);
    } catch (error) {
      return snapshots.map(() => failed(error));
    }
  }
  return snapshots.map((snapshot) => {
    try {
      return exporter.exportSessionSync(snapshot);
    } catch (error) {
      return failed(error);
    }
  });
}

function failed(error: unknown): ExportResult {
  return { code: ExportResultCode.FAILED, error: error instanceof Error ? error : new Error(String(error)) };
}

/**
 * A `SpanProcessor` that keeps one always-current snapshot of every session on disk (through a
 * session-aware exporter such as {@link SessionFileExporter}), debounced per session, with exactly
 * one follow-up write after a burst, an end gate, and a synchronous exit hook that records crashes.
 *
 * @example
 * ```ts
 * const provider = new TracerProvider({ spanProcessors: [
 *   new SessionSpanProcessor({ exporter: new SessionFileExporter({ directory: './traces' }) }),
 * ]});
 * ```
 */
export class SessionSpanProcessor implements SpanProcessor {
  private readonly sessionExporters: SessionExporter[] = [];
  private readonly batchers: SpanBatcher[] = [];
  private readonly sessionAttribute: string;
  private readonly maxSpansPerSession: number;
  private readonly maxSessions: number;
  private readonly redactor: SpanRedactor | undefined;
  private readonly scheduler: SnapshotScheduler;
  private readonly sessions = new Map<string, Session>();
  private readonly encodeSlice = new SliceBudget(ENCODE_SLICE_MS);
  private readonly encoder = new BackgroundEncoder(this.encodeSlice);
  /** Each open span carries its session under this key (see OpenSpans). */
  private readonly openSpanKey = Symbol('otel-session-file session');
  /**
   * The session of recent traces that started one, for a span whose parent has already ended (work
   * started after its parent returned): its parent no longer carries its session.
   */
  private readonly traceSessions = new BoundedMap<string, string>(MAX_REMEMBERED_TRACES);
  /**
   * Parents that a span joined its session without, by span id: spans first seen at their end (an
   * attribute set at `onEnd`) end before their parents, and a parent that never carries the attribute
   * is still the session's top-most span.
   */
  private readonly awaitedParents = new BoundedMap<string, { traceId: string; sessionId: string }>(MAX_REMEMBERED_TRACES);
  private readonly shutdownOnce: BindOnceFuture<void>;
  private readonly unregisterExit: (() => void) | undefined;
  private droppedSessionSpans = 0;
  private contextManagerChecked = false;
  /** Sessions whose failure to be written during forceFlush or shutdown was reported, until a write succeeds. */
  private readonly unwrittenReported = new WeakSet<Session>();
  private invalidIds = 0;

  /** @throws TypeError when an option has the wrong type or a name the options do not have. */
  constructor(options: SessionSpanProcessorOptions = {}) {
    if (options === null || typeof options !== 'object') {
      throw new TypeError(`Expected SessionSpanProcessor options to be an object, got ${String(options)}`);
    }
    rejectUnknownProcessorOptions(options);
    if (options.exporters !== undefined && !Array.isArray(options.exporters)) {
      throw new TypeError(`Expected \`exporters\` to be an array of exporters, got ${typeof options.exporters}`);
    }
    const exporters = [...(options.exporter ? [options.exporter] : []), ...(options.exporters ?? [])];
    if (exporters.length === 0) exporters.push(new SessionFileExporter());
    for (const exporter of exporters) {
      if (isSessionExporter(exporter)) this.sessionExporters.push(exporter);
      else if (typeof (exporter as Partial<SpanExporter>)?.export === 'function') this.addSpanExporter(exporter as SpanExporter);
      else throw new TypeError(`Expected every exporter to have \`exportSession\` or \`export\`, got ${String(exporter)}`);
    }
    this.sessionAttribute = stringOption(
      'sessionAttribute',
      options.sessionAttribute ?? environmentString(ENVIRONMENT.sessionAttribute),
      'session.id',
    );
    const debounceMs = numberOption('debounceMs', options.debounceMs ?? environmentNumber(ENVIRONMENT.debounceMs), 100, {
      min: 0,
      max: MAX_TIMER_MS,
    });
    const maxDelayMs = numberOption('maxDelayMs', options.maxDelayMs ?? environmentNumber(ENVIRONMENT.maxDelayMs), 5000, {
      min: debounceMs,
      max: MAX_TIMER_MS,
    });
    const writeShare = numberOption('writeShare', options.writeShare ?? environmentNumber(ENVIRONMENT.writeShare), 0.1, {
      min: 0.01,
      max: 1,
    });
    this.maxSpansPerSession = numberOption(
      'maxSpansPerSession',
      options.maxSpansPerSession ?? environmentNumber(ENVIRONMENT.maxSpansPerSession),
      100_000,
      { min: 1, integer: true },
    );
    this.maxSessions = numberOption('maxSessions', options.maxSessions ?? environmentNumber(ENVIRONMENT.maxSessions), 1000, {
      min: 1,
      integer: true,
    });
    this.redactor = redactOption(options.redact, environmentBoolean(ENVIRONMENT.redact));
    this.scheduler = new SnapshotScheduler(
      { debounceMs, maxDelayMs, writeShare },
      (session) => this.writeSnapshot(session),
      (session) => this.releaseIfDone(session),
    );
    this.shutdownOnce = new BindOnceFuture(this.shutdownNow, this);
    const exitHook = booleanOption('exitHook', options.exitHook ?? environmentBoolean(ENVIRONMENT.exitHook), true);
    this.unregisterExit = exitHook ? registerExitFlush(this) : undefined;
  }

  onStart(span: ReadableSpan, parentContext: Context): void {
    if (this.shutdownOnce.isCalled) return;
    try {
      const parentSession = this.sessionOfParent(parentContext);
      const value = span.attributes[this.sessionAttribute];
      // The common case, a string id or none, without allocating.
      const own = typeof value === 'string' && value !== '' ? value : value === undefined ? undefined : this.idOf(sessionIdFromValue(value));
      // A child of a span in a session, without an id of its own: the common case, with no lookup.
      const inherited = own === undefined || own === parentSession?.id ? parentSession : undefined;
      const id = inherited !== undefined ? inherited.id : own ?? this.idOf(sessionIdFromBaggage(parentContext, this.sessionAttribute));
      if (id === undefined) {
        // The symptom of a missing context manager: checked once, on the first span that shows it.
        if (!this.contextManagerChecked && this.sessions.size > 0 && trace.getSpan(parentContext) === undefined) {
          this.contextManagerChecked = true;
          checkContextManager();
        }
        return;
      }
      const session = inherited ?? this.liveSession(id);
      if (!session) return;
      const isRoot = parentSession !== session;
      if (isRoot) this.traceSessions.set(span.spanContext().traceId, id);
      session.spanStarted(span, isRoot);
      this.scheduler.request(session);
    } catch (error) {
      diag.error('otel-session-file: onStart failed', error);
    }
  }

  onEnd(span: ReadableSpan): void {
    if (this.shutdownOnce.isCalled) return;
    try {
      let session = ownerOf(span, this.openSpanKey) as Session | undefined;
      if (session !== undefined) {
        session.spanEnded(span);
      } else {
        session = this.sessionSeenAtEnd(span);
        if (!session) return;
      }
      for (const batcher of this.batchers) batcher.onEnd(span);
      if (span === session.root && session.status === 'running') {
        const failedRoot = span.status.code === SpanStatusCode.ERROR;
        const end: SessionEnd = failedRoot
          ? { status: 'error', error: span.status.message ?? 'root span ended with status ERROR' }
          : { status: 'completed' };
        void this.endLiveSession(session, end);
      } else {
        this.scheduler.request(session);
        this.encoder.request(session);
      }
    } catch (error) {
      diag.error('otel-session-file: onEnd failed', error);
    }
  }

  /**
   * Ends a session now, whatever its spans are doing, and writes its final state.
   * Resolves to the session's file (when an exporter has one), or `undefined` for an unknown session.
   */
  async endSession(sessionId: string, options: { error?: string | Error } = {}): Promise<string | undefined> {
    if (typeof sessionId !== 'string') {
      throw new TypeError(`Expected \`sessionId\` to be a string, got ${inspect(sessionId)}`);
    }
    if (typeof options !== 'object' || options === null) {
      throw new TypeError(`Expected endSession \`options\` to be an object, got ${inspect(options)}`);
    }
    const session = this.sessions.get(sessionId);
    if (session) {
      const error = options.error instanceof Error ? options.error.message : options.error;
      await this.endLiveSession(session, error === undefined ? { status: 'completed' } : { status: 'error', error });
    }
    return this.pathFor(sessionId);
  }

  /**
   * Resolves when every session's file holds what was in memory when it was called, then flushes the
   * exporters.
   */
  async forceFlush(): Promise<void> {
    await Promise.all([...this.sessions.values()].map((session) => this.flushSession(session, 'forceFlush')));
    await Promise.all([
      ...this.sessionExporters.map((exporter) => (exporter as Partial<SpanExporter>).forceFlush?.()),
      ...this.batchers.map((batcher) => batcher.forceFlush()),
    ]);
  }

  /** Ends every open session as `interrupted`, writes it, and shuts the exporters down. Idempotent. */
  shutdown(): Promise<void> {
    return this.shutdownOnce.call();
  }

  /**
   * Writes every session in memory synchronously: open ones as `crashed` (or `interrupted` when the
   * process exits with code 0), including one whose final write is still in flight. From then on no
   * asynchronous write of those sessions lands. This is what the exit hook calls; it never throws.
   */
  flushSync(cause: Partial<CrashCause> = {}): void {
    const crash: CrashCause = { reason: 'flushSync', time: new Date().toISOString(), ...cause };
    const abnormal = isAbnormal(crash);
    const sessions: Session[] = [];
    const snapshots: SessionSnapshot[] = [];
    for (const session of this.sessions.values()) {
      try {
        const snapshot = this.exitSnapshot(session, crash, abnormal);
        if (snapshot === undefined) continue;
        sessions.push(session);
        snapshots.push(snapshot);
      } catch (error) {
        diag.error(`otel-session-file: the exit write of session ${session.id} failed`, error);
      }
    }
    if (snapshots.length === 0) return;
    // All sessions in one call: the exporter puts every crash record in place before it flushes any.
    for (const exporter of this.sessionExporters) {
      exitWrites(exporter, snapshots).forEach((result, i) => {
        if (result.code !== ExportResultCode.SUCCESS) {
          diag.error(`otel-session-file: the exit write of session ${sessions[i]!.id} failed`, result.error);
        }
      });
    }
  }

  /** The session's exit state, marked crashed with every exporter; `undefined` when its file holds it already. */
  private exitSnapshot(session: Session, crash: CrashCause, abnormal: boolean): SessionSnapshot | undefined {
    if (session.schedule.crashed) return undefined;
    const onDisk = !session.schedule.writing && session.writtenVersion >= session.version && session.pending.length === 0;
    if (onDisk && session.status !== 'running' && session.open.size === 0) return undefined;
    this.scheduler.stop(session);
    for (const exporter of this.sessionExporters) exporter.markCrashed?.(session.id);
    if (abnormal) session.status = 'crashed';
    else if (session.status === 'running') session.status = 'interrupted';
    session.crash = crash;
    session.endTime ??= Date.now();
    if (session.resumePending) session.takeInEarlierFile(this.resumeSource()?.readSessionSync?.(session.id));
    session.encodePending();
    return session.snapshot(Date.now());
  }

  private async shutdownNow(): Promise<void> {
    await Promise.all(
      [...this.sessions.values()].map((session) =>
        session.status === 'running' ? this.endLiveSession(session, { status: 'interrupted' }) : this.flushSession(session, 'shutdown'),
      ),
    );
    // Those were the last writes: a session whose write failed must not retry on a timer after shutdown.
    for (const session of this.sessions.values()) this.scheduler.stop(session);
    this.unregisterExit?.();
    await Promise.all([
      ...this.sessionExporters.map((exporter) => (exporter as Partial<SpanExporter>).shutdown?.()),
      ...this.batchers.map((batcher) => batcher.shutdown()),
    ]);
    if (this.droppedSessionSpans > 0) {
      diag.warn(`otel-session-file: ${this.droppedSessionSpans} spans were dropped because \`maxSessions\` was reached`);
    }
  }

  private async endLiveSession(session: Session, end: SessionEnd): Promise<void> {
    if (session.status === 'running') {
      session.status = end.status;
      session.error = end.error;
      session.endTime = Date.now();
      session.version++;
    }
    await this.scheduler.finish(session);
  }

  private async flushSession(session: Session, during: 'forceFlush' | 'shutdown'): Promise<void> {
    if (await this.scheduler.flush(session)) return;
    // forceFlush then shutdown, or forceFlush on every turn, meet the same failing file: once per streak.
    if (this.unwrittenReported.has(session)) return;
    this.unwrittenReported.add(session);
    diag.warn(`otel-session-file: session ${session.id} could not be written during ${during}`);
  }

  private writeSnapshot(session: Session): Promise<boolean> {
    return context.with(suppressTracing(context.active()), async () => {
      try {
        // Never on the caller's stack: the root span's onEnd starts the final write, and a first write
        // claims the session's file and reads it with synchronous system calls (a millisecond or more).
        await this.yieldDuringWrite(session);
        await this.resume(session);
        const version = session.version;
        // One slice per turn of the event loop, shared among all sessions, so that sessions ending
        // together do not add up their slices into one long block. Only the spans ended by now: a burst
        // that ends spans faster than slices encode them held the write back until it stopped, and a
        // SIGKILL meanwhile lost all of it. The later ones are in the follow-up their end asked for.
        const due = session.endedCount;
        while (!session.encodeEndedBefore(due, this.encodeSlice.deadline())) await this.yieldDuringWrite(session);
        const snapshot = session.snapshot(Date.now());
        const results = await Promise.all(
          this.sessionExporters.map((exporter) => exporter.exportSession(snapshot).catch(failed)),
        );
        const stored = results.every((result) => result.code === ExportResultCode.SUCCESS);
        if (stored && version > session.writtenVersion) session.writtenVersion = version;
        if (stored) this.unwrittenReported.delete(session);
        return stored;
      } catch (error) {
        // Retried with backoff: reported when a streak of failures starts, not on every retry.
        if (session.schedule.failedWrites === 0) diag.error(`otel-session-file: writing session ${session.id} failed`, error);
        return false;
      }
    });
  }

  private async yieldDuringWrite(session: Session): Promise<void> {
    const yielded = performance.now();
    await yieldToEventLoop();
    session.schedule.yieldedMs += performance.now() - yielded;
  }

  private releaseIfDone(session: Session): void {
    const done =
      session.status !== 'running' &&
      !session.schedule.ending &&
      !session.schedule.writing &&
      session.schedule.timer === undefined &&
      session.open.size === 0 &&
      session.writtenVersion >= session.version;
    if (done && this.sessions.get(session.id) === session) {
      this.sessions.delete(session.id);
      session.release();
      for (const exporter of this.sessionExporters) exporter.releaseSession?.(session.id);
    }
  }

  private liveSession(id: string): Session | undefined {
    const existing = this.sessions.get(id);
    if (existing) return existing;
    if (this.sessions.size >= this.maxSessions) {
      if (this.droppedSessionSpans++ % 1000 === 0) {
        diag.warn(`otel-session-file: \`maxSessions\` (${this.maxSessions}) reached; spans of session ${id} are dropped`);
      }
      return undefined;
    }
    const session = new Session(id, this.maxSpansPerSession, this.redactor, this.openSpanKey);
    this.sessions.set(id, session);
    void this.resumeEarly(session);
    return session;
  }

  /**
   * Takes in the session's earlier file as soon as the session starts rather than at its first write:
   * until then its ended spans cannot be encoded (the old spans come first), and with writes spaced
   * out by the budget they piled up as SDK spans that outlived young-generation collections (bench 8:
   * ~99% of 100,000 spans still pending at the end of the run). A read that fails is left to the
   * first write, which tries again.
   */
  private async resumeEarly(session: Session): Promise<void> {
    await yieldToEventLoop();
    try {
      await this.resume(session);
    } catch (error) {
      diag.debug(`otel-session-file: reading the earlier file of session ${session.id} failed; the first write tries again`, error);
    }
  }

  private resume(session: Session): Promise<void> {
    if (!session.resumePending) return Promise.resolve();
    session.resumeRead ??= this.readEarlierFile(session).finally(() => {
      session.resumeRead = undefined;
    });
    return session.resumeRead;
  }

  private async readEarlierFile(session: Session): Promise<void> {
    const previous = await this.resumeSource()?.readSession?.(session.id);
    // An exit write during the read has taken the file in already (synchronously).
    if (session.resumePending && !session.schedule.crashed) {
      session.takeInEarlierFile(previous);
      this.encoder.request(session);
    }
  }

  /**
   * The session of a span whose parent context holds a span: the parent's own; for a parent that has
   * ended, or is remote (an in-process server answering the session's own client call), the session of
   * its trace; for a local parent that was started without the attribute and carries it now, that
   * session, which the parent joins from here on.
   */
  private sessionOfParent(parentContext: Context): Session | undefined {
    const parent = trace.getSpan(parentContext);
    if (parent === undefined) return undefined;
    const session = ownerOf(parent as unknown as ReadableSpan, this.openSpanKey) as Session | undefined;
    if (session !== undefined) return session;
    const adopted = this.adoptParent(parent);
    if (adopted !== undefined) return adopted;
    const id = this.traceSessions.get(parent.spanContext().traceId);
    return id === undefined ? undefined : this.liveSession(id);
  }

  private adoptParent(parent: object): Session | undefined {
    const readable = parent as Partial<ReadableSpan>;
    // Only a recording span of this SDK that is still open: an ended one has been through onEnd.
    if (readable.attributes === undefined || readable.ended !== false) return undefined;
    const id = this.idOf(sessionIdFromValue(readable.attributes[this.sessionAttribute]));
    if (id === undefined) return undefined;
    const session = this.liveSession(id);
    if (!session) return undefined;
    this.traceSessions.set((readable as ReadableSpan).spanContext().traceId, id);
    session.spanStarted(readable as ReadableSpan, true);
    return session;
  }

  /**
   * The session of an ended span that was not in one when it started: its attribute was set later, or it
   * is the parent of spans that joined so. It is placed in its session as the session's top-most span
   * when it has no local parent; otherwise its parent is awaited.
   */
  private sessionSeenAtEnd(span: ReadableSpan): Session | undefined {
    const spanContext = span.spanContext();
    let id = this.idOf(sessionIdFromAttributes(span, this.sessionAttribute));
    const awaited = this.awaitedParents.get(spanContext.spanId);
    if (awaited !== undefined && awaited.traceId === spanContext.traceId) {
      this.awaitedParents.delete(spanContext.spanId);
      id ??= awaited.sessionId;
    }
    if (id === undefined) return undefined;
    const session = this.liveSession(id);
    if (!session) return undefined;
    const parent = span.parentSpanContext;
    const topMost = parent === undefined || parent.isRemote === true;
    if (!topMost) this.awaitedParents.set(parent.spanId, { traceId: parent.traceId, sessionId: id });
    if (!this.traceSessions.has(spanContext.traceId)) this.traceSessions.set(spanContext.traceId, id);
    session.spanEndedUnseen(span, topMost);
    return session;
  }

  private idOf(value: SessionIdValue): string | undefined {
    if (value === undefined) return undefined;
    if ('id' in value) return value.id;
    if (this.invalidIds++ % 1000 === 0) {
      diag.warn(`otel-session-file: ignoring \`${this.sessionAttribute}\` that is not a non-empty string or a number (${this.invalidIds} so far)`);
    }
    return undefined;
  }

  /** The exporter whose stored sessions are continued: the first that can read them back. */
  private resumeSource(): SessionExporter | undefined {
    return this.sessionExporters.find((exporter) => exporter.readSession !== undefined);
  }

  private pathFor(sessionId: string): string | undefined {
    for (const exporter of this.sessionExporters) {
      const path = (exporter as { pathFor?: (id: string) => string }).pathFor?.(sessionId);
      if (path !== undefined) return path;
    }
    return undefined;
  }

  private addSpanExporter(exporter: SpanExporter): void {
    this.batchers.push(new SpanBatcher(exporter));
  }
}
