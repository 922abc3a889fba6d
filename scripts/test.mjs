#!/usr/bin/env node
// The test runner behind `npm test`, `npm run test:browser` and `npm run test:crash`:
// Node's built-in runner over TypeScript through tsx, with the runner's own spec output and exit code.
//
//   node scripts/test.mjs [--suite=unit|browser|crash] [selector...] [--node-test-option=value...]
//   npm test -- test/session                      a directory
//   npm test -- test/session/Session.test.ts      a file
//   npm test -- Snapshot                          files of the suite whose path contains "Snapshot"
//   npm test -- --test-name-pattern=debounce      passed to `node --test` (use the `=` form)
import { describeSelection, runNodeTests, selectTests, SUITES } from './lib/testFiles.mjs';

const args = process.argv.slice(2);
const suiteArg = args.find((arg) => arg.startsWith('--suite='));
const suite = suiteArg ? suiteArg.slice('--suite='.length) : 'unit';
if (!(suite in SUITES)) {
  console.error(`Unknown suite ${JSON.stringify(suite)}: expected one of ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}

const selection = selectTests(
  suite,
  args.filter((arg) => arg !== suiteArg),
);
if (selection.files.length === 0) {
  // A run that tests nothing must not look like a pass.
  console.error(`No test files found: ${describeSelection(suite, selection)}`);
  process.exit(1);
}
console.log(`Running ${describeSelection(suite, selection)} on Node ${process.version}`);
process.exitCode = await runNodeTests(selection);
