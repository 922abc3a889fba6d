import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SessionFileExporter, SessionSpanProcessor } from '../../src/index.js';
import { PhaseClock } from '../contenders/PhaseClock.js';
import { flushDirectorySync, flushPlacedFileSync, placeFileSync, replaceFileDurablySync, writeFileDurablySync } from '../contenders/rawWrite.js';
import { largeSessions } from '../largeSession.js';
import { pairedRatio, runRounds, sleep } from '../measure.js';
import { target, timedRows, type ScenarioResult, type TimedRow } from '../report.js';
import { MB, NEVER_MS, type BenchContext, type Scenario } from '../scenario.js';
import { generateTrace, interleavedEvents, materialize, play, type MaterializedSession, type SpanEvent } from '../spans.js';

/**
 * 5. The crash path: `flushSync` (what the exit hook runs) of 10 running sessions against the raw
 * synchronous write of the same bytes, one `writeFileSync` + `fsync` per file. Two starting states:
 * the usual one, where the sessions were written before and only the last 1% of their spans ended
 * since (20 ms before the exit), and the worst one, where nothing was written yet and the exit hook
 * encodes everything.
 *
 * 5b. The exit hook with many small running sessions (a server with a session per user): how soon every
 * crash record is in place (renamed into `<id>.json`, where the end of the process cannot take it) and how
 * soon every one is durable, per session, against the floors of each done with plain `node:fs` calls.
 */

const CONTENDERS = ['flushSync, written before', 'writeFileSync+fsync', 'writeFileSync+fsync over the old files', 'flushSync, nothing written'] as const;
type Name = (typeof CONTENDERS)[number];
const REFERENCE: Name = 'writeFileSync+fsync';
const LATE_SHARE = 0.01;
/** How long before the exit the last spans ended: the background encoder has had turns of the event loop. */
const EXIT_AFTER_MS = 20;

/** The session files' bytes, without the claims that sit beside them. */
function sessionFiles(directory: string): Buffer[] {
  return readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .map((name) => readFileSync(join(directory, name)));
}

interface Split {
  early: SpanEvent[];
  late: SpanEvent[];
}

/** Every session's root started, all but the last 1% of each one's children ended early. */
function split(sessions: readonly MaterializedSession[]): Split {
  const early: SpanEvent[] = [];
  const late: SpanEvent[] = [];
  for (const session of sessions) {
    const events = interleavedEvents([session], true);
    const cut = events.length - 2 * Math.max(1, Math.round(session.children.length * LATE_SHARE));
    early.push(...events.slice(0, cut));
    late.push(...events.slice(cut));
  }
  return { early, late };
}

const NOTES: Record<Name, string> = {
  'flushSync, written before': `${Math.round(LATE_SHARE * 100)}% of spans ended since the last write, ${EXIT_AFTER_MS} ms before the exit; replaces each session's file`,
  'writeFileSync+fsync': "the same 10 files' bytes, one new file each (the physical floor)",
  'writeFileSync+fsync over the old files': 'the same, over files of the same size (frees their blocks, as a replace does)',
  'flushSync, nothing written': 'every span encoded inside flushSync (informational)',
};

