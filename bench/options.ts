import { parseArgs } from 'node:util';

/**
 * Command-line options and the sizes of every scenario, full or `--quick` (CI: fewer rounds, smaller
 * sessions, under a minute in all).
 */

export interface BenchOptions {
  mode: 'full' | 'quick';
  /** Measured rounds of the cheap scenarios, and of the heavy ones (tens of MB per round). */
  rounds: number;
  heavyRounds: number;
  warmup: number;
  /** Write the results as JSON to `out`. */
  json: boolean;
  out: string;
  /** Exit with code 1 when a target fails. */
  strict: boolean;
  /** Scenario ids to run (`1`, `3`…); all when empty. */
  only: Set<string>;
  hotPath: { sessions: number; spansPerSession: number; payloadChars: number };
  snapshotMB: number;
  eventLoopMB: number;
  growth: { mb: number; seconds: number };
  /** The large sessions of 5, and the count of small ones of 5b. */
  crash: { sessions: number; totalMB: number; smallSessions: number };
  burst: { spans: number; debounceMs: number; runningSessionMB: number };
  memory: { sessions: number; spans: number };
  /** Mean prompt length of the large sessions' spans (about 2.7 kB of JSON per span). */
  largePayloadChars: number;
}

const USAGE = `usage: npm run bench -- [--quick] [--json --out <file>] [--only 1,3] [--strict]

  --quick    fewer rounds and smaller sessions (CI, < 60 s)
  --json     also write the results as JSON to --out (default .bench/results.json)
  --only     run only these scenarios (1 to 8)
  --strict   exit with code 1 when a target fails`;

export function parseOptions(argv: string[]): BenchOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      out: { type: 'string', default: '.bench/results.json' },
      only: { type: 'string', default: '' },
      strict: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const quick = values.quick === true;
  const only = new Set(values.only.split(',').map((id) => id.trim()).filter((id) => id !== ''));
  return {
    mode: quick ? 'quick' : 'full',
    rounds: quick ? 3 : 5,
    heavyRounds: quick ? 3 : 5,
    warmup: 1,
    json: values.json === true,
    out: values.out,
    strict: values.strict === true,
    only,
    hotPath: { sessions: 100, spansPerSession: quick ? 200 : 1000, payloadChars: 300 },
    snapshotMB: quick ? 5 : 20,
    eventLoopMB: quick ? 12 : 50,
    growth: quick ? { mb: 12, seconds: 3 } : { mb: 50, seconds: 12 },
    crash: { sessions: 10, totalMB: quick ? 10 : 50, smallSessions: quick ? 200 : 1000 },
    burst: { spans: 8, debounceMs: 100, runningSessionMB: quick ? 0.5 : 1 },
    memory: { sessions: 100, spans: quick ? 20_000 : 100_000 },
    largePayloadChars: 2000,
  };
}
