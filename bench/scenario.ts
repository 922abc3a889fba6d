import type { BenchOptions } from './options.js';
import type { ScenarioResult } from './report.js';
import type { BenchDir } from './tempDir.js';

/** What every scenario gets, and what it is. */

export interface BenchContext {
  options: BenchOptions;
  dir: BenchDir;
  /** A progress line on stderr; stdout carries only the results. */
  progress(message: string): void;
}

export interface Scenario {
  /** `1` to `8`, as in `--only`. */
  id: string;
  run(context: BenchContext): Promise<ScenarioResult[]>;
}

export const MB = 1024 * 1024;
/** Debounce long enough that nothing is written unless the bench asks (forceFlush, flushSync). */
export const NEVER_MS = 3_600_000;
