import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { SessionFileExporter, SessionSpanProcessor } from '../../src/index.js';
import { childOf, pipeline, readStored, shutdownPipelines, storedNames } from '../faults/pipeline.js';
import { captureDiag } from '../helpers/captureDiag.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

/**
 * What stands at a session's path is not always a file of ours: a symbolic link to someone's session file
 * elsewhere, or a directory. Neither is read through nor written into; each is moved aside like any
 * foreign file, and the session is written where `endSession` says.
 */

after(removeTempDirs);
afterEach(shutdownPipelines);

const diagnostics = captureDiag();
const SESSION_ID = 'ses_link';

/** A completed session file of `SESSION_ID` with one foreign span, written by another exporter. */
async function foreignSessionFile(): Promise<string> {
  const p = await pipeline();
  const root = p.tracer.startSpan('foreign-root', { attributes: { 'session.id': SESSION_ID } });
  childOf(p.tracer, 'foreign-step', root).end();
  root.end();
  await p.processor.shutdown();
  return p.exporter.pathFor(SESSION_ID);
}

async function recordSession(p: Awaited<ReturnType<typeof pipeline>>): Promise<string | undefined> {
  const root = p.tracer.startSpan('own-root', { attributes: { 'session.id': SESSION_ID } });
  childOf(p.tracer, 'own-step', root).end();
  root.end();
  return p.processor.endSession(SESSION_ID);
}

describe('links and directories at a session path', () => {
  it('never reads through a symbolic link at the session path, and moves the link aside', async () => {
    const elsewhere = await foreignSessionFile();
    const before = readFileSync(elsewhere, 'utf8');
    const p = await pipeline();
    mkdirSync(p.directory, { recursive: true });
    const own = join(p.directory, `${SESSION_ID}.json`);
    symlinkSync(elsewhere, own);

    const path = await recordSession(p);
    assert.equal(path, own);
    assert.ok(lstatSync(own).isFile(), 'a regular file stands at the session path');
    console.log(readFileSync(own,'utf8'));
    assert.deepEqual(storedNames(readStored(own)), ['own-root', 'own-step']);
    assert.equal(readFileSync(elsewhere, 'utf8'), before, 'the link target is untouched');
    const aside = readdirSync(p.directory).filter((name) => name.includes('~corrupt-'));
    assert.equal(aside.length, 1);
    assert.ok(lstatSync(join(p.directory, aside[0]!)).isSymbolicLink(), 'the link itself was moved aside');
    assert.ok(diagnostics.messages('warn').some((message) => message.includes('symbolic link')));
  });

  it('moves a directory at the session path aside, and endSession resolves to the file it wrote', async () => {
    const p = await pipeline();
    const own = join(p.directory, `${SESSION_ID}.json`);
    mkdirSync(own, { recursive: true });
    writeFileSync(join(own, 'keep.txt'), 'not ours');

    const path = await recordSession(p);
    assert.ok(path !== undefined && lstatSync(path).isFile(), `${path} is a file`);
    assert.deepEqual(storedNames(readStored(path)), ['own-root', 'own-step']);
    const aside = readdirSync(p.directory).filter((name) => name.includes('~corrupt-'));
    assert.equal(aside.length, 1);
    assert.equal(readFileSync(join(p.directory, aside[0]!, 'keep.txt'), 'utf8'), 'not ours');
  });

  it('does the same for the exit write of a session that was never written', async () => {
    const elsewhere = await foreignSessionFile();
    const p = await pipeline({ processor: { debounceMs: 60_000, maxDelayMs: 60_000 } });
    mkdirSync(p.directory, { recursive: true });
    const own = join(p.directory, `${SESSION_ID}.json`);
    symlinkSync(elsewhere, own);
    p.tracer.startSpan('own-root', { attributes: { 'session.id': SESSION_ID } });
    p.processor.flushSync({ reason: 'signal', signal: 'SIGTERM' });
    assert.ok(lstatSync(own).isFile());
    assert.deepEqual(storedNames(readStored(own)), ['own-root']);
    assert.equal(readStored(own).session.status, 'crashed');
  });
});

describe('endSession with a wrong argument', () => {
  for (const [what, argument] of [['undefined', undefined], ['an object', {}], ['a number', 42]] as const) {
    it(`rejects ${what} with a TypeError that names sessionId`, async () => {
      const processor = new SessionSpanProcessor({ exporter: new SessionFileExporter({ directory: await tempDir() }), exitHook: false });
      await assert.rejects(processor.endSession(argument as never), (error: unknown) => {
        assert.ok(error instanceof TypeError);
        assert.match(error.message, /`sessionId`/);
        return true;
      });
      await processor.shutdown();
    });
  }
});
