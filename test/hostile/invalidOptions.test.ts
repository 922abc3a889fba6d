import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, beforeEach, describe, it } from 'node:test';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { SessionFileExporter } from '../../src/SessionFileExporter.js';
import { SessionSpanProcessor } from '../../src/SessionSpanProcessor.js';
import type { SessionSpanProcessorOptions } from '../../src/types.js';
import { captureDiag, type DiagCapture } from '../helpers/captureDiag.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';
import { liveSessions, readStored } from '../faults/pipeline.js';

/**
 * Options a program should never pass, and sometimes does. Each is either a TypeError at construction
 * that names the option, or a clamp with one warning after which the processor works, or a failure
 * reported at the first write; none makes anything hang.
 */

after(removeTempDirs);
let diagnostics: DiagCapture;
beforeEach(() => {
  diagnostics = captureDiag();
});
afterEach(() => diagnostics.restore());

type Loose = Record<string, unknown>;

function processorWith(options: Loose): SessionSpanProcessor {
  return new SessionSpanProcessor({ exitHook: false, ...options } as SessionSpanProcessorOptions);
}

/** Records one session through `processor`, then shuts it down; returns what the session file says. */
async function recordOne(processor: SessionSpanProcessor, exporter: SessionFileExporter): Promise<ReturnType<typeof readStored>> {
  const provider = new TracerProvider({ spanProcessors: [processor] });
  const tracer = provider.getTracer('options');
  const root = tracer.startSpan('root', { attributes: { 'session.id': 'ses_1' } });
  tracer.startSpan('child', { attributes: { 'session.id': 'ses_1' } }).end();
  root.end();
  await processor.forceFlush();
  await provider.shutdown();
  return readStored(exporter.pathFor('ses_1'));
}

const noop = { attribute: (_key: string, value: unknown) => value, text: (value: string) => value };

