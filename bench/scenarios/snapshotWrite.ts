import { unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { ExportResultCode } from '@opentelemetry/core';
import { SessionFileExporter } from '../../src/index.js';
import { sessionFileChunks } from '../../src/fs/sessionFileChunks.js';
import { replaceAtomically, writeFileDurablySync } from '../contenders/rawWrite.js';
import { captureSnapshot, largeSessions } from '../largeSession.js';
import { runRounds } from '../measure.js';
import { target, timedRows, type ScenarioResult } from '../report.js';
import { MB, type BenchContext, type Scenario } from '../scenario.js';

/**
 * 2. One full write of a large session whose spans are already encoded: `exportSession` (temporary
 * file, the snapshot's chunks written where they lie, fsync, rename) against the floor, `writeFileSync` +
 * `fsync` of the very same bytes into a new file.
 */

const CONTENDERS = [
  'exportSession',
  'writeFileSync+fsync',
  'writeFileSync+fsync over the old file',
  'atomic replace floor',
] as const;
type Name = (typeof CONTENDERS)[number];
const REFERENCE: Name = 'writeFileSync+fsync';

const NOTES: Record<Name, string> = {
  exportSession: "SessionFileExporter: the snapshot's chunks written where they lie (tmp, write, fsync, rename)",
  'writeFileSync+fsync': 'the same bytes into a new file, fsync (the physical floor)',
  'writeFileSync+fsync over the old file': 'the same, truncating the previous round\'s file (frees its blocks)',
  'atomic replace floor': 'tmp file, one writev of the snapshot\'s chunks, fsync, rename over the old file',
};

async function run(context: BenchContext): Promise<ScenarioResult[]> {
  const { options, dir } = context;
  context.progress(`2: building a ${options.snapshotMB} MB session`);
  const [session] = largeSessions('snapshot', 1, options.snapshotMB, options.largePayloadChars);
  const { snapshot, firstWriteMs } = await captureSnapshot(session!);
  const parts = sessionFileChunks(snapshot);
  const bytes = Buffer.concat(parts);
  const directory = dir.fresh('snapshot');
  const exporter = new SessionFileExporter({ directory });
  const samples = await runRounds<Name>({
    contenders: CONTENDERS,
    rounds: options.heavyRounds,
    warmup: options.warmup,
    run: async (name, round) => {
      const start = performance.now();
      if (name === 'exportSession') {
        const result = await exporter.exportSession(snapshot);
        if (result.code !== ExportResultCode.SUCCESS) throw result.error ?? new Error('exportSession failed');
      } else if (name === 'writeFileSync+fsync over the old file') {
        writeFileDurablySync(join(directory, 'over.json'), bytes);
      } else if (name === 'atomic replace floor') {
        await replaceAtomically(join(directory, 'floor.json'), parts);
      } else {
        const path = join(directory, `raw-${round}.json`);
        writeFileDurablySync(path, bytes);
        const ms = performance.now() - start;
        unlinkSync(path);
        return ms;
      }
      return performance.now() - start;
    },
  });
  await exporter.shutdown();
  dir.discard(directory);
  const megabytes = bytes.length / MB;
  const rows = timedRows(samples, REFERENCE, megabytes, NOTES);
  const ratio = rows[0]!.ratio;
  const atomic = rows.find((row) => row.label === 'atomic replace floor')!;
  return [
    {
      id: '2',
      title: `Snapshot write of a ${megabytes.toFixed(1)} MB session (${session!.children.length + 1} spans, already encoded)`,
      method: `one exportSession of the captured snapshot vs writeFileSync+fsync of its exact bytes; median of ${options.heavyRounds} rounds after ${options.warmup} warm-up, rotating order; ratio = median of per-round ratios`,
      rows,
      targets: [
        target(
          '2',
          'exportSession vs writeFileSync+fsync',
          ratio,
          1.5,
          '×',
          `(${rows[0]!.ms.toFixed(0)} vs ${rows[1]!.ms.toFixed(0)} ms; the atomic replace floor is ${atomic.ratio.toFixed(2)}×)`,
        ),
      ],
      notes: [`encoding the session's spans before that (the processor's first write, not counted above): ${firstWriteMs.toFixed(0)} ms`],
    },
  ];
}

export const snapshotWrite: Scenario = { id: '2', run };