async function run(context: BenchContext): Promise<ScenarioResult[]> {
  const { options, dir } = context;
  const { sessions: count, totalMB } = options.crash;
  context.progress(`5: building ${count} sessions of ${totalMB / count} MB`);
  const sessions = largeSessions('crash', count, totalMB / count, options.largePayloadChars);
  const { early, late } = split(sessions);
  const spans = sessions.reduce((total, session) => total + session.children.length + 1, 0);
  let files: Buffer[] = [];

  async function crash(writtenBefore: boolean): Promise<number> {
    const directory = dir.fresh('crash');
    const processor = new SessionSpanProcessor({
      exporter: new SessionFileExporter({ directory }),
      exitHook: false,
      debounceMs: NEVER_MS,
      maxDelayMs: NEVER_MS,
      maxSpansPerSession: spans,
    });
    play(processor, early);
    if (writtenBefore) await processor.forceFlush();
    play(processor, late);
    await sleep(EXIT_AFTER_MS);
    const start = performance.now();
    processor.flushSync({ reason: 'signal', signal: 'SIGTERM' });
    const ms = performance.now() - start;
    if (writtenBefore && files.length === 0) {
      files = sessionFiles(directory);
    }
    dir.discard(directory);
    return ms;
  }

  context.progress('5: a first crash write, for the bytes of the raw write');
  await crash(true);
  if (files.length !== count) throw new Error(`flushSync left ${files.length} files, expected ${count}`);
  const bytes = files.reduce((total, file) => total + file.length, 0);
  // Files of the same size already in place, as the crash write finds the session files it replaces.
  const overDirectory = dir.fresh('raw-over');
  const samples = await runRounds<Name>({
    contenders: CONTENDERS,
    rounds: options.heavyRounds,
    warmup: options.warmup,
    run: async (name) => {
      if (name === 'flushSync, written before') return crash(true);
      if (name === 'flushSync, nothing written') return crash(false);
      if (name === 'writeFileSync+fsync over the old files') {
        const start = performance.now();
        files.forEach((file, i) => writeFileDurablySync(join(overDirectory, `over-${i}.json`), file));
        return performance.now() - start;
      }
      const directory = dir.fresh('raw');
      const start = performance.now();
      files.forEach((file, i) => writeFileDurablySync(join(directory, `raw-${i}.json`), file));
      const ms = performance.now() - start;
      dir.discard(directory);
      return ms;
    },
  });
  dir.discard(overDirectory);
  const rows = timedRows(samples, REFERENCE, bytes / MB, NOTES);
  const written = rows[0]!;
  return [
    {
      id: '5',
      title: `Crash path: flushSync of ${count} running sessions, ${(bytes / MB).toFixed(1)} MB in all (${spans} spans)`,
      method: `processor.flushSync() with a real SessionFileExporter vs writeFileSync+fsync per file of the bytes it wrote; median of ${options.heavyRounds} rounds after ${options.warmup} warm-up, rotating order; ratio = median of per-round ratios`,
      rows,
      targets: [
        target(
          '5',
          'flushSync vs writeFileSync+fsync',
          written.ratio,
          1.3,
          '×',
          `(${written.ms.toFixed(0)} vs ${rows[1]!.ms.toFixed(0)} ms; over the old files the floor is ${rows[2]!.ratio.toFixed(2)}×; nothing written before: ${rows[3]!.ratio.toFixed(2)}×)`,
        ),
      ],
      notes: [],
    },
  ];
}

const SMALL_CONTENDERS = ['flushSync', 'place, then flush', 'atomic replace per file'] as const;
type SmallName = (typeof SMALL_CONTENDERS)[number];
const SMALL_ROWS = [
  'flushSync: every record in place',
  'flushSync: every record durable',
  'temp + write + rename per file',
  'the same, then fsync each file + the directory',
  'temp + write + fsync + rename per file',
] as const;
type SmallRow = (typeof SMALL_ROWS)[number];
const SMALL_CHILDREN = 5;