describe('invalid options', () => {
  describe('of the wrong type: a TypeError at construction that names the option', () => {
    const cases: Array<[Loose, RegExp]> = [
      [{ debounceMs: Infinity }, /`debounceMs` to be a finite number >= 0, got Infinity/],
      [{ debounceMs: true }, /`debounceMs`.*got true/],
      [{ maxDelayMs: Number.NaN }, /`maxDelayMs`.*got NaN/],
      [{ maxDelayMs: '1s' }, /`maxDelayMs`.*got "1s"/],
      [{ writeShare: '10%' }, /`writeShare`.*got "10%"/],
      [{ maxSpansPerSession: Number.NaN }, /`maxSpansPerSession`.*got NaN/],
      [{ maxSpansPerSession: '10' }, /`maxSpansPerSession`.*got "10"/],
      [{ maxSessions: -Infinity }, /`maxSessions`.*got -Infinity/],
      [{ maxSessions: [] }, /`maxSessions`.*got an array/],
      [{ sessionAttribute: '' }, /`sessionAttribute` to be a non-empty string/],
      [{ sessionAttribute: 42 }, /`sessionAttribute`.*got 42/],
      [{ exitHook: 'false' }, /`exitHook` to be a boolean, got "false"/],
      [{ exitHook: 0 }, /`exitHook` to be a boolean, got 0/],
      [{ redact: 'mask' }, /`redact` to be false, redact options or a SpanRedactor, got "mask"/],
      [{ redact: { attribute: noop.attribute } }, /`redact` to have a `text` function/],
      [{ redact: { keys: 'password' } }, /`keys`/],
      [{ exporter: 42 }, /exporter.*`exportSession` or `export`/],
      [{ exporters: [{ export: 'no' }] }, /exporter.*`exportSession` or `export`/],
      [{ exporters: 42 }, /exporters/],
    ];
    for (const [options, message] of cases) {
      it(`rejects ${JSON.stringify(options, (_key, value) => (Number.isNaN(value) || Math.abs(value) === Infinity ? String(value) : value))}`, () => {
        assert.throws(() => processorWith({ exporter: new SessionFileExporter({ directory: 'unused' }), ...options }), {
          name: 'TypeError',
          message,
        });
      });
    }

    it('rejects a redactor of the wrong shape on the exporter too', () => {
      assert.throws(() => new SessionFileExporter({ directory: 'unused', redact: 5 as never }), { name: 'TypeError', message: /`redact`/ });
    });
  });

  describe('out of range: clamped with one warning, and the processor still works', () => {
    const cases: Array<[Loose, string, RegExp]> = [
      [{ debounceMs: -1 }, 'debounceMs', /got -1, using 0/],
      [{ debounceMs: 2 ** 40 }, 'debounceMs', /using 2147483647/],
      [{ maxDelayMs: 2 ** 40 }, 'maxDelayMs', /using 2147483647/],
      [{ debounceMs: 10, maxDelayMs: -5 }, 'maxDelayMs', /got -5, using 10/],
      [{ writeShare: 0 }, 'writeShare', /got 0, using 0.01/],
      [{ writeShare: 2 }, 'writeShare', /got 2, using 1/],
      [{ maxSpansPerSession: 0 }, 'maxSpansPerSession', /got 0, using 1/],
      [{ maxSpansPerSession: 2.5 }, 'maxSpansPerSession', /got 2.5, using 2/],
      [{ maxSessions: -3 }, 'maxSessions', /got -3, using 1/],
      [{ maxSessions: 0.5 }, 'maxSessions', /got 0.5, using 1/],
    ];
    for (const [options, name, using] of cases) {
      it(`clamps ${JSON.stringify(options)}`, { timeout: 10_000 }, async () => {
        const exporter = new SessionFileExporter({ directory: join(await tempDir(), 'sessions') });
        const processor = processorWith({ exporter, ...options });
        const warnings = diagnostics.messages('warn');
        assert.equal(warnings.length, 1, `${warnings}`);
        assert.match(warnings[0]!, new RegExp(`\`${name}\``));
        assert.match(warnings[0]!, using);

        const stored = await recordOne(processor, exporter);
        assert.equal(stored.session.status, 'completed');
        assert.equal(stored.session.spanCount, name === 'maxSpansPerSession' ? Math.max(1, Math.floor(options.maxSpansPerSession as number)) : 2);
      });
    }
  });

  it('reports a directory that is a file once, at the first write, and shuts down promptly', { timeout: 10_000 }, async () => {
    const directory = join(await tempDir(), 'sessions');
    writeFileSync(directory, 'a file');
    const exporter = new SessionFileExporter({ directory });
    const processor = processorWith({ exporter, debounceMs: 1, maxDelayMs: 5 });
    assert.deepEqual(diagnostics.records.filter((r) => r.level === 'error' || r.level === 'warn'), []);

    const provider = new TracerProvider({ spanProcessors: [processor] });
    const root = provider.getTracer('options').startSpan('root', { attributes: { 'session.id': 'ses_1' } });
    await processor.forceFlush();
    root.end();
    const started = performance.now();
    await provider.shutdown();

    assert.ok(performance.now() - started < 1000);
    assert.equal(diagnostics.messages('error').length, 1, `${diagnostics.messages('error')}`);
    assert.match(diagnostics.messages('error')[0]!, /EEXIST|ENOTDIR/);
    assert.ok([...liveSessions(processor).values()].every((session) => session.schedule.timer === undefined), 'nothing retries after shutdown');
  });

  it('leaves a span the redactor throws on out, counted, and writes the rest of its session', { timeout: 10_000 }, async () => {
    const directory = join(await tempDir(), 'sessions');
    const exporter = new SessionFileExporter({ directory });
    // A common mistake: a redactor that assumes every attribute value is a string.
    const redactor = { attribute: (_key: string, value: unknown) => (value as string).replace('secret', '***'), text: (value: string) => value };
    const processor = processorWith({ exporter, redact: redactor, debounceMs: 1, maxDelayMs: 5 });
    const provider = new TracerProvider({ spanProcessors: [processor] });
    const tracer = provider.getTracer('options');
    const root = tracer.startSpan('root', { attributes: { 'session.id': 'ses_1' } });
    tracer.startSpan('number', { attributes: { 'session.id': 'ses_1', tokens: 5 } }).end();
    tracer.startSpan('open number', { attributes: { 'session.id': 'ses_1', tokens: 6 } });
    tracer.startSpan('text', { attributes: { 'session.id': 'ses_1', prompt: 'my secret' } }).end();
    await processor.forceFlush();
    root.end();
    await processor.forceFlush();

    const stored = readStored(exporter.pathFor('ses_1'));
    assert.deepEqual(stored.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name))).sort(), ['root', 'text']);
    assert.equal(stored.session.droppedSpanCount, 1);
    assert.equal(stored.session.spanCount, 2);
    assert.equal(stored.session.openSpanCount, 0);
    assert.ok(!JSON.stringify(stored).includes('my secret'));
    assert.equal(diagnostics.messages('warn').filter((m) => m.includes('could not be encoded')).length, 1);
    assert.deepEqual(diagnostics.messages('error'), []);

    processor.flushSync({ reason: 'exit', exitCode: 1 });
    assert.equal(readStored(exporter.pathFor('ses_1')).session.status, 'crashed', 'the exit write lands too');
    await provider.shutdown();
    assert.deepEqual(readdirSync(directory), ['ses_1.json']);
  });
});
