import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseOptions } from './options.js';
import { describeMachine, describeSource, formatMachine, formatScenario, formatSource, formatSummary, writeJson, type ScenarioResult } from './report.js';
import type { BenchContext, Scenario } from './scenario.js';
import { allIn } from './scenarios/allIn.js';
import { burstToDisk } from './scenarios/burstToDisk.js';
import { crashPath } from './scenarios/crashPath.js';
import { eventLoop } from './scenarios/eventLoop.js';
import { hotPath } from './scenarios/hotPath.js';
import { memory } from './scenarios/memory.js';
import { snapshotWrite } from './scenarios/snapshotWrite.js';
import { writeAmplification } from './scenarios/writeAmplification.js';
import { BenchDir } from './tempDir.js';

/**
 * `npm run bench`: every scenario in one process, contenders side by side on the same spans, one table
 * per scenario and PASS/FAIL per target. Results go to stdout, progress to stderr.
 */

const SCENARIOS: readonly Scenario[] = [hotPath, snapshotWrite, eventLoop, writeAmplification, crashPath, burstToDisk, memory, allIn];

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const selected = SCENARIOS.filter((scenario) => options.only.size === 0 || options.only.has(scenario.id));
  if (selected.includes(memory) && typeof globalThis.gc !== 'function') {
    console.error('scenario 7 measures the heap after full collections: run `npm run bench` (node --expose-gc --import tsx bench/run.ts)');
    process.exit(2);
  }
  const startedAt = new Date();
  const dir = new BenchDir();
  process.once('SIGINT', () => {
    dir.remove();
    process.exit(130);
  });
  const context: BenchContext = {
    options,
    dir,
    progress: (message) => process.stderr.write(`  … ${message}\n`),
  };
  const machine = describeMachine();
  const source = describeSource();
  console.log(`otel-session-file bench (${options.mode})`);
  console.log(formatMachine(machine));
  console.log(formatSource(source));
  console.log('');
  const results: ScenarioResult[] = [];
  try {
    for (const scenario of selected) {
      for (const result of await scenario.run(context)) {
        results.push(result);
        console.log(formatScenario(result));
        console.log('');
      }
    }
  } finally {
    dir.remove();
  }
  const durationS = (Date.now() - startedAt.getTime()) / 1000;
  console.log(formatSummary(results));
  console.log(`\ntook ${durationS.toFixed(0)} s`);
  if (options.json) {
    mkdirSync(dirname(options.out), { recursive: true });
    writeJson(options.out, { startedAt: startedAt.toISOString(), source, durationS, mode: options.mode, machine, scenarios: results });
    console.log(`results written to ${options.out}`);
  }
  if (options.strict && results.some((result) => result.targets.some((t) => !t.pass))) process.exitCode = 1;
}

await main();
