import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import type { SessionHeader } from '../../src/session/SessionHeader.js';
import type { SessionExporter, SessionSnapshot } from '../../src/session/SessionSnapshot.js';

/** A parsed snapshot as a file would hold it. */
export interface StoredSession {
  session: SessionHeader;
  resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string; spanId: string; attributes: Array<{ key: string; value: Record<string, unknown> }> }> }> }>;
}

export function parseSnapshot(snapshot: SessionSnapshot): StoredSession {
  return { session: snapshot.header, resourceSpans: JSON.parse(Buffer.concat(snapshot.resourceSpans).toString()) };
}

export function spanNames(stored: StoredSession | undefined): string[] {
  return (stored?.resourceSpans ?? []).flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name)));
}

interface Gate {
  promise: Promise<void>;
  open(): void;
}

function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

/**
 * A session exporter that keeps every snapshot it was given, in order, and can hold asynchronous writes
 * until the test releases them — the stand-in for a slow disk. A held write that is released after its
 * session was marked crashed does not land, as with the file exporter.
 */
export class RecordingSessionExporter implements SessionExporter {
  /** Every write that landed, asynchronous or synchronous, in landing order. */
  readonly landed: Array<{ sync: boolean; stored: StoredSession }> = [];
  /** Every write that was started. */
  started = 0;
  readonly crashed = new Set<string>();
  private holding = false;
  private readonly held: Gate[] = [];
  private waiters: Array<() => void> = [];

  hold(): void {
    this.holding = true;
  }

  /** Releases the writes held so far; later writes run freely unless `hold` is called again. */
  release(): void {
    this.holding = false;
    for (const g of this.held.splice(0)) g.open();
  }

  /**
   * Resolves when at least `count` writes have started. The processor's timers are unref()ed, so the
   * wait holds the event loop open itself.
   */
  whenStarted(count: number): Promise<void> {
    if (this.started >= count) return Promise.resolve();
    const keepAlive = setInterval(() => {}, 1000);
    return new Promise<void>((resolve) => this.waiters.push(() => this.started >= count && resolve())).finally(() =>
      clearInterval(keepAlive),
    );
  }

  get heldCount(): number {
    return this.held.length;
  }

  last(id?: string): StoredSession | undefined {
    return [...this.landed].reverse().find((w) => id === undefined || w.stored.session.id === id)?.stored;
  }

  writesOf(id: string): Array<{ sync: boolean; stored: StoredSession }> {
    return this.landed.filter((w) => w.stored.session.id === id);
  }

  async exportSession(snapshot: SessionSnapshot): Promise<ExportResult> {
    const stored = parseSnapshot(snapshot);
    this.started++;
    for (const waiter of this.waiters) waiter();
    if (this.holding) {
      const g = gate();
      this.held.push(g);
      await g.promise;
    }
    if (this.crashed.has(snapshot.header.id)) return { code: ExportResultCode.FAILED, error: new Error('crashed') };
    this.landed.push({ sync: false, stored });
    return { code: ExportResultCode.SUCCESS };
  }

  exportSessionSync(snapshot: SessionSnapshot): ExportResult {
    this.landed.push({ sync: true, stored: parseSnapshot(snapshot) });
    return { code: ExportResultCode.SUCCESS };
  }

  markCrashed(sessionId: string): void {
    this.crashed.add(sessionId);
  }
}
