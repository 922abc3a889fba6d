import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { captureDiag, type DiagCapture } from '../helpers/captureDiag.js';
import { removeTempDirs } from '../helpers/tempDir.js';
import { childOf, pipeline, readStored, shutdownPipelines, storedNames, storedSpans } from '../faults/pipeline.js';

/** Inputs far beyond the usual: a 10 MB attribute, a 2 MB session id, 100,000 spans in one session. */

after(removeTempDirs);
let diagnostics: DiagCapture;
beforeEach(() => {
  diagnostics = captureDiag();
});
afterEach(async () => {
  await shutdownPipelines();
  diagnostics.restore();
});

const MB = 1024 * 1024;

/** `bytes` characters of text that JSON must escape, with multi-unit characters whole. */
function hostileText(length: number): string {
  const unit = '"\\\n\u0000\u2028é🙂 plain';
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length - (length % unit.length));
}

describe('huge input', () => {
  it('writes a span with a 10 MB string attribute whole, and ending it costs the hot path nothing', { timeout: 60_000 }, async (t) => {
    const p = await pipeline({ processor: { debounceMs: 5 } });
    const huge = hostileText(10 * MB);
    const root = p.tracer.startSpan('root', { attributes: { 'session.id': 'huge' } });
    const span = childOf(p.tracer, 'blob', root, { blob: huge });
    const started = performance.now();
    span.end();
    const endMs = performance.now() - started;

    const delay = monitorEventLoopDelay({ resolution: 5 });
    delay.enable();
    const flushStarted = performance.now();
    root.end();
    await p.processor.forceFlush();
    const flushMs = performance.now() - flushStarted;
    delay.disable();

    const path = p.exporter.pathFor('huge');
    const stored = readStored(path);
    const blob = storedSpans(stored).find((s) => s.name === 'blob');
    assert.equal(blob?.attributes.find((a) => a.key === 'blob')?.value.stringValue, huge);
    assert.equal(stored.session.status, 'completed');
    assert.ok(endMs < 50, `span.end() took ${endMs.toFixed(2)} ms`);
    assert.deepEqual(diagnostics.messages('error'), []);
    t.diagnostic(
      `file ${(statSync(path).size / MB).toFixed(1)} MB; end() ${endMs.toFixed(2)} ms; ` +
        `written in ${flushMs.toFixed(0)} ms; longest event-loop stall ${(delay.max / 1e6).toFixed(0)} ms`,
    );
  });

  it('names the file of a 2 MB session id shortly and keeps the whole id in the header', { timeout: 30_000 }, async () => {
    const p = await pipeline();
    const id = hostileText(2 * MB);
    p.tracer.startSpan('root', { attributes: { 'session.id': id } }).end();
    await p.processor.forceFlush();

    const [name] = readdirSync(p.directory);
    assert.equal(basename(p.exporter.pathFor(id)), name);
    assert.ok(Buffer.byteLength(name!) < 200, `file name of ${Buffer.byteLength(name!)} bytes`);
    assert.equal(readStored(p.exporter.pathFor(id)).session.id, id);
  });

  it('bounds a session of 100,000 spans by maxSpansPerSession, keeping the root and counting the rest', { timeout: 60_000 }, async (t) => {
    const p = await pipeline({ processor: { maxSpansPerSession: 10_000, debounceMs: 10 } });
    const root = p.tracer.startSpan('root', { attributes: { 'session.id': 'many' } });
    const started = performance.now();
    for (let i = 0; i < 100_000; i++) {
      childOf(p.tracer, `step ${i}`, root).end();
      // Writes run in between, so that spans are dropped both before and after they are encoded.
      if (i % 5000 === 4999) await new Promise((resolve) => setTimeout(resolve, 15));
      else if (i % 1000 === 999) await nextTurn();
    }
    const recordedMs = performance.now() - started;
    root.end();
    await p.processor.forceFlush();

    const stored = readStored(p.exporter.pathFor('many'));
    const names = new Set(storedNames(stored));
    assert.equal(stored.session.spanCount, 10_000);
    assert.equal(names.size, 10_000);
    assert.equal(stored.session.droppedSpanCount, 90_001);
    assert.ok(names.has('root'), 'the root is kept');
    assert.ok(names.has('step 99999') && names.has('step 90001'), 'the newest spans are kept');
    assert.ok(!names.has('step 90000'), 'the oldest are dropped');
    assert.equal(stored.session.status, 'completed');
    t.diagnostic(`100,000 spans recorded in ${recordedMs.toFixed(0)} ms, ${p.fileSystem.count('writeFileAtomic')} writes`);
  });
});
