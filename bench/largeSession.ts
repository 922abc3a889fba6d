import { SessionSpanProcessor, type SessionSnapshot } from '../src/index.js';
import { CapturingExporter } from './contenders/CapturingExporter.js';
import { MB, NEVER_MS } from './scenario.js';
import { generateTrace, interleavedEvents, materialize, play, type MaterializedSession } from './spans.js';

/** Sessions of tens of megabytes (agent spans with prompt-sized attributes), and their snapshots. */

export function largeSessions(label: string, sessions: number, mbPerSession: number, payloadChars: number): MaterializedSession[] {
  return materialize(
    generateTrace({ label, sessions, spansPerSession: Number.MAX_SAFE_INTEGER, bytesPerSession: mbPerSession * MB, payloadChars }),
  );
}

export interface CapturedSnapshot {
  snapshot: SessionSnapshot;
  /** The processor's first write: every span encoded, the snapshot rendered. */
  firstWriteMs: number;
}

/** The snapshot the processor hands its exporter for a running session (root open), spans encoded. */
export async function captureSnapshot(session: MaterializedSession): Promise<CapturedSnapshot> {
  const exporter = new CapturingExporter();
  const processor = new SessionSpanProcessor({
    exporter,
    exitHook: false,
    debounceMs: NEVER_MS,
    maxDelayMs: NEVER_MS,
    maxSpansPerSession: session.children.length + 1,
  });
  play(processor, interleavedEvents([session], true));
  const start = performance.now();
  await processor.forceFlush();
  const firstWriteMs = performance.now() - start;
  const snapshot = exporter.latest.get(session.id);
  if (!snapshot) throw new Error(`the processor wrote no snapshot of ${session.id}`);
  return { snapshot, firstWriteMs };
}

export function snapshotBytes(snapshot: SessionSnapshot): number {
  let bytes = 0;
  for (const chunk of snapshot.resourceSpans) bytes += chunk.byteLength;
  return bytes;
}
