import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { repairHeader } from '../../src/session/repairHeader.js';
import type { SessionHeader } from '../../src/session/SessionHeader.js';
import { headerOf } from '../helpers/sessionSnapshot.js';

const WRITER = { pid: 7, host: 'box', startTime: '2026-01-01T00:00:00.000Z' };
const SEGMENT = { startTime: '2026-01-01T00:00:00.000Z', endTime: '2026-01-01T00:01:00.000Z', status: 'crashed', writer: WRITER, crash: { reason: 'signal', signal: 'SIGTERM', time: '2026-01-01T00:01:00.000Z' } };

function header(fields: Record<string, unknown>): SessionHeader {
  return { ...headerOf('ses_1'), ...fields } as unknown as SessionHeader;
}

describe('repairHeader', () => {
  it('keeps every field of a valid header', () => {
    const valid = header({ writer: WRITER, segments: [SEGMENT, { ...SEGMENT, status: 'running', crash: undefined }], resumeCount: 1, title: 'Fix it' });
    assert.deepEqual(repairHeader(valid), valid);
  });

  it('leaves out segments, a writer and a crash the format does not allow', () => {
    const repaired = repairHeader(
      header({
        writer: { pid: 'seven', host: 'box', startTime: WRITER.startTime },
        crash: { reason: 'meteor', time: WRITER.startTime },
        segments: [SEGMENT, { ...SEGMENT, writer: { ...WRITER, startTime: false } }, { ...SEGMENT, status: 'paused' }, 3],
      }),
    );
    assert.equal(repaired.writer, undefined);
    assert.equal(repaired.crash, undefined);
    assert.deepEqual(repaired.segments, [SEGMENT]);
    assert.deepEqual(repairHeader(header({ segments: 'none' })).segments, []);
  });

  it('gives status, times, counts and texts values the format allows', () => {
    const repaired = repairHeader(header({ status: 'paused', startTime: 'yesterday', updateTime: '2026-02-01T00:00:00Z', droppedSpanCount: -1, resumeCount: 1.5, title: 5, error: {} }));
    assert.equal(repaired.status, 'interrupted');
    assert.equal(repaired.startTime, '2026-02-01T00:00:00Z');
    for (const key of ['droppedSpanCount', 'resumeCount', 'title', 'error'] as const) assert.equal(repaired[key], undefined, key);
  });
});
