// The steps both packages' builds are made of (scripts/build.mjs, packages/otel-session/scripts/build.mjs):
// timed, labelled steps, and tsc runs that stop the build on the first error.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** A builder for the package in `packageDir`, whose log lines start with `label`. */
export function builder(label, packageDir) {
  const tsc = createRequire(join(packageDir, 'package.json')).resolve('typescript/bin/tsc');
  return {
    async step(what, fn) {
      const started = performance.now();
      await fn();
      console.log(`${label}: ${what} (${Math.round(performance.now() - started)} ms)`);
    },
    runTsc(project) {
      const result = spawnSync(process.execPath, [tsc, '-p', project], { cwd: packageDir, stdio: 'inherit' });
      if (result.status !== 0) {
        console.error(`${label}: tsc -p ${project} failed${result.signal ? ` (${result.signal})` : ''}`);
        process.exit(result.status || 1);
      }
    },
  };
}
