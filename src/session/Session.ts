import { diag, SpanStatusCode, type HrTime } from '@opentelemetry/api';
import type { ReadableSpan } from '../sdk/types.js';
import { encodeSpan, type SpanRedactor, type UnendedSpanState } from '../encoding/encodeSpan.js';
import { read, textOf } from '../encoding/coerce.js';
import { hrTimeToEpochMillis } from '../encoding/hrTime.js';
import { EncodedSpans, type EncodedSpan } from './EncodedSpans.js';
import { OpenSpans } from './OpenSpans.js';
import { segmentOf, type PreviousSession } from './previousFile.js';
import type { CrashCause, SessionHeader, SessionSegment, SessionStatus } from './SessionHeader.js';
import type { SessionSnapshot } from './SessionSnapshot.js';
import { SummaryBuilder } from './SummaryBuilder.js';
import { currentWriter, isSameWriter } from './writer.js';
import { WriteSchedule } from './WriteSchedule.js';

/**
 * What one session is in memory: its open spans, the ended spans waiting to be encoded, the encoded
 * ones, and its status. `spanStarted`/`spanEnded` run on the hot path and only move references;
 * encoding happens in `encodePending`, called by the writer off the hot path.
 */
export class Session {
  status: SessionStatus = 'running';
  error: string | undefined;
  crash: CrashCause | undefined;
  title: string | undefined;
  root: ReadableSpan | undefined;
  startTime = Infinity;
  endTime: number | undefined;
  readonly open: OpenSpans;
  /** Open spans that began a turn (the session's root spans): a crashed turn still took time. */
  private readonly openTurns = new Set<ReadableSpan>();
  readonly pending: ReadableSpan[] = [];
  /** Ended spans that have left `pending`, encoded or dropped: with its length, a count of every ended span. */
  private pendingTaken = 0;
  encoded: EncodedSpans;
  readonly summary: SummaryBuilder;
  droppedSpanCount = 0;
  private unencodableSpans = 0;
  /** Bumped on every change; compared with `writtenVersion` to tell whether the file is current. */
  version = 0;
  writtenVersion = 0;
  /** Whether an earlier file of this session still has to be read before the first write. */
  resumePending = true;
  /** That read, while it is in flight: the session's start and its first write share it. */
  resumeRead: Promise<void> | undefined;
  /** Whether the background encoder holds the session in its queue. */
  encodeQueued = false;
  resumeCount = 0;
  /** How earlier processes left the session, oldest first. */
  previousSegments: SessionSegment[] = [];
  segmentStart = Date.now();

  /** When the session's snapshots are written: `SnapshotScheduler`'s record, kept here for the one lookup. */
  readonly schedule = new WriteSchedule();

  constructor(
    readonly id: string,
    private readonly maxSpans: number,
    private readonly redactor: SpanRedactor | undefined,
    /** The property under which this session marks its open spans: one per processor. */
    openSpanKey: symbol = Symbol('otel-session-file open span'),
  ) {
    this.open = new OpenSpans(openSpanKey, this);
    this.encoded = new EncodedSpans(redactor);
    // Tool and model names come from attributes like any other value, and may quote secrets.
    this.summary = new SummaryBuilder(redactor === undefined ? undefined : (text) => redactor.text(text));
  }

  spanStarted(span: ReadableSpan, isRoot: boolean): void {
    this.open.add(span);
    if (isRoot) this.openTurns.add(span);
    if (isRoot && this.root === undefined) this.root = span;
    // Children start after their root: only the first span and roots can move the session's start.
    if (isRoot || this.startTime === Infinity) this.startsAt(span);
    this.version++;
  }

  /**
   * A span that joins the session only as it ends (its attribute was set later, or it is the parent of
   * such spans): it can still be the session's first span and its top-most one.
   */
  spanEndedUnseen(span: ReadableSpan, topMost: boolean): void {
    this.startsAt(span);
    if (topMost && this.root === undefined) this.root = span;
    this.spanEnded(span);
  }

  spanEnded(span: ReadableSpan): void {
    this.openTurns.delete(span);
    this.open.remove(span);
    this.pending.push(span);
    if (this.pending.length > this.maxSpans) this.dropOldestPending();
    this.version++;
  }

  /** Moves the session's start to the span's, when it is earlier and a time a header can carry. */
  private startsAt(span: ReadableSpan): void {
    const start = hrTimeToEpochMillis(span.startTime);
    if (!(start >= 0 && start <= MAX_DATE_MS)) return;
    if (start < this.startTime) this.startTime = start;
    // A span first seen at its end can have started before this process's session object existed.
    if (start < this.segmentStart) this.segmentStart = start;
  }

