import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, afterEach, describe, it } from 'node:test';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { SessionFileExporter } from '../../src/SessionFileExporter.js';
import { SessionSpanProcessor } from '../../src/SessionSpanProcessor.js';
import { captureDiag } from '../helpers/captureDiag.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';
import { SoakChild } from './SoakChild.js';
import { runSoak } from './runSoak.js';

/** The long soaks: 100,000 spans in 10,000 sessions, and more crashed sessions than the exporter guards. */

after(removeTempDirs);
const children: SoakChild[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill();
});

describe('soak (slow)', () => {
  it('returns heap and bookkeeping to where they were after 100,000 spans in 10,000 sessions', { timeout: 600_000 }, async (t) => {
    const spawnChild = (fixture: string, args: string[], nodeOptions: string[]): SoakChild => {
      const child = new SoakChild(fixture, args, nodeOptions);
      children.push(child);
      return child;
    };
    const result = await runSoak(spawnChild, join(await tempDir(), 'sessions'), 10_000, 10);
    t.diagnostic(result.summary);
    assert.ok(result.heapGrowthMb < 4, result.summary);
  });

  it('bounds the crash guards when the exit hook crashes more sessions than they hold', { timeout: 300_000 }, async (t) => {
    const diagnostics = captureDiag();
    try {
      const exporter = new SessionFileExporter({ directory: join(await tempDir(), 'sessions'), fsync: false });
      const processor = new SessionSpanProcessor({ exporter, maxSessions: 20_000, exitHook: false });
      const provider = new TracerProvider({ spanProcessors: [processor] });
      const tracer = provider.getTracer('guards');
      const roots = Array.from({ length: 10_001 }, (_, i) => tracer.startSpan('root', { attributes: { 'session.id': `ses_${i}` } }));
      const started = performance.now();
      processor.flushSync({ reason: 'exit', exitCode: 1 });
      const flushMs = performance.now() - started;

      const guards = (exporter as unknown as { crashGuards: { keys: { size: number } } }).crashGuards.keys.size;
      assert.equal(guards, 10_000);
      assert.equal(diagnostics.messages('warn').filter((m) => m.includes('more crashed sessions than can be guarded')).length, 1);
      assert.deepEqual(diagnostics.messages('error'), []);
      for (const root of roots) root.end();
      await provider.shutdown();
      t.diagnostic(`10,001 sessions crashed in one exit flush in ${flushMs.toFixed(0)} ms; ${guards} guards kept`);
    } finally {
      diagnostics.restore();
    }
  });
});
