import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeWithRetry, writeWithRetrySync } from '../../src/fs/writeWithRetry.js';
import { systemError } from '../helpers/FailingFs.js';

/** A write that fails with the given codes in turn, then succeeds. */
function scripted(codes: string[], abandoned = () => false) {
  const log: string[] = [];
  const failures = [...codes];
  const attempt = () => {
    log.push('write');
    const code = failures.shift();
    if (code !== undefined) throw systemError(code, 'write', 'f');
  };
  return {
    log,
    async: { write: async () => attempt(), recreateDirectory: async () => void log.push('mkdir'), abandoned },
    sync: { write: attempt, recreateDirectory: () => void log.push('mkdir'), abandoned },
  };
}

describe('writeWithRetry', () => {
  for (const mode of ['async', 'sync'] as const) {
    const run = (job: ReturnType<typeof scripted>) =>
      mode === 'async' ? writeWithRetry(job.async) : Promise.resolve().then(() => writeWithRetrySync(job.sync));

    it(`recreates the directory once after ENOENT (${mode})`, async () => {
      const ok = scripted(['ENOENT']);
      await run(ok);
      assert.deepEqual(ok.log, ['write', 'mkdir', 'write']);

      const twice = scripted(['ENOENT', 'ENOENT']);
      await assert.rejects(run(twice), { code: 'ENOENT' });
      assert.deepEqual(twice.log, ['write', 'mkdir', 'write']);
    });

    it(`retries EAGAIN and EBUSY three times, then gives up (${mode})`, async () => {
      const ok = scripted(['EAGAIN', 'EBUSY', 'EAGAIN']);
      await run(ok);
      assert.equal(ok.log.length, 4);

      const busy = scripted(['EBUSY', 'EBUSY', 'EBUSY', 'EBUSY']);
      await assert.rejects(run(busy), { code: 'EBUSY' });
      assert.equal(busy.log.length, 4);
    });

    it(`fails at once on errors a retry cannot fix (${mode})`, async () => {
      for (const code of ['ENOSPC', 'EIO', 'EACCES', 'EPERM', 'EMFILE', 'ENOTDIR']) {
        const job = scripted([code]);
        await assert.rejects(run(job), { code });
        assert.deepEqual(job.log, ['write']);
      }
    });

    it(`does not retry an abandoned write (${mode})`, async () => {
      const job = scripted(['ENOENT'], () => true);
      await assert.rejects(run(job), { code: 'ENOENT' });
      assert.deepEqual(job.log, ['write']);
    });
  }
});