  /**
   * Ends the wait for the session's earlier file, taking it in when there is one. Called once, before any
   * span of this process is encoded, so that the old spans come first.
   */
  takeInEarlierFile(previous: PreviousSession | undefined): void {
    this.resumePending = false;
    if (previous) this.absorb(previous);
  }

  /** Takes in a file written earlier for this session. A file from another process starts a new segment. */
  private absorb(previous: PreviousSession): void {
    const { header } = previous;
    this.absorbContent(previous);
    const sameProcess = isSameWriter(header.writer, currentWriter());
    const earlier = header.segments?.slice(0, -1) ?? [];
    if (sameProcess) {
      this.resumeCount = header.resumeCount ?? 0;
      this.previousSegments = earlier.map((segment) => this.redactSegment(segment));
      const segmentStart = Date.parse(header.segments?.at(-1)?.startTime ?? header.startTime);
      if (segmentStart < this.segmentStart) this.segmentStart = segmentStart;
    } else {
      this.resumeCount = (header.resumeCount ?? 0) + 1;
      // Redacted once here: a file of an earlier version, or written without redaction, may hold secrets.
      this.previousSegments = [...earlier, segmentOf(header)].map((segment) => this.redactSegment(segment));
    }
    for (const sibling of previous.siblings ?? []) this.absorbSibling(sibling);
    while (this.encoded.count > this.maxSpans && this.encoded.dropOldest()) this.droppedSpanCount++;
    this.version++;
  }

  /**
   * Takes in the file of a process that continued this session beside the one holding its file: its
   * spans, its summary and its run as one more earlier segment, in time order among the others.
   */
  private absorbSibling(sibling: PreviousSession): void {
    this.absorbContent(sibling);
    this.resumeCount++;
    this.previousSegments = [...this.previousSegments, this.redactSegment(segmentOf(sibling.header))].sort(
      (a, b) => Date.parse(a.startTime) - Date.parse(b.startTime),
    );
  }

  /** A file's spans and totals: what is added the same way from the session's file and from a sibling's. */
  private absorbContent({ header, spans }: PreviousSession): void {
    for (const span of spans) this.encoded.add(span);
    const earlierStart = Date.parse(header.startTime);
    if (earlierStart < this.startTime) this.startTime = earlierStart;
    this.droppedSpanCount += header.droppedSpanCount ?? 0;
    this.title ??= header.title;
    if (header.summary) this.summary.absorb(header.summary);
  }

  /** Encodes ended spans until done or until `deadline` (performance.now()); returns true when done. */
  encodePending(deadline = Infinity): boolean {
    return this.encodeEndedBefore(this.endedCount, deadline);
  }

  /** Spans ended in this session so far, kept or not: a mark for {@link encodeEndedBefore}. */
  get endedCount(): number {
    return this.pendingTaken + this.pending.length;
  }

  /**
   * Encodes the spans still pending among the first `endedCount` that ended, until done or until
   * `deadline` (performance.now()); returns true when none of them is left. Spans that end meanwhile are
   * not waited for, and the background encoder may take some of them first.
   */
  encodeEndedBefore(endedCount: number, deadline = Infinity): boolean {
    const count = Math.min(endedCount - this.pendingTaken, this.pending.length);
    let index = 0;
    while (index < count) {
      const span = this.pending[index++]!;
      const title = titleOf(span);
      if (title !== undefined) this.title = title;
      this.summary.add(span);
      const encoded = this.encodeOrLeaveOut(span);
      if (encoded === undefined) this.droppedSpanCount++;
      else this.encoded.add(encoded, span === this.root);
      // Checked after every span: one span with a prompt-sized attribute can take milliseconds to redact.
      if (performance.now() > deadline) break;
    }
    this.pending.splice(0, index);
    this.pendingTaken += index;
    while (this.encoded.count > this.maxSpans && this.encoded.dropOldest()) this.droppedSpanCount++;
    return this.pendingTaken >= endedCount;
  }

  /** The whole current state; `status` overrides the session's own (crash writes). */
  snapshot(now: number): SessionSnapshot {
    const endTime = msToHrTime(now);
    const state = this.unendedState();
    const unended: EncodedSpan[] = [];
    for (const span of this.open) {
      const encoded = this.encodeOrLeaveOut(span, { ...state, endTime });
      if (encoded !== undefined) unended.push(encoded);
    }
    const header = this.header(now);
    header.spanCount -= this.open.size - unended.length;
    header.openSpanCount = unended.length + this.encoded.unendedCount;
    return { header, resourceSpans: this.encoded.render(unended) };
  }

