import { diag, SpanStatusCode } from '@opentelemetry/api';
import type { ReadableSpan } from '../sdk/types.js';
import type { SpanRedactor } from '../encoding/encodeSpan.js';
import type { PreviousSession } from './previousFile.js';
import { Session } from './Session.js';
import { sessionIdFromAttributes } from './sessionIdOf.js';
import type { SessionSnapshot } from './SessionSnapshot.js';

/**
 * Sessions assembled from spans handed to a plain `SpanExporter.export()` call, for setups that put
 * the file exporter behind the SDK's own processors. Those calls bring ended spans only, children
 * usually before their parents, so a span without the session attribute joins the session of its
 * trace once a span of that trace names one; until then it waits (bounded) in `waiting`.
 */

export interface ExportedSessionsLimits {
  sessionAttribute: string;
  maxSpansPerSession: number;
  /** Sessions, traces and waiting spans remembered at once; the oldest are forgotten first. */
  maxEntries: number;
}

export class ExportedSessions {
  private readonly sessions = new Map<string, Session>();
  private readonly traceSessions = new Map<string, string>();
  private readonly waiting = new Map<string, ReadableSpan[]>();
  private waitingCount = 0;

  constructor(
    private readonly limits: ExportedSessionsLimits,
    private readonly redactor: SpanRedactor | undefined,
  ) {}

  /**
   * Adds ended spans and returns a snapshot of every session they changed. `readPrevious` gives what
   * is stored for a session this exporter has not written yet, so that it is continued, not replaced.
   */
  async add(spans: readonly ReadableSpan[], readPrevious: (id: string) => Promise<PreviousSession | undefined>): Promise<SessionSnapshot[]> {
    for (const span of spans) {
      const own = sessionIdFromAttributes(span, this.limits.sessionAttribute);
      if (own && 'id' in own) this.remember(this.traceSessions, span.spanContext().traceId, own.id);
    }
    const changed = new Set<Session>();
    for (const span of spans) {
      const traceId = span.spanContext().traceId;
      const own = sessionIdFromAttributes(span, this.limits.sessionAttribute);
      const id = own && 'id' in own ? own.id : this.traceSessions.get(traceId);
      if (id === undefined) {
        this.wait(traceId, span);
        continue;
      }
      const session = this.session(id);
      for (const earlier of this.takeWaiting(traceId)) this.record(session, earlier);
      this.record(session, span);
      changed.add(session);
    }
    const snapshots: SessionSnapshot[] = [];
    for (const session of changed) {
      if (session.resumePending) session.takeInEarlierFile(await readPrevious(session.id));
      session.encodePending();
      snapshots.push(session.snapshot(Date.now()));
    }
    return snapshots;
  }

  /** Spans that never found their session; reported when the exporter shuts down. */
  get unassignedSpanCount(): number {
    return this.waitingCount;
  }

  private record(session: Session, span: ReadableSpan): void {
    const isRoot = !span.parentSpanContext || span.parentSpanContext.isRemote === true;
    session.spanEnded(span);
    if (isRoot && sessionIdFromAttributes(span, this.limits.sessionAttribute) !== undefined) {
      session.root = span;
      session.status = span.status.code === SpanStatusCode.ERROR ? 'error' : 'completed';
      session.error = span.status.code === SpanStatusCode.ERROR ? span.status.message : undefined;
      session.endTime = Date.now();
    }
  }

  private session(id: string): Session {
    let session = this.sessions.get(id);
    if (session) {
      this.sessions.delete(id);
    } else {
      session = new Session(id, this.limits.maxSpansPerSession, this.redactor);
    }
    // Re-inserting keeps the map in least-recently-used order; a forgotten session is read back from
    // its file the next time it appears.
    this.remember(this.sessions, id, session);
    return session;
  }

  private wait(traceId: string, span: ReadableSpan): void {
    const list = this.waiting.get(traceId);
    if (list) list.push(span);
    else this.remember(this.waiting, traceId, [span]);
    this.waitingCount++;
    while (this.waitingCount > this.limits.maxEntries) {
      const [oldest, spans] = this.waiting.entries().next().value as [string, ReadableSpan[]];
      this.waiting.delete(oldest);
      this.waitingCount -= spans.length;
      diag.warn(`otel-session-file: dropped ${spans.length} exported spans of trace ${oldest}: no span of the trace named a session`);
    }
  }

  private takeWaiting(traceId: string): ReadableSpan[] {
    const spans = this.waiting.get(traceId);
    if (!spans) return [];
    this.waiting.delete(traceId);
    this.waitingCount -= spans.length;
    return spans;
  }

  private remember<V>(map: Map<string, V>, key: string, value: V): void {
    map.set(key, value);
    if (map.size > this.limits.maxEntries) map.delete(map.keys().next().value as string);
  }
}
