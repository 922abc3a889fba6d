import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace';
import { SessionFileExporter, SessionSpanProcessor } from '../../src/index.js';
import { SerializerFileExporter } from '../contenders/SerializerFileExporter.js';
import { GcPauses, median, pairedRatio, runRounds, sleep } from '../measure.js';
import { target, type Row, type ScenarioResult } from '../report.js';
import { threadCpu, threadCpuSince } from '../threadCpu.js';
import { MB, type BenchContext, type Scenario } from '../scenario.js';
import { benchProvider, benchTracer, generateTrace, Replay } from '../spans.js';

/**
 * 8. All in: what the plugin costs a process in total, from the first span to the last byte on disk,
 * against what would otherwise get the same spans into a file: `BatchSpanProcessor` with an exporter
 * that serializes each batch with the official OTLP `JsonTraceSerializer` and appends it as one line.
 * Process CPU time (user + system, every thread: the file writes of the thread pool count) from the
 * first span to the end of `shutdown()`; spans arrive in chunks with pauses, as in 1b.
 */

const CONTENDERS = ['session-file', 'session-file, redaction off', 'batch + JsonTraceSerializer to file'] as const;
type Name = (typeof CONTENDERS)[number];
const REFERENCE: Name = 'batch + JsonTraceSerializer to file';
const SPANS_PER_CHUNK = 256;
const PAUSE_MS = 1;

function processorFor(name: Name, directory: string, spanCount: number): SpanProcessor {
  if (name === REFERENCE) {
    // Its default queue (2,048) drops spans when an export falls behind on a loaded machine: a contender
    // that writes less would look cheaper. Both must leave every span on disk.
    return new BatchSpanProcessor({ exporter: new SerializerFileExporter(join(directory, 'spans.jsonl')), maxQueueSize: spanCount });
  }
  return new SessionSpanProcessor({
    exporter: new SessionFileExporter({ directory }),
    exitHook: false,
    redact: name === 'session-file',
  });
}

/** Where the CPU time went, where the platform tells it per thread. */
function threadsNote(main: number[], others: number[]): string {
  return main.length === 0 ? '' : `main thread ${median(main).toFixed(0)} + other threads ${median(others).toFixed(0)} ms; `;
}

function bytesIn(directory: string): number {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json') || name.endsWith('.jsonl'))
    .reduce((total, name) => total + statSync(join(directory, name)).size, 0);
}

async function run(context: BenchContext): Promise<ScenarioResult[]> {
  const { options, dir } = context;
  const { sessions, spansPerSession, payloadChars } = options.hotPath;
  const blueprint = generateTrace({ label: 'all-in', sessions, spansPerSession, payloadChars });
  const spanCount = sessions * (spansPerSession + 1);
  const bytes: Record<string, number[]> = Object.fromEntries(CONTENDERS.map((name) => [name, []]));
  const blocks: Record<string, number[]> = Object.fromEntries(CONTENDERS.map((name) => [name, []]));
  const collections: Record<string, number[]> = Object.fromEntries(CONTENDERS.map((name) => [name, []]));
  const fullCollections: Record<string, number[]> = Object.fromEntries(CONTENDERS.map((name) => [name, []]));
  const mainThread: Record<string, number[]> = Object.fromEntries(CONTENDERS.map((name) => [name, []]));
  const otherThreads: Record<string, number[]> = Object.fromEntries(CONTENDERS.map((name) => [name, []]));
  const samples = await runRounds<Name>({
    contenders: CONTENDERS,
    rounds: options.heavyRounds,
    warmup: options.warmup,
    run: async (name, round) => {
      const directory = dir.fresh('all-in');
      const provider = benchProvider([processorFor(name, directory, spanCount)]);
      const replay = new Replay(benchTracer(provider), blueprint);
      const chunks = Math.ceil(replay.childCount / SPANS_PER_CHUNK);
      const loop = monitorEventLoopDelay({ resolution: 2 });
      loop.enable();
      const gc = new GcPauses();
      const started = performance.now();
      const threadsBefore = threadCpu();
      const before = process.cpuUsage();
      replay.startRoots();
      for (let index = 0; index < chunks; index++) {
        replay.children(index * SPANS_PER_CHUNK, Math.min(replay.childCount, (index + 1) * SPANS_PER_CHUNK));
        await sleep(PAUSE_MS);
      }
      replay.endRoots();
      await provider.shutdown();
      const used = process.cpuUsage(before);
      const threads = threadCpuSince(threadsBefore);
      const ended = performance.now();
      loop.disable();
      await gc.stop();
      const ms = (used.user + used.system) / 1000;
      if (round >= options.warmup) {
        bytes[name]!.push(bytesIn(directory));
        blocks[name]!.push(loop.max / 1e6);
        collections[name]!.push(gc.totalWithin([[started, ended]]));
        fullCollections[name]!.push(gc.majorWithin([[started, ended]]));
        if (threads !== undefined) {
          mainThread[name]!.push(threads.mainMs);
          otherThreads[name]!.push(threads.othersMs);
        }
      }
      dir.discard(directory);
      context.progress(`8: ${name} ${ms.toFixed(0)} ms CPU`);
      return ms;
    },
  });
  const rows: Row[] = CONTENDERS.map((name) => ({
    label: name,
    reference: name === REFERENCE,
    ms: median(samples[name]),
    ratio: pairedRatio(samples[name], samples[REFERENCE]),
    note: `${(median(bytes[name]!) / MB).toFixed(1)} MB on disk; ${threadsNote(mainThread[name]!, otherThreads[name]!)}GC ${median(collections[name]!).toFixed(0)} ms, ${median(fullCollections[name]!)} full; longest event-loop delay ${median(blocks[name]!).toFixed(0)} ms`,
  }));
  const session = rows[0]!;
  return [
    {
      id: '8',
      title: `All in: process CPU time from the first span to shutdown(), ${sessions} sessions, ${spanCount} spans, 10 attributes`,
      method:
        `the same spans replayed through a real TracerProvider per contender (span creation included for all), ${SPANS_PER_CHUNK} spans per chunk, ` +
        `${PAUSE_MS} ms pauses; ms = process.cpuUsage() user + system; main/other threads: /proc/self/task (other threads: V8's GC helpers and libuv's pool); GC: pauses of the main thread's collections, and how many were full (mark-compact); event-loop delay: monitorEventLoopDelay max (a chunk itself takes ~1 ms); median of ${options.heavyRounds} rounds after ${options.warmup} warm-up; ratio = median of per-round ratios`,
      rows,
      targets: [
        target('8', 'all-in CPU vs BatchSpanProcessor + JsonTraceSerializer to file', session.ratio!, 1.25, '×', `(${session.ms!.toFixed(0)} vs ${rows[2]!.ms!.toFixed(0)} ms CPU; redaction off ${rows[1]!.ratio!.toFixed(2)}×)`),
      ],
      notes: [],
    },
  ];
}

export const allIn: Scenario = { id: '8', run };
