import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SessionFileExporter, SessionSpanProcessor } from '../../src/index.js';
import { replaceFileDurablySync, writeFileDurablySync } from '../contenders/rawWrite.js';
import { largeSessions } from '../largeSession.js';
import { runRounds, sleep } from '../measure.js';
import { target, timedRows, type ScenarioResult } from '../report.js';
import { MB, NEVER_MS, type BenchContext, type Scenario } from '../scenario.js';
import { generateTrace, interleavedEvents, materialize, play, type MaterializedSession, type SpanEvent } from '../spans.js';

/**
 * 5. The crash path: `flushSync` (what the exit hook runs) of 10 running sessions against the raw
 * synchronous write of the same bytes, one `writeFileSync` + `fsync` per file. Two starting states:
 * the usual one, where the sessions were written before and only the last 1% of their spans ended
 * since (20 ms before the exit), and the worst one, where nothing was written yet and the exit hook
 * encodes everything.
 *
 * 5b. The exit hook with many small running sessions (a server with a session per user): what it costs per
 * session against the floor of an atomic replace per file (create, write, fsync, rename).
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

const SMALL_CONTENDERS = ['flushSync', 'atomic replace per file'] as const;
type SmallName = (typeof SMALL_CONTENDERS)[number];
const SMALL_CHILDREN = 5;


async function smallSessions(context: BenchContext): Promise<ScenarioResult> {
  const { options, dir } = context;
  const count = options.crash.smallSessions;
  const blueprint = generateTrace({ label: 'small', sessions: count, spansPerSession: SMALL_CHILDREN, payloadChars: 60 });
  const sessions = materialize(blueprint);
  const events = interleavedEvents(sessions, true);
  let files: Buffer[] = [];

  async function exitWrite(): Promise<number> {
    const directory = dir.fresh('small');
    const processor = new SessionSpanProcessor({ exporter: new SessionFileExporter({ directory }), exitHook: false });
    play(processor, events);
    await processor.forceFlush();
    const start = performance.now();
    processor.flushSync({ reason: 'signal', signal: 'SIGTERM' });
    const ms = performance.now() - start;
    if (files.length === 0) files = sessionFiles(directory);
    dir.discard(directory);
    return ms;
  }

  context.progress(`5b: ${count} small sessions`);
  await exitWrite();
  const directory = dir.fresh('small-raw');
  files.forEach((file, i) => replaceFileDurablySync(join(directory, `raw-${i}.json`), file));
  const samples = await runRounds<SmallName>({
    contenders: SMALL_CONTENDERS,
    rounds: options.heavyRounds,
    warmup: options.warmup,
    run: async (name) => {
      if (name === 'flushSync') return exitWrite();
      const start = performance.now();
      files.forEach((file, i) => replaceFileDurablySync(join(directory, `raw-${i}.json`), file));
      return performance.now() - start;
    },
  });
  dir.discard(directory);
  const bytes = files.reduce((total, file) => total + file.length, 0);
  const rows = timedRows<SmallName>(samples, 'atomic replace per file', bytes / MB, {
    flushSync: `each session running, written before, its root open: written as crashed`,
    'atomic replace per file': 'the same files: new temporary file, write, fsync, rename over the old file (the floor)',
  });
  const perSession = rows[0]!.ms / count;
  return {
    id: '5b',
    title: `Exit hook with ${count} small running sessions (${SMALL_CHILDREN} ended spans each, ${(bytes / count / 1024).toFixed(1)} kB per file)`,
    method: `processor.flushSync() with a real SessionFileExporter vs the same files replaced atomically, one by one; median of ${options.heavyRounds} rounds after ${options.warmup} warm-up; ratio = median of per-round ratios`,
    rows,
    targets: [
      target('5b', 'exit hook per small session', perSession, 0.1, 'ms', `(${count} sessions in ${rows[0]!.ms.toFixed(0)} ms, ${rows[0]!.ratio.toFixed(2)}× the atomic-replace floor of ${(rows[1]!.ms / count).toFixed(3)} ms per file)`),
    ],
    notes: [],
  };
}

export const crashPath: Scenario = { id: '5', run: async (context) => [...(await run(context)), await smallSessions(context)] };
