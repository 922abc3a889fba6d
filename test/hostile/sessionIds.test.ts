import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import fc from 'fast-check';
import { sessionFileName } from '../../src/fs/sessionFileName.js';
import { captureDiag, type DiagCapture } from '../helpers/captureDiag.js';
import { removeTempDirs } from '../helpers/tempDir.js';
import { childOf, pipeline, readStored, shutdownPipelines, storedNames } from '../faults/pipeline.js';

/**
 * Session ids are whatever the application put in an attribute: any string, numbers, and values that are
 * no id at all. Whatever they are, every file lands inside the directory, holds one session and only
 * its spans, and nothing throws.
 */

after(removeTempDirs);
let diagnostics: DiagCapture;
beforeEach(() => {
  diagnostics = captureDiag();
});
afterEach(async () => {
  await shutdownPipelines();
  diagnostics.restore();
});

// Deep enough that the path tricks below, were they obeyed, would land inside the temporary directory.
const NESTED = join('a', 'b', 'c', 'd', 'sessions');

const codeUnit = fc.integer({ min: 0, max: 0xffff }).map((code) => String.fromCharCode(code));
const trickyId = fc.constantFrom(
  '.', '..', '../escape', '../../../../escape', '/etc/passwd', 'a/b', 'a\\b', 'C:\\x', 'CON', 'nul', 'nul.txt', 'COM1.json',
  '.hidden', '~', 'x~corrupt-1', 'ses.json', 'ses.json.123', ' ', '\0', 'a\0b', '\uD800', '\uDC00x', 'e\u0301', '\u00e9', 'ß',
  'SS', 'İ', '\u202e', 'a'.repeat(128), 'a'.repeat(129), 'x'.repeat(10_000),
);
const idString = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.string({ unit: codeUnit, minLength: 1, maxLength: 20 }),
  fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 30 }),
  trickyId,
);
const idNumber = fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -0, 1e21, 5e-324, Number.NaN, Infinity, -Infinity));
const notAnId = fc.oneof(
  fc.boolean(),
  fc.constant(''),
  fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }),
  fc.array(fc.integer(), { maxLength: 3 }),
);
// Ids that differ only in case, or only in characters the sanitizer replaces.
const twins = fc
  .string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 12 })
  .chain((base) =>
    fc.subarray([base, base.toUpperCase(), base.toLowerCase(), `${base}/`, `${base}_`, `${base}:`, `${base}?`, base.replace(/[a-z]/g, '_')], {
      minLength: 1,
    }),
  );
type AttributeValue = string | number | boolean | string[] | number[];
const attributeValues = fc
  .array(fc.oneof(fc.oneof(idString, idNumber, notAnId).map((value): AttributeValue[] => [value]), twins), { minLength: 1, maxLength: 8 })
  .map((groups) => groups.flat());

/** The session a value names, as the processor reads it: non-empty strings and finite numbers only. */
function idOf(value: AttributeValue): string | undefined {
  if (typeof value === 'string' && value.length > 0) return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}

function listTree(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: 'utf8' }).sort();
}

describe('session ids from hostile attributes, through the processor', () => {
  it('keeps every file inside the directory, one session per file, only its own spans', { timeout: 120_000 }, async (t) => {
    let runs = 0;
    let sessions = 0;
    let rejected = 0;
    await fc.assert(
      fc.asyncProperty(attributeValues, async (values) => {
        runs++;
        diagnostics.records.length = 0;
        const p = await pipeline({ subdirectory: NESTED, processor: { exitHook: false } });
        const before = listTree(p.root);
        const expected = new Map<string, Set<string>>();
        const expect = (id: string | undefined, name: string): void => {
          if (id === undefined) return;
          if (!expected.has(id)) expected.set(id, new Set());
          expected.get(id)!.add(name);
        };
        let invalidSeen = 0;

        const roots = values.map((value, i) => p.tracer.startSpan(`v${i}`, { attributes: { 'session.id': value } }));
        values.forEach((value, i) => {
          const root = roots[i]!;
          const own = idOf(value);
          if (own === undefined && root.isRecording()) invalidSeen++;
          expect(own, `v${i}`);
          // `a` inherits its parent's session; `b` names the next value's, and keeps its parent's when that is no id.
          childOf(p.tracer, `v${i}.a`, root).end();
          expect(own, `v${i}.a`);
          const next = values[(i + 1) % values.length]!;
          childOf(p.tracer, `v${i}.b`, root, { 'session.id': next as string }).end();
          if (idOf(next) === undefined) invalidSeen++;
          expect(idOf(next) ?? own, `v${i}.b`);
        });
        for (const root of roots) root.end();
        await p.processor.forceFlush();
        // Shut down: a session still in memory holds a claim on its file until then.
        await p.provider.shutdown();

        const outside = p.fileSystem.calls.filter((call) => call.path !== p.directory && dirname(call.path) !== p.directory);
        assert.deepEqual(outside, [], 'every file operation stays in the directory');
        const created = listTree(p.root).filter((entry) => !before.includes(entry));
        const files = expected.size === 0 ? [] : readdirSync(p.directory);
        assert.deepEqual(
          created.filter((entry) => !NESTED.startsWith(entry)).sort(),
          files.map((name) => relative(p.root, join(p.directory, name))).sort(),
          'nothing but session files appears under the temporary directory',
        );
        assert.equal(files.length, expected.size, `one file per id: ${JSON.stringify(files)}`);
        for (const name of files) {
          assert.ok(statSync(join(p.directory, name)).isFile());
          const stored = readStored(join(p.directory, name));
          const id = stored.session.id;
          assert.equal(name, sessionFileName(id), 'the file is named after the id in its header');
          assert.ok(expected.has(id), `unexpected id ${JSON.stringify(id)}`);
          assert.deepEqual(storedNames(stored), [...expected.get(id)!].sort(), `spans of ${JSON.stringify(id)}`);
          assert.equal(p.exporter.pathFor(id), join(p.directory, name));
        }
        const ignored = diagnostics.messages('warn').filter((m) => m.includes('ignoring `session.id`'));
        assert.equal(ignored.length, invalidSeen > 0 ? 1 : 0, 'values that are no id are reported once, counted');
        assert.deepEqual(diagnostics.messages('error'), []);
        sessions += files.length;
        rejected += invalidSeen;
        await shutdownPipelines();
      }),
      { numRuns: 100 },
    );
    assert.equal(runs, 100);
    t.diagnostic(`${runs} runs: ${sessions} session files checked, ${rejected} attribute values that are no id ignored`);
  });
});