async function smallSessions(context: BenchContext): Promise<ScenarioResult> {
  const { options, dir } = context;
  const count = options.crash.smallSessions;
  const blueprint = generateTrace({ label: 'small', sessions: count, spansPerSession: SMALL_CHILDREN, payloadChars: 60 });
  const sessions = materialize(blueprint);
  const events = interleavedEvents(sessions, true);
  const clock = new PhaseClock();
  let files: Buffer[] = [];
  const samples = Object.fromEntries(SMALL_ROWS.map((row) => [row, [] as number[]])) as Record<SmallRow, number[]>;

  /** The exit write's two moments: every record renamed into place, and every record flushed to disk. */
  async function exitWrite(): Promise<{ placed: number; durable: number }> {
    const directory = dir.fresh('small');
    const exporter = new SessionFileExporter({ directory, fileSystem: clock.fileSystem });
    const processor = new SessionSpanProcessor({ exporter, exitHook: false });
    play(processor, events);
    await processor.forceFlush();
    clock.reset();
    const start = performance.now();
    processor.flushSync({ reason: 'signal', signal: 'SIGTERM' });
    const end = performance.now();
    if (files.length === 0) files = sessionFiles(directory);
    dir.discard(directory);
    return { placed: (clock.firstFlushAt ?? end) - start, durable: end - start };
  }

  context.progress(`5b: ${count} small sessions`);
  await exitWrite();
  /**
   * The floors run where flushSync runs: a fresh directory whose files were just written durably one by
   * one (as the exporter's writes before the exit left them), replaced, then removed.
   */
  function overFreshFiles(replace: (paths: string[], directory: string) => void): void {
    const directory = dir.fresh('small-raw');
    const paths = files.map((_, i) => join(directory, `raw-${i}.json`));
    files.forEach((file, i) => replaceFileDurablySync(paths[i]!, file));
    replace(paths, directory);
    dir.discard(directory);
  }
  await runRounds<SmallName>({
    contenders: SMALL_CONTENDERS,
    rounds: options.heavyRounds,
    warmup: options.warmup,
    run: async (name, round) => {
      const measured = round >= options.warmup;
      if (name === 'flushSync') {
        const { placed, durable } = await exitWrite();
        if (measured) samples['flushSync: every record in place'].push(placed);
        if (measured) samples['flushSync: every record durable'].push(durable);
        return durable;
      }
      let ms = 0;
      overFreshFiles((paths, directory) => {
        const start = performance.now();
        if (name === 'atomic replace per file') {
          files.forEach((file, i) => replaceFileDurablySync(paths[i]!, file));
          ms = performance.now() - start;
          if (measured) samples['temp + write + fsync + rename per file'].push(ms);
          return;
        }
        files.forEach((file, i) => placeFileSync(paths[i]!, file));
        const placed = performance.now() - start;
        paths.forEach(flushPlacedFileSync);
        flushDirectorySync(directory);
        ms = performance.now() - start;
        if (measured) samples['temp + write + rename per file'].push(placed);
        if (measured) samples['the same, then fsync each file + the directory'].push(ms);
      });
      return ms;
    },
  });
  const bytes = files.reduce((total, file) => total + file.length, 0);
  const rows = timedRows<SmallRow>(samples, 'temp + write + rename per file', bytes / MB, {
    'flushSync: every record in place': 'each session running, written before, its root open: renamed into place as crashed (phase 1)',
    'flushSync: every record durable': 'the same call to its end: each placed file and the directory flushed (phase 2)',
    'temp + write + rename per file': 'the same files over old ones just written durably in a fresh directory, no fsync (the floor of phase 1)',
    'the same, then fsync each file + the directory': 'reopened by path and flushed, then the directory (the floor of both phases)',
    'temp + write + fsync + rename per file': 'each file durable before its rename, as the exit write did before (informational)',
  });
  const [placed, durable, placeFloor, durableFloor] = rows;
  const perSession = (row: TimedRow) => row.ms / count;
  const durableRatio = pairedRatio(samples['flushSync: every record durable'], samples['the same, then fsync each file + the directory']);
  return {
    id: '5b',
    title: `Exit hook with ${count} small running sessions (${SMALL_CHILDREN} ended spans each, ${(bytes / count / 1024).toFixed(1)} kB per file)`,
    method:
      `processor.flushSync() with a real SessionFileExporter, its phases timed through the exporter's file-system seam, vs the same files ` +
      `replaced by plain node:fs calls; median of ${options.heavyRounds} rounds after ${options.warmup} warm-up; ratio = median of per-round ratios to phase 1's floor`,
    rows,
    targets: [
      target(
        '5b',
        'exit hook per small session, every crash record in place',
        perSession(placed!),
        0.1,
        'ms',
        `(${count} sessions in ${placed!.ms.toFixed(0)} ms, ${placed!.ratio.toFixed(2)}× the floor of ${perSession(placeFloor!).toFixed(3)} ms per file; ` +
          `every record durable: ${perSession(durable!).toFixed(3)} ms per session, ${durableRatio.toFixed(2)}× its floor of ${perSession(durableFloor!).toFixed(3)} ms)`,
      ),
    ],
    notes: [],
  };
}

export const crashPath: Scenario = { id: '5', run: async (context) => [...(await run(context)), await smallSessions(context)] };
