import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { hasDiagLogger } from '../../src/diag/reportMisconfiguration.js';
import { runLimited } from '../crash/lib/crashMatrix.js';
import { fixtureCommand, repoRoot } from '../crash/lib/fixtureCommand.js';
import { captureDiag } from '../helpers/captureDiag.js';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';

/**
 * A misconfiguration is said once on stderr when no diag logger is set, and through diag alone when one
 * is: README's snippet in real child processes (test/crash/fixtures/readmeSnippet.ts).
 */

after(removeTempDirs);

const WARNING = 'OtelSessionFileWarning';
// Tests run as root, for whom permission bits fail nothing: the read-only case runs its child as nobody.
const NOBODY = 65534;
const isRoot = process.getuid?.() === 0;

interface Run {
  code: number | null;
  stderr: string;
}

interface RunOptions {
  directory: string;
  provider?: 'node' | 'basic' | 'basic+als';
  diagLogger?: boolean;
  crash?: boolean;
  nodeOptions?: string[];
  asNobody?: boolean;
}

async function runSnippet({ nodeOptions = [], asNobody = false, provider = 'node', ...setup }: RunOptions): Promise<Run> {
  const command = await fixtureCommand('readmeSnippet');
  if (asNobody) {
    // The bundled fixtures live in a private temporary directory; nobody must be able to read them.
    const fixture = command[command.length - 1]!;
    if (fixture.endsWith('.mjs')) await chmod(dirname(fixture), 0o755);
  }
  const args = [...nodeOptions, ...command, JSON.stringify({ ...setup, provider })];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
    ...(asNobody ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { code, stderr };
}

function warnings(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line.includes(WARNING));
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
  it('says once on stderr that a read-only directory cannot be written (EACCES), with the path and what to do', async () => {
    const { directory, asNobody } = await readOnlyDirectory();
    const run = await runSnippet({ directory, asNobody });
    assert.equal(run.code, 0, run.stderr);
    const said = warnings(run.stderr);
    assert.equal(said.length, 1, run.stderr);
    assert.match(said[0]!, /\[OTEL_SESSION_FILE_WRITE_FAILED\]/);
    assert.ok(said[0]!.includes(join(directory, 'conversation-1.json')), said[0]);
    assert.match(said[0]!, /\(EACCES\).*write permission/);
  });

  it('says once that a path under a file cannot be written (ENOTDIR), and the rest of stderr is quiet', async () => {
    const directory = await pathUnderFile();
    const run = await runSnippet({ directory, provider: 'basic+als' });
    assert.equal(run.code, 0, run.stderr);
    const said = warnings(run.stderr);
    assert.equal(said.length, 1, run.stderr);
    assert.ok(said[0]!.includes(directory), said[0]);
    assert.match(said[0]!, /\(ENOTDIR\).*is a file, not a directory/);
  });

  it('says once that a directory path which is a file cannot be written (EEXIST)', async () => {
    const directory = await directoryThatIsAFile();
    const run = await runSnippet({ directory });
    assert.equal(run.code, 0, run.stderr);
    const said = warnings(run.stderr);
    assert.equal(said.length, 1, run.stderr);
    assert.ok(said[0]!.includes(directory), said[0]);
    assert.match(said[0]!, /\(EEXIST\).*is a file, not a directory/);
  });

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
