import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { after, describe, it } from 'node:test';
import { SessionFileExporter } from '../../src/SessionFileExporter.js';
import { SPAN_STATE_ATTRIBUTE } from '../../src/encoding/encodeSpan.js';
import { currentWriter } from '../../src/session/writer.js';
import { captureDiag } from '../helpers/captureDiag.js';
import { headerOf, snapshotOf } from '../helpers/sessionSnapshot.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

after(removeTempDirs);

function deadPid(): number {
  return spawnSync(process.execPath, ['-e', '']).pid!;
}

function otherProcessWriter(pid: number) {
  return { pid, host: hostname(), startTime: '2026-01-01T00:00:00.000Z' };
}

function fileWithOpenSpan(id: string, writerPid: number): string {
  const header = headerOf(id, { status: 'running', writer: otherProcessWriter(writerPid), spanCount: 2, openSpanCount: 1 });
  const ids = (n: number) => ({ traceId: 'a'.repeat(32), spanId: String(n).repeat(16), startTimeUnixNano: '1', endTimeUnixNano: '2' });
  const open = { ...ids(1), name: 'open tool', attributes: [{ key: SPAN_STATE_ATTRIBUTE, value: { stringValue: 'open' } }], status: { code: 0 } };
  const ended = { ...ids(2), name: 'ended step', attributes: [], status: { code: 0 } };
  return JSON.stringify({
    session: header,
    resourceSpans: [{ resource: { attributes: [], droppedAttributesCount: 0 }, scopeSpans: [{ scope: { name: 's' }, spans: [ended, open] }] }],
  });
}

describe('SessionFileExporter.readSession', () => {
  it('finds nothing for a session without a file', async () => {
    const exporter = new SessionFileExporter({ directory: await tempDir() });
    assert.equal(await exporter.readSession('new'), undefined);
    assert.equal(exporter.readSessionSync('new'), undefined);
  });

  it('continues the file of a dead writer, closing its open spans as interrupted', async () => {
    const exporter = new SessionFileExporter({ directory: await tempDir() });
    writeFileSync(exporter.pathFor('resumed'), fileWithOpenSpan('resumed', deadPid()));
    for (const previous of [await exporter.readSession('resumed'), exporter.readSessionSync('resumed')]) {
      assert.equal(previous?.header.status, 'running');
      const spans = previous!.spans.map((span) => JSON.parse(span.text));
      assert.deepEqual(spans.map((span) => span.name), ['ended step', 'open tool']);
      assert.deepEqual(spans[1].attributes, [{ key: SPAN_STATE_ATTRIBUTE, value: { stringValue: 'interrupted' } }]);
      assert.equal(spans[1].status.code, 2);
    }
  });

  it('continues a file this process wrote earlier', async () => {
    const exporter = new SessionFileExporter({ directory: await tempDir() });
    await exporter.exportSession(snapshotOf('mine', 'first', { header: { writer: currentWriter() } }));
    assert.equal((await exporter.readSession('mine'))?.spans.length, 1);
  });

  it('leaves a file whose writer is alive to it and writes a sibling file instead', async () => {
    const diagnostics = captureDiag();
    try {
      const directory = await tempDir();
      const exporter = new SessionFileExporter({ directory });
      const original = exporter.pathFor('shared');
      const content = fileWithOpenSpan('shared', process.ppid);
      writeFileSync(original, content);
      assert.equal(await exporter.readSession('shared'), undefined);
      assert.notEqual(exporter.pathFor('shared'), original);
      assert.match(exporter.pathFor('shared'), /shared~pid\d+\.json$/);
      await exporter.exportSession(snapshotOf('shared', 'second writer'));
      assert.equal(readFileSync(original, 'utf8'), content);
      assert.match(readFileSync(exporter.pathFor('shared'), 'utf8'), /second writer/);
      assert.ok(diagnostics.messages('warn').some((m) => m.includes('live process')));
    } finally {
      diagnostics.restore();
    }
  });

  for (const [what, content] of [
    ['a corrupt file', '{"session":{"id":"x", "stat'],
    ['a foreign JSON file', '{"hello":"world"}'],
    ["another session's file", JSON.stringify({ session: headerOf('someone else'), resourceSpans: [] })],
  ] as const) {
    it(`moves ${what} aside, never deleting it, and reports it`, async () => {
      const diagnostics = captureDiag();
      try {
        const directory = await tempDir();
        const exporter = new SessionFileExporter({ directory });
        writeFileSync(exporter.pathFor('victim'), content);
        assert.equal(await exporter.readSession('victim'), undefined);
        const aside = readdirSync(directory).filter((name) => name.includes('~corrupt-'));
        assert.equal(aside.length, 1);
        assert.equal(readFileSync(`${directory}/${aside[0]}`, 'utf8'), content);
        assert.ok(diagnostics.messages('warn').some((m) => m.includes('moved')));
      } finally {
        diagnostics.restore();
      }
    });
  }
});
