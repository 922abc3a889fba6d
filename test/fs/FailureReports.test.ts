import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { CrashGuards } from '../../src/fs/CrashGuards.js';
import { FailureReports } from '../../src/fs/FailureReports.js';
import { captureDiag, type DiagCapture } from '../helpers/captureDiag.js';
import { systemError } from '../helpers/FailingFs.js';

let diagnostics: DiagCapture;
beforeEach(() => {
  diagnostics = captureDiag();
});
afterEach(() => diagnostics.restore());

describe('FailureReports', () => {
  it('reports the first failure of a streak with its code, and the recovery, once each', () => {
    const reports = new FailureReports(10);
    for (let i = 0; i < 5; i++) reports.failed('a', '/d/a.json', systemError('ENOSPC', 'write', '/d/a.json'));
    reports.succeeded('a', '/d/a.json');
    reports.succeeded('a', '/d/a.json');
    reports.succeeded('b', '/d/b.json');

    assert.equal(diagnostics.messages('error').length, 1);
    assert.match(diagnostics.messages('error')[0]!, /\/d\/a\.json \(ENOSPC\)/);
    assert.deepEqual(diagnostics.messages('info'), ['otel-session-file: writes of /d/a.json succeed again']);
  });
});

describe('CrashGuards', () => {
  it('warns when it forgets the oldest guard to stay within its capacity', () => {
    const guards = new CrashGuards(2);
    guards.add('a');
    guards.add('b');
    guards.add('a');
    assert.equal(diagnostics.messages('warn').length, 0);
    guards.add('c');
    assert.equal(guards.has('a'), false);
    assert.equal(guards.has('b') && guards.has('c'), true);
    assert.equal(diagnostics.messages('warn').length, 1);
  });
});
