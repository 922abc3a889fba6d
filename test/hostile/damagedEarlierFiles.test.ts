import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { context, trace, type Span } from '@opentelemetry/api';
import { InMemorySpanExporter, SimpleSpanProcessor, TracerProvider, type ReadableSpan } from '@opentelemetry/sdk-trace';
import fc from 'fast-check';
import { sessionFileChunks } from '../../src/fs/sessionFileChunks.js';
import { readPreviousSession } from '../../src/session/previousFile.js';
import { Session } from '../../src/session/Session.js';
import { currentWriter } from '../../src/session/writer.js';
import { createRedactor } from '../../src/redact/createRedactor.js';
import { assertValidSessionFile } from '../helpers/validateSessionFile.js';

/**
 * A session's earlier file is read back when the session continues. It may have been edited by hand,
 * written by another version, or damaged: whatever it holds, if it is taken in at all, every file written
 * after it is valid. (A file that is not a session file is refused by `readPreviousSession` and moved
 * aside by the exporter; that path has its own tests.)
 */

type Json = Record<string, any>;

const tracer = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: new InMemorySpanExporter() })] }).getTracer('agent', '1.0.0');

function textOf(session: Session): string {
  return Buffer.concat(sessionFileChunks(session.snapshot(Date.now()))).toString('utf8');
}

/** A file an earlier process wrote: a finished turn, a crashed one with a span left open, a crash record. */
function earlierFile(): Json {
  const session = new Session('ses_damaged', 1000, undefined);
  session.takeInEarlierFile(undefined);
  for (let turn = 0; turn < 2; turn++) {
    const root = tracer.startSpan(`turn ${turn}`, { attributes: { 'session.id': 'ses_damaged', 'gen_ai.usage.input_tokens': 10 } }) as Span & ReadableSpan;
    session.spanStarted(root, true);
    const step = tracer.startSpan('execute_tool read', { attributes: { 'gen_ai.tool.name': 'read' } }, trace.setSpan(context.active(), root)) as Span & ReadableSpan;
    session.spanStarted(step, false);
    step.addEvent('output', { text: 'done' });
    step.end();
    session.spanEnded(step);
    if (turn === 0) {
      root.end();
      session.spanEnded(root);
    }
  }
  session.encodePending();
  session.status = 'crashed';
  session.crash = { reason: 'uncaughtException', time: new Date().toISOString(), exitCode: 1, error: { message: 'boom', stack: 'Error: boom' } };
  const file = JSON.parse(textOf(session)) as Json;
  file.session.writer = { pid: 1, host: 'elsewhere', startTime: '2025-12-31T00:00:00.000Z' };
  return file;
}

/** Every path to a value inside `value`, as lists of keys. */
function paths(value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> {
  if (typeof value !== 'object' || value === null) return [prefix];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [prefix, ...keys.flatMap((key) => paths((value as Json)[key as string], [...prefix, key]))];
}

function damaged(file: Json, path: Array<string | number>, replacement: unknown): Json {
  const copy = structuredClone(file);
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) parent = parent[key as string];
  parent[path.at(-1) as string] = replacement;
  return copy;
}

describe('earlier files with any value replaced', () => {
  const file = earlierFile();
  const all = paths(file).filter((path) => path.length > 0);

  for (const sameWriter of [false, true]) {
    it(`are continued into valid files, running and crashed, or refused (${sameWriter ? 'this process' : 'another process'} wrote them)`, () => {
      fc.assert(
        fc.property(fc.constantFrom(...all), fc.jsonValue(), fc.boolean(), (path, replacement, redact) => {
          const content = damaged(file, path, replacement);
          if (sameWriter && typeof content.session === 'object' && content.session !== null) content.session.writer = currentWriter();
          let previous;
          try {
            previous = readPreviousSession(content);
          } catch {
            return;
          }
          const session = new Session('ses_damaged', 1000, redact ? createRedactor() : undefined);
          session.takeInEarlierFile(previous);
          const root = tracer.startSpan('next turn', { attributes: { 'session.id': 'ses_damaged' } }) as Span & ReadableSpan;
          session.spanStarted(root, true);
          const step = tracer.startSpan('step', {}, trace.setSpan(context.active(), root)) as Span & ReadableSpan;
          session.spanStarted(step, false);
          step.end();
          session.spanEnded(step);
          session.encodePending();
          assertValidSessionFile(textOf(session), `continued after ${JSON.stringify(path)} = ${JSON.stringify(replacement)}`);
          session.status = 'crashed';
          session.crash = { reason: 'signal', signal: 'SIGTERM', time: new Date().toISOString() };
          assertValidSessionFile(textOf(session), `crashed after ${JSON.stringify(path)} = ${JSON.stringify(replacement)}`);
        }),
        { numRuns: 1000 },
      );
    });
  }

  it('are taken in when undamaged, as a sanity check of the property above', () => {
    const previous = readPreviousSession(file);
    const session = new Session('ses_damaged', 1000, undefined);
    session.takeInEarlierFile(previous);
    assert.equal(session.encoded.count, 4);
    assertValidSessionFile(textOf(session));
  });
});
