import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';

/**
 * An application that records sessions installs the library and nothing of the tool: the library's
 * sources import only Node's built-ins, their own files and the packages its package.json declares, and
 * those declared packages are exactly the OpenTelemetry ones and signal-exit.
 */

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SRC = join(ROOT, 'src');
const SPECIFIER = /^\s*(?:import|export)\b[^'"]*?\bfrom\s*['"]([^'"]+)['"]|\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/gm;

async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath ?? e.path, e.name));
}

async function specifiersOf(file: string): Promise<string[]> {
  const text = await readFile(file, 'utf8');
  return [...text.matchAll(SPECIFIER)].map((m) => (m[1] ?? m[2])!);
}

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

async function manifest(): Promise<Record<string, Record<string, string> | undefined>> {
  return JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
}

describe('the library package', () => {
  it('imports nothing but built-ins, its own files and the packages it declares', async () => {
    const pkg = await manifest();
    const declared = new Set([...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})]);
    const builtins = new Set(builtinModules);
    const offenders: string[] = [];
    let scanned = 0;
    for (const file of await sourceFiles(SRC)) {
      for (const specifier of await specifiersOf(file)) {
        scanned++;
        const where = `${relative(ROOT, file)} → ${specifier}`;
        if (specifier.startsWith('.')) {
          if (!resolve(dirname(file), specifier).startsWith(SRC)) offenders.push(where);
        } else if (!specifier.startsWith('node:') && !builtins.has(specifier) && !declared.has(packageName(specifier))) {
          offenders.push(where);
        }
      }
    }
    assert.ok(scanned > 100, `only ${scanned} imports found: the scan is broken`);
    assert.deepEqual(offenders, []);
  });

  it('depends at run time on OpenTelemetry and signal-exit only', async () => {
    const pkg = await manifest();
    const runtime = [...Object.keys(pkg.dependencies ?? {}), ...Object.keys(pkg.peerDependencies ?? {})];
    assert.deepEqual(
      runtime.filter((name) => !name.startsWith('@opentelemetry/') && name !== 'signal-exit'),
      [],
    );
  });
});
