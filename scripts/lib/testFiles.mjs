// Which test files a suite runs, and how they are run: shared by scripts/test.mjs and scripts/node24.mjs
// so that both run the same list. Node 20's `--test` takes no globs, so the files are listed here, sorted.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const TEST_FILE = /\.test\.ts$/;
const SLOW_TEST_FILE = /\.slow\.test\.ts$/;

const TOOL_TESTS = 'packages/otel-session/test';
const isBrowserTest = (f) => f.startsWith(`${TOOL_TESTS}/browser/`);

/**
 * unit:    test/**\/*.test.ts and packages/otel-session/test/**\/*.test.ts, without the browser tests and
 *          without *.slow.test.ts (what `npm test` runs: the library and the tool)
 * browser: packages/otel-session/test/browser/*.test.ts
 * crash:   test/crash/**\/*.test.ts, *.slow.test.ts included (the full crash matrix)
 */
export const SUITES = {
  unit: () => [...walk('test'), ...walk(TOOL_TESTS)].filter((f) => !isBrowserTest(f) && !SLOW_TEST_FILE.test(f)),
  browser: () => walk(`${TOOL_TESTS}/browser`, { recursive: false }),
  crash: () => walk('test/crash'),
};

/** Test files under `dir` (relative to the repo root, with forward slashes), sorted. */
function walk(dir, { recursive = true } = {}) {
  const found = [];
  const visit = (rel) => {
    const abs = join(root, rel);
    if (!existsSync(abs)) return;
    for (const entry of readdirSync(abs, { withFileTypes: true })) {
      const child = `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (recursive && entry.name !== 'node_modules') visit(child);
      } else if (TEST_FILE.test(entry.name)) {
        found.push(child);
      }
    }
  };
  visit(dir);
  return found.sort();
}

/**
 * Splits command-line arguments into runner options and file selectors, and picks the files.
 * `--name=value` options go to `node --test` (e.g. `--test-name-pattern=debounce`, `--test-only`).
 * A selector that is an existing file runs that file; an existing directory runs every *.test.ts under it
 * (slow and browser ones too: naming them is asking for them); anything else keeps the suite's files whose
 * path contains it. Several selectors add up.
 */
export function selectTests(suite, args) {
  const nodeOptions = [];
  const selectors = [];
  for (const arg of args) (arg.startsWith('-') ? nodeOptions : selectors).push(arg);

  const suiteFiles = SUITES[suite]();
  if (selectors.length === 0) return { files: suiteFiles, nodeOptions, selectors };

  const files = new Set();
  for (const selector of selectors) {
    const abs = resolve(selector);
    const rel = relative(root, abs).split(sep).join('/');
    if (existsSync(abs) && statSync(abs).isDirectory()) {
      for (const f of walk(rel)) files.add(f);
    } else if (existsSync(abs)) {
      files.add(rel);
    } else {
      for (const f of suiteFiles) if (f.includes(selector)) files.add(f);
    }
  }
  return { files: [...files].sort(), nodeOptions, selectors };
}

/**
 * Runs `node --import tsx --test --test-reporter=spec <files>` from the repo root with the given Node binary,
 * output untouched (CI reads the runner's `ℹ tests N` / `ℹ pass N` / `ℹ fail N` lines), and resolves to the
 * exit code to pass on.
 */
export function runNodeTests({ node = process.execPath, files, nodeOptions = [], env = process.env }) {
  const args = ['--import', 'tsx', '--test', '--test-reporter=spec', ...nodeOptions, ...files];
  const child = spawn(node, args, { cwd: root, stdio: 'inherit', env });
  // Ctrl-C reaches the child through the terminal's process group; a plain kill of this process does not.
  const forward = (signal) => child.kill(signal);
  process.on('SIGTERM', forward);
  process.on('SIGINT', () => {});
  return new Promise((resolvePromise) => {
    child.on('error', (error) => {
      console.error(`could not start ${node}: ${error.message}`);
      resolvePromise(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGTERM', forward);
      if (signal) console.error(`test runner ended by ${signal}`);
      resolvePromise(code ?? 1);
    });
  });
}

/** The one-line account printed before a run, so a log shows what was chosen. */
export function describeSelection(suite, { files, selectors }) {
  const what = selectors.length ? `${suite} tests matching ${selectors.map((s) => JSON.stringify(s)).join(', ')}` : `${suite} tests`;
  return `${files.length} test file${files.length === 1 ? '' : 's'} (${what})`;
}
