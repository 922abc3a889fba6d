import { monitorEventLoopDelay } from 'node:perf_hooks';
import { SessionFileExporter, SessionSpanProcessor } from '../../src/index.js';
import { largeSessions } from '../largeSession.js';
import { GcPauses, median } from '../measure.js';
import { target, type Row, type ScenarioResult } from '../report.js';
import type { BenchContext, Scenario } from '../scenario.js';
import { interleavedEvents, play } from '../spans.js';

/**
 * 3. The event loop while a large session is written asynchronously: the longest delay
 * `monitorEventLoopDelay` sees, for the first write (every span encoded in that write) and for a
 * rewrite (one new span, everything else already encoded), with the longest GC pause in the window.
 */

const RESOLUTION_MS = 2;
const LIMIT_MS = 20;

interface Window {
  maxDelayMs: number;
  durationMs: number;
  longestGcMs: number;
}

async function observe(body: () => Promise<void>): Promise<Window> {
  const gc = new GcPauses();
  const histogram = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
  histogram.enable();
  const start = performance.now();
  await body();
  const end = performance.now();
  histogram.disable();
  await gc.stop();
  return { maxDelayMs: histogram.max / 1e6, durationMs: end - start, longestGcMs: gc.longestWithin(start, end) };
}

async function run(context: BenchContext): Promise<ScenarioResult[]> {
  const { options, dir } = context;
  context.progress(`3: building a ${options.eventLoopMB} MB session`);
  const [session] = largeSessions('loop', 1, options.eventLoopMB, options.largePayloadChars);
  const events = interleavedEvents([session!], true);
  const heldBack = 2;
  const first: Window[] = [];
  const rewrite: Window[] = [];
  for (let round = 0; round < options.warmup + options.heavyRounds; round++) {
    const directory = dir.fresh('loop');
    const processor = new SessionSpanProcessor({
      exporter: new SessionFileExporter({ directory }),
      exitHook: false,
      maxSpansPerSession: events.length,
    });
    play(processor, events, 0, events.length - heldBack);
    const a = await observe(() => processor.forceFlush());
    play(processor, events, events.length - heldBack);
    const b = await observe(() => processor.forceFlush());
    await processor.shutdown();
    dir.discard(directory);
    context.progress(`3: first write ${a.maxDelayMs.toFixed(1)} ms max delay, rewrite ${b.maxDelayMs.toFixed(1)} ms`);
    if (round < options.warmup) continue;
    first.push(a);
    rewrite.push(b);
  }
  const row = (label: string, windows: Window[]): Row => ({
    label,
    ms: median(windows.map((w) => w.maxDelayMs)),
    note:
      `worst round ${Math.max(...windows.map((w) => w.maxDelayMs)).toFixed(1)} ms; ` +
      `the write took ${median(windows.map((w) => w.durationMs)).toFixed(0)} ms; ` +
      `longest GC pause in it ${median(windows.map((w) => w.longestGcMs)).toFixed(1)} ms`,
  });
  const rows = [row('first write (encodes all spans): longest delay', first), row('rewrite (spans encoded): longest delay', rewrite)];
  return [
    {
      id: '3',
      title: `Event loop while a ${options.eventLoopMB} MB session (${session!.children.length + 1} spans) is written asynchronously`,
      method:
        `monitorEventLoopDelay({ resolution: ${RESOLUTION_MS} }).max around processor.forceFlush() (real SessionFileExporter), ` +
        `which includes up to one resolution tick; median over ${options.heavyRounds} rounds after ${options.warmup} warm-up`,
      rows,
      targets: [
        target('3', 'longest event-loop delay, rewrite', rows[1]!.ms!, LIMIT_MS, 'ms', ''),
        target('3', 'longest event-loop delay, first write', rows[0]!.ms!, LIMIT_MS, 'ms', '(every span encoded in this write)'),
      ],
      notes: [],
    },
  ];
}

export const eventLoop: Scenario = { id: '3', run };
