/**
 * The runtime that runs the crash fixtures: the test runner's own Node by default, or Bun when
 * `OTEL_SESSION_FILE_RUNTIME=bun` (scripts/bun.mjs sets it and puts the pinned Bun first on PATH).
 * The parent, the test runner and every judgement stay on Node; only the child that crashes changes.
 */
export type ChildRuntime = 'node' | 'bun';

export const childRuntime: ChildRuntime = process.env.OTEL_SESSION_FILE_RUNTIME === 'bun' ? 'bun' : 'node';

/** The executable that runs a fixture. */
export function runtimeExecutable(): string {
  return childRuntime === 'bun' ? 'bun' : process.execPath;
}
