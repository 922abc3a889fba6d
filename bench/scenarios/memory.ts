import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SessionFileExporter, SessionSpanProcessor } from '../../src/index.js';
import { collectGarbage, heldBytes, heldParts, median, sleep } from '../measure.js';
import { target, type ScenarioResult } from '../report.js';
import { MB, type BenchContext, type Scenario } from '../scenario.js';
import { encodedBytes, generateTrace, interleavedEvents, materialize, play } from '../spans.js';

/**
 * 7. Memory: what the processor holds for ended spans once they are encoded (V8 heap plus Buffers,
 * after full collections), against the bytes of their OTLP/JSON; and that it gives everything back
 * once the sessions have ended and their files have landed.
 */

const HELD_LIMIT = 1.2;
const RETURN_LIMIT_MB = 5;
const SETTLE_MS = 50;

async function run(context: BenchContext): Promise<ScenarioResult[]> {
  const { options, dir } = context;
  const { sessions, spans } = options.memory;
  const material = materialize(
    generateTrace({ label: 'memory', sessions, spansPerSession: Math.round(spans / sessions), payloadChars: options.hotPath.payloadChars }),
  );
  const ended = material.flatMap((session) => session.children);
  const jsonBytes = encodedBytes(ended);
  const events = interleavedEvents(material, true);
  const held: number[] = [];
  const after: number[] = [];
  const externals: number[] = [];
  for (let round = 0; round < options.warmup + options.heavyRounds; round++) {
    const directory = dir.fresh('memory');
    const processor = new SessionSpanProcessor({ exporter: new SessionFileExporter({ directory }), exitHook: false });
    await collectGarbage();
    const baseline = heldBytes();
    const baseParts = heldParts();
    play(processor, events);
    await processor.forceFlush();
    await collectGarbage();
    const holding = heldBytes() - baseline;
    const parts = heldParts();
    const external = parts.external - baseParts.external;
    for (const session of material) processor.onEnd(session.root);
    await processor.forceFlush();
    await sleep(SETTLE_MS);
    const completed = readdirSync(directory).filter((name) => readFileSync(join(directory, name), 'latin1').slice(0, 200).includes('"status":"completed"'));
    if (completed.length !== sessions) throw new Error(`${completed.length} of ${sessions} session files are complete`);
    await collectGarbage();
    const left = heldBytes() - baseline;
    await processor.shutdown();
    dir.discard(directory);
    context.progress(`7: held ${(holding / MB).toFixed(1)} MB for ${(jsonBytes / MB).toFixed(1)} MB of JSON, ${(left / MB).toFixed(1)} MB left after`);
    if (round < options.warmup) continue;
    held.push(holding);
    externals.push(external);
    after.push(left);
  }
  const heldMB = median(held) / MB;
  const jsonMB = jsonBytes / MB;
  const leftMB = median(after) / MB;
  return [
    {
      id: '7',
      title: `Memory: ${ended.length} ended spans in ${sessions} running sessions, encoded`,
      method:
        `process.memoryUsage() heapUsed + external after full GCs (--expose-gc), minus the same before the spans were fed ` +
        `(the bench's own span objects are in both); median of ${options.heavyRounds} rounds after ${options.warmup} warm-up`,
      rows: [
        { label: 'OTLP/JSON of the ended spans', reference: true, heapMB: jsonMB, ratio: 1, note: 'encodeSpan bytes + 1 comma each' },
        {
          label: 'held by the processor',
          heapMB: heldMB,
          ratio: heldMB / jsonMB,
          note: `after forceFlush: everything encoded and written; ${(median(externals) / MB).toFixed(1)} MB of it in Buffers (the encoded text), the rest V8 heap`,
        },
        { label: 'left after sessions ended', heapMB: leftMB, note: 'roots ended, final files landed, sessions released' },
      ],
      targets: [
        target('7', 'memory held vs JSON bytes', heldMB / jsonMB, HELD_LIMIT, '×', `(${heldMB.toFixed(1)} MB for ${jsonMB.toFixed(1)} MB)`),
        target('7', 'memory left after sessions end', leftMB, RETURN_LIMIT_MB, 'MB', 'above the baseline'),
      ],
      notes: [],
    },
  ];
}

export const memory: Scenario = { id: '7', run };
