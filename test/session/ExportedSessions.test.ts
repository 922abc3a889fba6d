import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { TracerProvider, BatchSpanProcessor, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { SessionFileExporter } from '../../src/SessionFileExporter.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

after(removeTempDirs);

interface File {
  session: { id: string; status: string; spanCount: number };
  resourceSpans: Array<{ scopeSpans: Array<{ spans: Array<{ name: string }> }> }>;
}

function readSession(exporter: SessionFileExporter, id: string): File {
  return JSON.parse(readFileSync(exporter.pathFor(id), 'utf8')) as File;
}

function names(file: File): string[] {
  return file.resourceSpans.flatMap((r) => r.scopeSpans.flatMap((s) => s.spans.map((span) => span.name))).sort();
}

describe('SessionFileExporter.export (behind the SDK processors)', () => {
  it('gathers spans into their sessions, children joining through their trace', async () => {
    const exporter = new SessionFileExporter({ directory: await tempDir() });
    const provider = new TracerProvider({ spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 5 })] });
    const tracer = provider.getTracer('t');
    for (const id of ['a', 'b']) {
      const root = tracer.startSpan(`turn ${id}`, { attributes: { 'session.id': id } });
      const parent = trace.setSpan(context.active(), root);
      tracer.startSpan(`tool ${id}`, {}, parent).end();
      tracer.startSpan(`llm ${id}`, {}, parent).end();
      root.end();
    }
    tracer.startSpan('no session').end();
    await provider.shutdown();
    for (const id of ['a', 'b']) {
      const file = readSession(exporter, id);
      assert.deepEqual(names(file), [`llm ${id}`, `tool ${id}`, `turn ${id}`]);
      assert.equal(file.session.status, 'completed');
    }
  });

  it('keeps earlier spans of a session when later batches arrive', async () => {
    const exporter = new SessionFileExporter({ directory: await tempDir() });
    const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
    const tracer = provider.getTracer('t');
    for (let turn = 0; turn < 3; turn++) tracer.startSpan(`turn ${turn}`, { attributes: { 'session.id': 'multi' } }).end();
    await provider.forceFlush();
    assert.deepEqual(names(readSession(exporter, 'multi')), ['turn 0', 'turn 1', 'turn 2']);
    await provider.shutdown();
  });

  it('continues a session file that an earlier exporter wrote instead of replacing it', async () => {
    const directory = await tempDir();
    for (const turn of [1, 2]) {
      const exporter = new SessionFileExporter({ directory });
      const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
      provider.getTracer('t').startSpan(`turn ${turn}`, { attributes: { 'session.id': 'again' } }).end();
      await provider.shutdown();
    }
    const exporter = new SessionFileExporter({ directory });
    assert.deepEqual(names(readSession(exporter, 'again')), ['turn 1', 'turn 2']);
  });
});
