#!/usr/bin/env node
// `npm run test:node24`: the unit suite (the same files as `npm test`, same selectors) on Node 24,
// which scripts/lib/node24.mjs installs once into a cache outside the repo.
import { delimiter } from 'node:path';
import { ensureNode24 } from './lib/node24.mjs';
import { describeSelection, runNodeTests, selectTests } from './lib/testFiles.mjs';

const { node, binDir, version } = ensureNode24('test:node24');
const selection = selectTests('unit', process.argv.slice(2));
if (selection.files.length === 0) {
  console.error(`test:node24: No test files found: ${describeSelection('unit', selection)}`);
  process.exit(1);
}
console.log(`Running ${describeSelection('unit', selection)} on Node ${version}`);
process.exitCode = await runNodeTests({
  ...selection,
  node,
  env: { ...process.env, PATH: `${binDir}${delimiter}${process.env.PATH ?? ''}` },
});
