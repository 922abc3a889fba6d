import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, describe, it } from 'node:test';
import { context, trace } from '@opentelemetry/api';
import { TracerProvider, BatchSpanProcessor, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { SessionFileExporter } from '../../src/SessionFileExporter.js';
import { FailingFs } from '../helpers/FailingFs.js';
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

  it('reads an earlier file that could not be read at one export again at the next, instead of replacing it', async () => {
    const directory = await tempDir();
    const first = new SessionFileExporter({ directory });
    const firstProvider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: first })] });
    firstProvider.getTracer('t').startSpan('turn 1', { attributes: { 'session.id': 'busy' } }).end();
    await firstProvider.shutdown();

    const ended = new InMemorySpanExporter();
    const spans = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter: ended })] });
    for (const turn of [2, 3]) spans.getTracer('t').startSpan(`turn ${turn}`, { attributes: { 'session.id': 'busy' } }).end();
    const [turn2, turn3] = ended.getFinishedSpans();
    // The process is out of file descriptors when the session's first batch arrives.
    const fileSystem = new FailingFs().failNext('readFile', 'EMFILE');
    const exporter = new SessionFileExporter({ directory, fileSystem });
    const exportOne = (span: typeof turn2) => new Promise<ExportResult>((resolve) => exporter.export([span!], resolve));
    assert.equal((await exportOne(turn2)).code, ExportResultCode.FAILED);
    assert.equal((await exportOne(turn3)).code, ExportResultCode.SUCCESS);
    await exporter.shutdown();
    assert.deepEqual(names(readSession(exporter, 'busy')), ['turn 1', 'turn 2', 'turn 3']);
  });
});
