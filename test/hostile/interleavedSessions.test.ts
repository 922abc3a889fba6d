import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { after, afterEach, describe, it } from 'node:test';
import { context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { removeTempDirs } from '../helpers/tempDir.js';
import { liveSessions, pipeline, readStored, shutdownPipelines, storedSpans, until } from '../faults/pipeline.js';

/**
 * Many sessions at once in one process, their spans started and ended in random order across every kind
 * of async boundary, children finding their session only through the active context: no span may end up
 * in another session's file.
 */

after(removeTempDirs);
afterEach(shutdownPipelines);

const SESSIONS = 1000;
const SPANS_PER_SESSION = 100;
const SEED = Number(process.env.OTEL_SESSION_FILE_TEST_SEED ?? 20_261_125);

/** mulberry32: a small seeded generator, so that a failing order can be replayed with the same seed. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One of the ways control leaves and comes back: nothing, a microtask, nextTick, setImmediate, a timer. */
async function boundary(random: () => number): Promise<void> {
  switch (Math.floor(random() * 5)) {
    case 0:
      return;
    case 1:
      await null;
      return;
    case 2:
      await new Promise<void>((resolve) => process.nextTick(resolve));
      return;
    case 3:
      await nextTurn();
      return;
    default:
      await sleep(Math.floor(random() * 4));
  }
}

/** Starts children of the active span until the session has its spans, nesting some of them. */
async function branch(tracer: Tracer, id: string, made: { count: number }, random: () => number, depth: number): Promise<void> {
  const width = 1 + Math.floor(random() * 3);
  const children: Array<Promise<void>> = [];
  for (let k = 0; k < width && made.count < SPANS_PER_SESSION - 1; k++) {
    const n = made.count++;
    children.push(
      tracer.startActiveSpan(`${id}/${n}`, { attributes: { owner: id } }, async (span) => {
        await boundary(random);
        if (depth < 4 && random() < 0.4) await branch(tracer, id, made, random, depth + 1);
        await boundary(random);
        span.end();
      }),
    );
  }
  await Promise.all(children);
}

async function runSession(tracer: Tracer, id: string, random: () => number): Promise<void> {
  await boundary(random);
  await tracer.startActiveSpan('root', { attributes: { 'session.id': id } }, async (root) => {
    const made = { count: 0 };
    while (made.count < SPANS_PER_SESSION - 1) await branch(tracer, id, made, random, 0);
    await boundary(random);
    root.end();
  });
}

describe('interleaved sessions', () => {
  it(`keeps ${SESSIONS} sessions of ${SPANS_PER_SESSION} spans each apart under AsyncLocalStorage`, { timeout: 180_000 }, async (t) => {
    context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
    try {
      const p = await pipeline({ processor: { debounceMs: 10, maxDelayMs: 5000 } });
      const ids = Array.from({ length: SESSIONS }, (_, i) => `ses_${i}`);
      const started = performance.now();
      await Promise.all(ids.map((id, i) => runSession(p.tracer, id, seeded(SEED + i))));
      const recordedMs = performance.now() - started;
      await p.processor.forceFlush();
      await until(() => liveSessions(p.processor).size === 0, 'every session has left memory');
      // Ended sessions' claims are released in the thread pool; forceFlush waits for that too.
      await p.processor.forceFlush();

      assert.equal(readdirSync(p.directory).length, SESSIONS);
      for (const id of ids) {
        const stored = readStored(p.exporter.pathFor(id));
        const spans = storedSpans(stored);
        assert.equal(stored.session.id, id);
        assert.equal(stored.session.status, 'completed', id);
        assert.equal(stored.session.spanCount, SPANS_PER_SESSION, id);
        assert.equal(stored.session.openSpanCount, 0, id);
        assert.equal(spans.length, SPANS_PER_SESSION, id);
        const names = new Set(spans.map((span) => span.name));
        assert.equal(names.size, SPANS_PER_SESSION, `${id}: no span twice`);
        for (let n = 0; n < SPANS_PER_SESSION - 1; n++) assert.ok(names.has(`${id}/${n}`), `${id}/${n} is in its file`);
        const rootSpan = spans.find((span) => span.name === 'root')!;
        for (const span of spans) {
          assert.equal(span.traceId, rootSpan.traceId, `${span.name} is in the root's trace`);
          if (span !== rootSpan) assert.equal(span.attributes.find((a) => a.key === 'owner')?.value.stringValue, id);
        }
      }
      t.diagnostic(`seed ${SEED}: ${SESSIONS * SPANS_PER_SESSION} spans recorded in ${recordedMs.toFixed(0)} ms, ${p.fileSystem.count('writeFileAtomic')} writes`);
    } finally {
      context.disable();
    }
  });
});
