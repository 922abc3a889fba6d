import { SessionFileExporter, SessionSpanProcessor } from '../../src/index.js';
import { RecordingExporter, type RecordedWrite } from '../contenders/RecordingExporter.js';
import { WriteCycles } from '../contenders/WriteCycles.js';
import { median, sleep, yieldToEventLoop } from '../measure.js';
import { target, type Row, type ScenarioResult, type Target } from '../report.js';
import { MB, type BenchContext, type Scenario } from '../scenario.js';
import { generateTrace, interleavedEvents, materialize, play, type SpanEvent } from '../spans.js';

/**
 * 6. From a burst of spans to disk: the time from the burst until the write holding its last span has
 * landed, against the debounce plus the duration of that write. Once for a session the burst starts,
 * once for a running session whose file was written before and is idle.
 */

// setTimeout fires on a 1 ms clock and never early; this much lateness is the timer's, not the design's.
const TIMER_GRANULARITY_MS = 2;
const WAIT_LIMIT_MS = 30_000;

interface Landing {
  latencyMs: number;
  /** From the start of the write cycle that landed the burst (or of its exportSession) to the landing. */
  writeMs: number;
  exportMs: number;
  /** The session's write before the burst (what the scheduler stretches its delay by), if any. */
  previousWriteMs: number | undefined;
}

function nextWrite(recording: RecordingExporter, landed: (write: RecordedWrite) => boolean): Promise<RecordedWrite> {
  return new Promise((resolve, reject) => {
    const timeout = setTimeout(() => reject(new Error('the burst never reached the disk')), WAIT_LIMIT_MS);
    recording.onWrite = (write) => {
      if (!landed(write)) return;
      clearTimeout(timeout);
      recording.onWrite = undefined;
      resolve(write);
    };
  });
}

interface Probes {
  recording: RecordingExporter;
  cycles: WriteCycles | undefined;
}

async function burst(processor: SessionSpanProcessor, { recording, cycles }: Probes, events: SpanEvent[], sessionId: string, endedAfter: number): Promise<Landing> {
  const previous = recording.writes.filter((write) => write.ok && write.sessionId === sessionId).at(-1);
  const written = nextWrite(recording, (write) => write.ok && write.sessionId === sessionId && write.spanCount - write.openSpanCount >= endedAfter);
  const start = performance.now();
  play(processor, events);
  const write = await written;
  // The cycle is recorded when writeSnapshot returns, just after its exportSession resolved.
  await yieldToEventLoop();
  const writeStart = cycles?.around(sessionId, write.start)?.start ?? write.start;
  return {
    latencyMs: write.end - start,
    writeMs: write.end - writeStart,
    exportMs: write.end - write.start,
    previousWriteMs: previous && previous.end - previous.start,
  };
}

function summarize(id: string, label: string, landings: Landing[], debounceMs: number): { row: Row; target: Target } {
  const latency = median(landings.map((l) => l.latencyMs));
  const write = median(landings.map((l) => l.writeMs));
  const exportMs = median(landings.map((l) => l.exportMs));
  const waited = median(landings.map((l) => l.latencyMs - l.writeMs));
  const previous = landings.filter((l) => l.previousWriteMs !== undefined).map((l) => l.previousWriteMs!);
  const before = previous.length > 0 ? `; the session's previous write took ${median(previous).toFixed(1)} ms` : '';
  return {
    row: {
      label,
      ms: latency,
      note: `of which the write ${write.toFixed(1)} ms (exportSession ${exportMs.toFixed(1)} ms); before it ${waited.toFixed(1)} ms (debounce ${debounceMs} ms)${before}`,
    },
    target: target(
      id,
      `${label}: wait before the landing write`,
      waited,
      debounceMs + TIMER_GRANULARITY_MS,
      'ms',
      `(latency ${latency.toFixed(1)} ms = wait + write ${write.toFixed(1)} ms; limit = debounceMs + ${TIMER_GRANULARITY_MS} ms timer granularity)`,
    ),
  };
}

async function run(context: BenchContext): Promise<ScenarioResult[]> {
  const { options, dir } = context;
  const { spans, debounceMs, runningSessionMB } = options.burst;
  const rounds = options.warmup + options.rounds;
  const directory = dir.fresh('burst');
  const recording = new RecordingExporter(new SessionFileExporter({ directory }));
  const processor = new SessionSpanProcessor({ exporter: recording, exitHook: false, debounceMs });
  const probes: Probes = { recording, cycles: WriteCycles.attach(processor) };

  const fresh = materialize(generateTrace({ label: 'burst-new', sessions: rounds, spansPerSession: spans, payloadChars: 300 }));
  const newSession: Landing[] = [];
  for (const [round, session] of fresh.entries()) {
    const landing = await burst(processor, probes, interleavedEvents([session], true), session.id, spans);
    if (round >= options.warmup) newSession.push(landing);
    processor.onEnd(session.root);
    await processor.forceFlush();
  }

  context.progress(`6: a running session of ${runningSessionMB} MB`);
  const [running] = materialize(
    generateTrace({ label: 'burst-running', sessions: 1, spansPerSession: Number.MAX_SAFE_INTEGER, bytesPerSession: runningSessionMB * MB, payloadChars: 300 }),
  );
  const events = interleavedEvents([running!], true);
  const reserve = 2 * spans * rounds;
  play(processor, events, 0, events.length - reserve);
  await processor.forceFlush();
  let ended = running!.children.length - reserve / 2;
  const runningSession: Landing[] = [];
  for (let round = 0; round < rounds; round++) {
    await sleep(debounceMs);
    const from = events.length - reserve + round * 2 * spans;
    ended += spans;
    const landing = await burst(processor, probes, events.slice(from, from + 2 * spans), running!.id, ended);
    if (round >= options.warmup) runningSession.push(landing);
  }
  await processor.shutdown();
  dir.discard(directory);

  const a = summarize('6', `new session, burst of ${spans}`, newSession, debounceMs);
  const b = summarize('6', `running ${runningSessionMB} MB session, burst of ${spans}`, runningSession, debounceMs);
  return [
    {
      id: '6',
      title: `Burst to disk: ${spans} spans ended at once, time until the last one is in the file (debounceMs ${debounceMs})`,
      method:
        `SessionSpanProcessor + SessionFileExporter wrapped to timestamp each landed write; latency = burst → exportSession resolved with all ${spans} spans; ` +
        `one write = the processor's write cycle that landed it (encode, render, export); median of ${options.rounds} bursts after ${options.warmup} warm-up`,
      rows: [a.row, b.row],
      targets: [a.target, b.target],
      notes: [],
    },
  ];
}

export const burstToDisk: Scenario = { id: '6', run };
