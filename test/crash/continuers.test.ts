import assert from 'node:assert/strict';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';
import { FixtureChild } from './lib/FixtureChild.js';
import { readSessionFile, spansOf } from './lib/sessionFile.js';

/**
 * Several live processes continuing one completed session at once, in real child processes: every
 * process's spans end up in exactly one file, whoever wins the session's own file.
 */

after(removeTempDirs);

const ROUNDS = Number(process.env.OTEL_SESSION_CONTINUER_ROUNDS ?? 6);
const SPANS = 300;
const SESSION_ID = 'shared-session';
// Wide enough that the processes' starts fall in any order, narrow enough that their writes overlap.
const MAX_OFFSET_MS = 40;

interface Continuer {
  name: string;
  child: FixtureChild;
}

async function continueSession(directory: string, name: string, startAt: number): Promise<FixtureChild> {
  return FixtureChild.start('continueSession', [JSON.stringify({ directory, sessionId: SESSION_ID, name, spans: SPANS, startAt })]);
}

function expectedNames(name: string): string[] {
  return [`${name}-root`, ...Array.from({ length: SPANS }, (_, i) => `${name}-${i + 1}`)];
}

interface RoundResult {
  expected: number;
  lost: string[];
  files: string[];
}

async function round(number: number): Promise<RoundResult> {
  const directory = await tempDir('otel-session-continuers-');
  const seed = await continueSession(directory, 'seed', 0);
  assert.deepEqual(await seed.ended(), { code: 0, signal: null }, seed.tail());

  const count = 2 + (number % 3);
  const base = Date.now() + 1500;
  const continuers: Continuer[] = await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const name = `p${i}`;
      return { name, child: await continueSession(directory, name, base + Math.floor(Math.random() * MAX_OFFSET_MS)) };
    }),
  );
  for (const { child } of continuers) assert.deepEqual(await child.ended(), { code: 0, signal: null }, child.tail());

  const files = readdirSync(directory).filter((name) => name.endsWith('.json'));
  const found = new Set<string>();
  for (const file of files) {
    const content = readSessionFile(join(directory, file));
    const spans = spansOf(content);
    assert.equal(content.session.id, SESSION_ID, file);
    assert.equal(content.session.status, 'completed', file);
    assert.equal(content.session.spanCount, spans.length, file);
    for (const span of spans) {
      assert.ok(!found.has(span.name), `span ${span.name} is in two files`);
      found.add(span.name);
    }
  }
  const own = `${SESSION_ID}.json`;
  for (const { child } of continuers) {
    const path = (await child.waitFor('DONE')).fields[1]!;
    if (path === join(directory, own)) continue;
    const diag = child.lines.filter((line) => line.fields[0] === 'DIAG').map((line) => line.fields.join(' '));
    assert.ok(diag.some((line) => line.includes(path)), `the process writing ${path} says so through diag`);
  }
  const expected = ['seed', ...continuers.map(({ name }) => name)].flatMap(expectedNames);
  return { expected: expected.length, lost: expected.filter((name) => !found.has(name)), files };
}

describe('processes continuing one session at once', () => {
  it(`loses no span when 2 to 4 processes continue a completed session together (${ROUNDS} rounds)`, async () => {
    let spans = 0;
    const lost: string[] = [];
    for (let number = 0; number < ROUNDS; number++) {
      const result = await round(number);
      spans += result.expected;
      lost.push(...result.lost);
      assert.ok(result.files.includes(`${SESSION_ID}.json`), `round ${number}: the session's own file exists`);
    }
    console.log(`# continuers: ${ROUNDS} rounds, ${spans} spans, ${lost.length} lost`);
    assert.deepEqual(lost.slice(0, 10), [], `${lost.length} of ${spans} spans are in no file`);
  });
});

describe("a session's claim across process ends", () => {
  const start = (directory: string, name: string) =>
    FixtureChild.start('concurrentWriter', [JSON.stringify({ directory, sessionId: SESSION_ID, name })]);

  it('is left by a process killed with SIGKILL and taken over by the next process, which writes the own file', async () => {
    const directory = await tempDir('otel-session-continuers-');
    const killed = await start(directory, 'killed');
    await killed.waitFor('READY');
    assert.ok(existsSync(join(directory, `${SESSION_ID}.json.claim`)));
    killed.kill('SIGKILL');
    await killed.ended();
    const next = await start(directory, 'next');
    assert.equal((await next.waitFor('READY')).fields[2], join(directory, `${SESSION_ID}.json`));
    next.tell('end');
    assert.deepEqual(await next.ended(), { code: 0, signal: null }, next.tail());
    assert.deepEqual(readdirSync(directory), [`${SESSION_ID}.json`]);
  });

  it('is released by the exit hook after the crash record is written', async () => {
    const directory = await tempDir('otel-session-continuers-');
    const child = await start(directory, 'first');
    await child.waitFor('READY');
    child.kill('SIGTERM');
    await child.ended();
    assert.deepEqual(readdirSync(directory), [`${SESSION_ID}.json`]);
    assert.equal(readSessionFile(join(directory, `${SESSION_ID}.json`)).session.status, 'crashed');
  });
});

describe('temporary files of killed writers', () => {
  const TEMP_FILE = /\.json\.\d+(?:\.[0-9a-f]{8}\.\d+)?$/;
  const KILLS = 6;

  it('are removed by the next process that writes to the directory, without maxFiles', async () => {
    const directory = await tempDir('otel-session-continuers-');
    const temporaryFiles = () => readdirSync(directory).filter((name) => TEMP_FILE.test(name));
    // Each killed writer's temporary file, with its size, as found right after the kill (the next
    // writer removes it).
    const left = new Map<string, number>();
    for (let kill = 0; kill < KILLS; kill++) {
      const args = { directory, sessionId: `grow_${kill}`, spanBytes: 256 * 1024, slowFsyncMs: 300 };
      const child = await FixtureChild.start('growingSession', [JSON.stringify(args)]);
      await child.waitFor('READY');
      // Grown to megabytes, then killed soon after a write starts (`X`), while its fsync is held.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 500));
      await child.waitFor('X', { after: child.lines.length });
      await new Promise((resolve) => setTimeout(resolve, 50));
      child.kill('SIGKILL');
      await child.ended();
      for (const name of temporaryFiles()) left.set(name, statSync(join(directory, name)).size);
    }
    const bytes = [...left.values()].reduce((sum, size) => sum + size, 0);
    assert.ok(left.size > 0, `no kill of ${KILLS} landed during a write`);

    const next = await FixtureChild.start('growingSession', [JSON.stringify({ directory, sessionId: 'next', spanBytes: 1024, spans: 1 })]);
    assert.deepEqual(await next.ended(), { code: 0, signal: null }, next.tail());
    console.log(`# temporary files: ${KILLS} SIGKILLs left ${left.size} (${bytes} bytes); after the next write: ${temporaryFiles().length}`);
    assert.deepEqual(temporaryFiles(), []);
    assert.deepEqual(readdirSync(directory).filter((name) => name.endsWith('.claim')), [], 'the killed processes\' claims are gone too');
  });
});
