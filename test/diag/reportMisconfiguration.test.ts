import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { hasDiagLogger } from '../../src/diag/reportMisconfiguration.js';
import { runLimited } from '../crash/lib/crashMatrix.js';
import { repoRoot } from '../crash/lib/fixtureCommand.js';
import { captureDiag } from '../helpers/captureDiag.js';
import { NOBODY, runSnippet, warnings, type SnippetRun } from '../helpers/runReadmeSnippet.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

/**
 * A misconfiguration is said once on stderr when no diag logger is set, and through diag alone when one
 * is: README's snippet in real child processes (test/crash/fixtures/readmeSnippet.ts).
 */

after(removeTempDirs);

// Tests run as root, for whom permission bits fail nothing: the read-only case runs its child as nobody.
const isRoot = process.getuid?.() === 0;
// Nobody cannot run a Node kept under root's home (the Node 24 of `npm run test:node24` is in ~/.cache),
// nor load the fixture and its packages from a checkout under a private directory (a `mktemp -d` clone).
const nobodyCannotRunTheSnippet = ((): string | false => {
  if (!isRoot) return false;
  const asNobody = { uid: NOBODY, gid: NOBODY };
  if (spawnSync(process.execPath, ['-e', ''], asNobody).error !== undefined) {
    return `${process.execPath} cannot be run by uid ${NOBODY}, which the read-only case needs when tests run as root`;
  }
  const reach = `require('node:fs').accessSync(${JSON.stringify(repoRoot)}, require('node:fs').constants.R_OK | require('node:fs').constants.X_OK)`;
  if (spawnSync(process.execPath, ['-e', reach], asNobody).status !== 0) {
    return `uid ${NOBODY} cannot reach ${repoRoot} (a directory above it is private), which the read-only case needs when tests run as root`;
  }
  return false;
})();

/** The one warning of a run that exited 0; stderr holds nothing else but Node's hint about --trace-warnings. */
function theOnlyWarning(run: SnippetRun): string {
  assert.equal(run.code, 0, run.stderr);
  const said = warnings(run.stderr);
  assert.equal(said.length, 1, run.stderr);
  const rest = run.stderr.split('\n').filter((line) => line !== '' && !said.includes(line) && !line.includes('--trace-warnings'));
  assert.deepEqual(rest, []);
  return said[0]!;
}

/** A directory this process may not write to, and whether the child must run as nobody for that. */
async function readOnlyDirectory(): Promise<{ directory: string; asNobody: boolean }> {
  const base = await tempDir('otel-session-readonly-');
  const directory = join(base, 'traces');
  await mkdir(directory);
  await chmod(directory, 0o555);
  if (isRoot) await chmod(base, 0o755);
  return { directory, asNobody: isRoot };
}

/** A path under a regular file. */
async function pathUnderFile(): Promise<string> {
  const base = await tempDir('otel-session-notdir-');
  await writeFile(join(base, 'file'), 'not a directory');
  return join(base, 'file', 'traces');
}

/** A directory path that is a regular file. */
async function directoryThatIsAFile(): Promise<string> {
  const base = await tempDir('otel-session-isfile-');
  await writeFile(join(base, 'traces'), 'not a directory');
  return join(base, 'traces');
}

describe('a session that cannot be written, without a diag logger', () => {
  it('says once on stderr that a read-only directory cannot be written (EACCES), with the path and what to do', { skip: nobodyCannotRunTheSnippet }, async () => {
    const { directory, asNobody } = await readOnlyDirectory();
    const said = theOnlyWarning(await runSnippet({ directory, asNobody }));
    assert.match(said, /\[OTEL_SESSION_FILE_WRITE_FAILED\]/);
    assert.ok(said.includes(join(directory, 'conversation-1.json')), said);
    assert.match(said, /\(EACCES\).*write permission/);
  });

  const elsewhere: Array<[string, () => Promise<string>, RegExp]> = [
    ['a path under a file (ENOTDIR)', pathUnderFile, /\(ENOTDIR\).*is a file, not a directory/],
    ['a directory path that is a file (EEXIST)', directoryThatIsAFile, /\(EEXIST\).*is a file, not a directory/],
  ];
  for (const [what, make, says] of elsewhere) {
    it(`says once that ${what} cannot be written, and nothing else`, async () => {
      const directory = await make();
      const said = theOnlyWarning(await runSnippet({ directory }));
      assert.ok(said.includes(directory), said);
      assert.match(said, says);
    });
  }

  it('says it from the exit hook when the crash write is the first write', async () => {
    const directory = await pathUnderFile();
    const run = await runSnippet({ directory, crash: true });
    assert.equal(run.code, 1, run.stderr);
    assert.match(run.stderr, /the agent crashed before its first write/);
    const said = warnings(run.stderr);
    assert.equal(said.length, 1, run.stderr);
    assert.match(said[0]!, /\(ENOTDIR\)/);
  });

  it('is silent with --no-warnings', async () => {
    const directory = await pathUnderFile();
    const run = await runSnippet({ directory, nodeOptions: ['--no-warnings'] });
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stderr, '');
  });

  it('says nothing when the session is written', async () => {
    const directory = join(await tempDir('otel-session-fine-'), 'traces');
    const runs = await runLimited(
      [() => runSnippet({ directory }), () => runSnippet({ directory: `${directory}-als`, provider: 'basic+als' })],
      2,
    );
    for (const run of runs) {
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stderr, '');
    }
    for (const written of [directory, `${directory}-als`]) {
      const file = JSON.parse(await readFile(join(written, 'conversation-1.json'), 'utf8')) as { session: { status: string } };
      assert.equal(file.session.status, 'completed');
    }
  });
});

describe('a session that cannot be written, with a diag logger', () => {
  it('reports through diag alone, as before', async () => {
    const directory = await pathUnderFile();
    const run = await runSnippet({ directory, diagLogger: true });
    assert.equal(run.code, 0, run.stderr);
    assert.deepEqual(warnings(run.stderr), []);
    assert.match(run.stderr, /otel-session-file: cannot write .*\(ENOTDIR\)/);
  });
});

describe('hasDiagLogger', () => {
  it('tells whether diag has a logger', () => {
    assert.equal(hasDiagLogger(), false);
    const diagnostics = captureDiag();
    try {
      assert.equal(hasDiagLogger(), true);
    } finally {
      diagnostics.restore();
    }
    assert.equal(hasDiagLogger(), false);
  });
});
