import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SessionHeader } from '../../src/session/SessionHeader.js';
import type { SoakChild } from './SoakChild.js';

/** What fixtures/soak.ts reports. */
interface SoakResult {
  heapBefore: number;
  heapAfter: number;
  soakMs: number;
  left: Record<string, number>;
  exitHooksBefore: number;
  exitHooksAfter: number;
  sessions: number;
  spans: number;
}

const MB = 1024 * 1024;

/**
 * Runs the soak fixture in a child with --expose-gc, checks that nothing is left behind (every session
 * ended, so its claim is released), that every session's file is complete, and returns the heap growth.
 */
export async function runSoak(
  spawnChild: (fixture: string, args: string[], nodeOptions: string[]) => SoakChild,
  directory: string,
  sessions: number,
  spans: number,
): Promise<{ heapGrowthMb: number; summary: string }> {
  const child = spawnChild('soak', [directory, String(sessions), String(spans)], ['--expose-gc']);
  const result = await child.report<SoakResult>('result', 600_000);
  assert.equal((await child.exited).code, 0, child.stderr);

  assert.deepEqual(result.left, {
    processorSessions: 0,
    crashGuards: 0,
    failureStreaks: 0,
    claimDecisions: 0,
    claimsHeld: 0,
    redirects: 0,
    writesInFlight: 0,
    pendingTimers: 0,
  });
  assert.deepEqual([result.exitHooksBefore, result.exitHooksAfter], [1, 0]);

  const files = readdirSync(directory).filter((name) => name.startsWith('soak-'));
  assert.equal(files.length, sessions);
  for (const name of files) {
    const header = (JSON.parse(readFileSync(join(directory, name), 'utf8')) as { session: SessionHeader }).session;
    assert.equal(header.status, 'completed', name);
    assert.equal(header.spanCount, spans, name);
  }

  const heapGrowthMb = (result.heapAfter - result.heapBefore) / MB;
  const summary =
    `${result.spans} spans in ${result.sessions} sessions in ${(result.soakMs / 1000).toFixed(1)} s; heap after gc ` +
    `${(result.heapBefore / MB).toFixed(2)} MB before, ${(result.heapAfter / MB).toFixed(2)} MB after ` +
    `(${heapGrowthMb >= 0 ? '+' : ''}${heapGrowthMb.toFixed(2)} MB)`;
  return { heapGrowthMb, summary };
}