  header(now: number): SessionHeader {
    const header: SessionHeader = {
      formatVersion: 1,
      id: this.id,
      status: this.status,
      startTime: new Date(Number.isFinite(this.startTime) ? this.startTime : now).toISOString(),
      updateTime: new Date(now).toISOString(),
      spanCount: this.encoded.count + this.open.size,
      openSpanCount: this.open.size + this.encoded.unendedCount,
      droppedSpanCount: this.droppedSpanCount,
      writer: currentWriter(),
      resumeCount: this.resumeCount,
      segments: [...this.previousSegments, this.currentSegment(now)],
    };
    const title = this.title ?? this.rootTitle();
    if (title !== undefined) header.title = this.redactText(title);
    if (this.endTime !== undefined) header.endTime = new Date(this.endTime).toISOString();
    if (this.error !== undefined) header.error = this.redactText(this.error);
    if (this.crash !== undefined) header.crash = this.redactCrash(this.crash);
    header.summary = this.summary.summary();
    for (const turn of this.openTurns) {
      const start = hrTimeToEpochMillis(turn.startTime);
      if (now > start) header.summary.durationMs += now - start;
    }
    return header;
  }

  /** The root's `session.title`, set when it started, else its name: a crashed root never ended. */
  private rootTitle(): string | undefined {
    if (this.root === undefined) return undefined;
    return titleOf(this.root) ?? textOf(this.root.name);
  }

  private currentSegment(now: number): SessionSegment {
    const segment: SessionSegment = {
      startTime: new Date(this.segmentStart).toISOString(),
      endTime: new Date(now).toISOString(),
      status: this.status,
      writer: currentWriter(),
    };
    if (this.crash) segment.crash = this.redactCrash(this.crash);
    return segment;
  }

  private redactSegment(segment: SessionSegment): SessionSegment {
    return segment.crash === undefined ? segment : { ...segment, crash: this.redactCrash(segment.crash) };
  }

  private redactText(text: string): string {
    return this.redactor ? this.redactor.text(text) : text;
  }

  /** Error messages and stacks quote what the program was handling, secrets included. */
  private redactCrash(crash: CrashCause): CrashCause {
    if (!this.redactor || typeof crash.error !== 'object' || crash.error === null) return crash;
    const error = { ...crash.error, message: this.redactText(String(crash.error.message)) };
    if (typeof error.name === 'string') error.name = this.redactText(error.name);
    if (typeof error.stack === 'string') error.stack = this.redactText(error.stack);
    return { ...crash, error };
  }

  /** Frees the encoded spans once the session's final state is on disk. */
  release(): void {
    this.encoded = new EncodedSpans(this.redactor);
    this.pendingTaken += this.pending.length;
    this.pending.length = 0;
  }

  /**
   * A span's text in its envelopes, or `undefined` when encoding it throws (a redactor that fails on its
   * content, or ids that are not ids). Such a span is left out, never written unredacted: one bad span
   * must not fail every write of its session, the exit write included. Reported once per session.
   */
  private encodeOrLeaveOut(span: ReadableSpan, unended?: UnendedSpanState): EncodedSpan | undefined {
    try {
      const resource = this.encoded.resourceEnvelope(span.resource);
      const scope = this.encoded.scopeEnvelope(span.instrumentationScope);
      return { resource, scope, text: encodeSpan(span, this.redactor, unended) };
    } catch (error) {
      if (this.unencodableSpans++ === 0) {
        diag.warn(`otel-session-file: a span of session ${this.id} could not be encoded (its ids are invalid or its redactor threw) and is left out of its file`, error);
      }
      return undefined;
    }
  }

  private unendedState(): Omit<UnendedSpanState, 'endTime'> {
    // A session written as its process stops (a crash record, even of an ended session) can have no
    // span that is still `open`: nothing will end them.
    if (this.status === 'crashed' || this.status === 'interrupted' || this.crash !== undefined) {
      const state = this.status === 'crashed' ? 'crashed' : 'interrupted';
      const why = this.crash?.error?.message ?? this.crash?.signal ?? this.crash?.reason ?? 'process stopped';
      return { state, status: { code: SpanStatusCode.ERROR, message: `session ${state}: ${this.redactText(why)}` } };
    }
    return { state: 'open' };
  }

  private dropOldestPending(): void {
    const index = this.pending[0] === this.root ? 1 : 0;
    // Its usage still counts: the summary covers every ended span, kept or dropped.
    this.summary.add(this.pending.splice(index, 1)[0]!);
    this.pendingTaken++;
    this.droppedSpanCount++;
  }
}

// The last millisecond of year 9999: later dates do not fit the header's ISO 8601 form.
const MAX_DATE_MS = 253_402_300_799_999;

function titleOf(span: ReadableSpan): string | undefined {
  const title = read(span.attributes, 'session.title');
  return typeof title === 'string' ? title : undefined;
}

function msToHrTime(ms: number): HrTime {
  const seconds = Math.floor(ms / 1000);
  return [seconds, Math.floor((ms - seconds * 1000) * 1e6)];
}
