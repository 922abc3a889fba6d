import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, it } from 'node:test';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import type { ReadableSpan } from '../../src/sdk/types.js';
import { BackgroundEncoder } from '../../src/session/BackgroundEncoder.js';
import { Session } from '../../src/session/Session.js';
import { SliceBudget } from '../../src/session/SliceBudget.js';

const tracer = new TracerProvider().getTracer('test');

function endedSpans(count: number): ReadableSpan[] {
  return Array.from({ length: count }, (_, i) => {
    const span = tracer.startSpan(`span ${i}`, { attributes: { index: i } });
    span.end();
    return span as unknown as ReadableSpan;
  });
}

/** A session holding `encodedBytes` of encoded spans already, then `spans` ended since. */
function sessionWith(spans: readonly ReadableSpan[], resumePending: boolean, encodedBytes = 1.5 * 2 ** 20): Session {
  const session = new Session('s', 1000, undefined);
  if (encodedBytes > 0) {
    const large = tracer.startSpan('large', { attributes: { prompt: 'x'.repeat(encodedBytes) } });
    large.end();
    session.spanEnded(large as unknown as ReadableSpan);
    session.encodePending();
  }
  session.resumePending = resumePending;
  for (const span of spans) session.spanEnded(span);
  return session;
}

describe('BackgroundEncoder', () => {
  it('encodes the ended spans of a session in the next turn of the event loop, not on the caller\'s stack', async () => {
    const encoder = new BackgroundEncoder(new SliceBudget(8));
    const session = sessionWith(endedSpans(3), false);
    encoder.request(session);
    assert.equal(session.pending.length, 3);
    await nextTurn();
    assert.equal(session.pending.length, 0);
    assert.equal(session.encoded.count, 4);
  });

  it('encodes a small session ahead too, so that its spans do not wait for a spaced-out write', async () => {
    const encoder = new BackgroundEncoder(new SliceBudget(8));
    const session = sessionWith(endedSpans(3), false, 0);
    encoder.request(session);
    await nextTurn();
    assert.equal(session.pending.length, 0);
  });

  it('books the time it spent on a session to that session\'s next write, which spaces large sessions\' writes by their cost', async () => {
    const encoder = new BackgroundEncoder(new SliceBudget(8));
    const session = sessionWith(endedSpans(20), false);
    encoder.request(session);
    await nextTurn();
    assert.ok(session.schedule.encodeMs > 0);
  });

  it('leaves a session whose earlier file is not read yet, so that old spans come first', async () => {
    const encoder = new BackgroundEncoder(new SliceBudget(8));
    const session = sessionWith(endedSpans(2), true);
    encoder.request(session);
    await nextTurn();
    assert.equal(session.pending.length, 2);
    assert.equal(session.encoded.count, 1);
  });

  it('goes on in later turns when a slice runs out, until every span is encoded', async () => {
    const encoder = new BackgroundEncoder(new SliceBudget(0));
    const session = sessionWith(endedSpans(50), false);
    encoder.request(session);
    await nextTurn();
    assert.ok(session.pending.length > 0, 'a slice of 0 ms encodes one span per turn');
    for (let turn = 0; turn < 100 && session.pending.length > 0; turn++) await nextTurn();
    assert.equal(session.encoded.count, 51);
  });

  it('takes turns between sessions, so that one that keeps growing does not starve the others', async () => {
    const encoder = new BackgroundEncoder(new SliceBudget(0));
    const growing = sessionWith(endedSpans(5), false, 0);
    const quiet = sessionWith(endedSpans(1), false, 0);
    encoder.request(growing);
    encoder.request(quiet);
    for (let turn = 0; turn < 5 && quiet.pending.length > 0; turn++) {
      for (const span of endedSpans(3)) growing.spanEnded(span);
      encoder.request(growing);
      await nextTurn();
    }
    assert.equal(quiet.pending.length, 0, 'the quiet session was encoded while the other kept growing');
  });
});
