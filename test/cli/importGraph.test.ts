import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { REPO } from './runCli.js';

/**
 * The CLI stays outside the library: importing otel-session-file must never load commander, the
 * viewer or any other part of src/cli.
 */

const SRC = join(REPO, 'src');
const SPECIFIER = /\b(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath ?? e.path, e.name));
}

/** The files `file` imports by relative path, as .ts sources. */
async function importsOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(SPECIFIER)].map((m) => resolve(dirname(file), m[1]!.replace(/\.js$/, '.ts')));
}

describe('the CLI and the library', () => {
  it('no file of the library imports the CLI', async () => {
    const cli = join(SRC, 'cli');
    const offenders: string[] = [];
    for (const file of await sourceFiles(SRC)) {
      if (file.startsWith(cli)) continue;
      for (const imported of await importsOf(file)) if (imported.startsWith(cli)) offenders.push(`${relative(REPO, file)} → ${relative(REPO, imported)}`);
    }
    assert.deepEqual(offenders, []);
  });

  it('nothing the library entry point reaches is part of the CLI', async () => {
    const seen = new Set<string>();
    const queue = [join(SRC, 'index.ts')];
    for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
      if (seen.has(file)) continue;
      seen.add(file);
      queue.push(...(await importsOf(file)));
    }
    assert.ok(seen.size > 10, `only ${seen.size} files reached: the import scan is broken`);
    assert.deepEqual([...seen].filter((file) => file.startsWith(join(SRC, 'cli'))), []);
  });
});
