import { SessionFileExporter, SessionSpanProcessor } from '../../src/index.js';
import { RecordingExporter } from '../contenders/RecordingExporter.js';
import { WriteCycles } from '../contenders/WriteCycles.js';
import { largeSessions } from '../largeSession.js';
import { median, sleep, sum } from '../measure.js';
import { target, type ScenarioResult } from '../report.js';
import { MB, type BenchContext, type Scenario } from '../scenario.js';
import { interleavedEvents, play } from '../spans.js';

/**
 * 4. Write amplification: one session grows steadily to its final size over a fixed wall time (spans
 * end at a steady rate, every 10 ms), then its root ends. The processor rewrites the whole file each
 * time and stretches its debounce as writes get slower; this measures what that costs in time spent
 * writing and in bytes written per byte of trace.
 */

const TICK_MS = 10;
const WRITE_SHARE_LIMIT = 10;

interface Growth {
  wallMs: number;
  exportMs: number;
  cycleMs: number | undefined;
  writes: number;
  bytesWritten: number;
  finalBytes: number;
}

async function run(context: BenchContext): Promise<ScenarioResult[]> {
  const { options, dir } = context;
  const { mb, seconds } = options.growth;
  context.progress(`4: building a ${mb} MB session`);
  const [session] = largeSessions('growth', 1, mb, options.largePayloadChars);
  const events = interleavedEvents([session!], true);
  const runs: Growth[] = [];
  for (let round = 0; round < options.warmup + options.heavyRounds; round++) {
    const warm = round < options.warmup;
    const durationMs = (warm ? Math.min(seconds, 2) : seconds) * 1000;
    const directory = dir.fresh('growth');
    const recording = new RecordingExporter(new SessionFileExporter({ directory }));
    const processor = new SessionSpanProcessor({ exporter: recording, exitHook: false, maxSpansPerSession: events.length });
    const cycles = WriteCycles.attach(processor);
    const start = performance.now();
    let next = 0;
    while (next < events.length) {
      const due = Math.ceil(events.length * Math.min(1, (performance.now() - start) / durationMs));
      if (due > next) {
        play(processor, events, next, due);
        next = due;
      }
      await sleep(TICK_MS);
    }
    processor.onEnd(session!.root);
    await processor.forceFlush();
    const wallMs = performance.now() - start;
    await processor.shutdown();
    dir.discard(directory);
    const landed = recording.writes.filter((write) => write.ok);
    const growth: Growth = {
      wallMs,
      exportMs: sum(recording.writes.map((write) => write.end - write.start)),
      cycleMs: cycles?.totalMs(),
      writes: landed.length,
      bytesWritten: sum(landed.map((write) => write.bytes)),
      finalBytes: landed.at(-1)?.bytes ?? 0,
    };
    context.progress(
      `4: ${growth.writes} writes in ${(wallMs / 1000).toFixed(1)} s, ${((100 * growth.exportMs) / wallMs).toFixed(1)}% writing, ` +
        `${(growth.bytesWritten / growth.finalBytes).toFixed(1)} bytes written per byte`,
    );
    if (!warm) runs.push(growth);
  }
  const share = (of: (g: Growth) => number): number => median(runs.map((g) => (100 * of(g)) / g.wallMs));
  const exportShare = share((g) => g.exportMs);
  const amplification = median(runs.map((g) => g.bytesWritten / g.finalBytes));
  const finalMB = median(runs.map((g) => g.finalBytes)) / MB;
  const rows = [
    { label: 'wall time (grow, end the root, final write)', ms: median(runs.map((g) => g.wallMs)), note: `${median(runs.map((g) => g.writes))} writes` },
    { label: 'time in exportSession (writing)', ms: median(runs.map((g) => g.exportMs)), note: `${exportShare.toFixed(1)}% of wall time` },
    ...(runs.every((g) => g.cycleMs !== undefined)
      ? [{ label: 'write cycles incl. encoding new spans', ms: median(runs.map((g) => g.cycleMs!)), note: `${share((g) => g.cycleMs!).toFixed(1)}% of wall time` }]
      : []),
    {
      label: 'bytes written',
      mbPerSec: median(runs.map((g) => g.bytesWritten / MB / (g.wallMs / 1000))),
      note: `${(median(runs.map((g) => g.bytesWritten)) / MB).toFixed(0)} MB = ${amplification.toFixed(1)} bytes per byte of the final ${finalMB.toFixed(1)} MB file`,
    },
  ];
  return [
    {
      id: '4',
      title: `Write amplification: one session growing steadily to ${mb} MB over ${seconds} s`,
      method:
        `spans ended every ${TICK_MS} ms at a steady rate (processor defaults, real SessionFileExporter wrapped to time each ` +
        `exportSession and stat the file after it); median of ${options.heavyRounds} runs after a shorter warm-up run`,
      rows,
      targets: [target('4', 'share of wall time spent writing', exportShare, WRITE_SHARE_LIMIT, '%', `(${amplification.toFixed(1)} bytes written per byte of trace)`)],
      notes: [],
    },
  ];
}

export const writeAmplification: Scenario = { id: '4', run };
