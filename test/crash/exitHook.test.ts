import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { removeTempDirs, tempDir } from '../helpers/tempDir.js';
import { runLimited } from './lib/crashMatrix.js';
import { FixtureChild, type ChildExit } from './lib/FixtureChild.js';
import { ENDINGS, EXIT_MESSAGE, type Ending } from './lib/scenarioFacts.js';
import { readSessionFile } from './lib/sessionFile.js';
import type { ExitListeners } from './fixtures/lib/exitListeners.js';

/**
 * The exit hook's promises to the process, in real child processes: it never changes how the process
 * exits, a shut-down processor leaves nothing behind, and neither does one that was garbage-collected.
 */

after(removeTempDirs);

interface ListenersReported {
  before: ExitListeners;
  registered: ExitListeners;
  after: ExitListeners;
}

function listenersReported(child: FixtureChild): ListenersReported {
  const line = child.lines.find((reported) => reported.fields[0] === 'LISTENERS');
  assert.ok(line, `the child reported no listeners${child.tail()}`);
  const [before, registered, afterwards] = line.fields.slice(1).map((json) => JSON.parse(json) as ExitListeners);
  return { before: before!, registered: registered!, after: afterwards! };
}

/**
 * Nothing of the plugin's is left: no exit callback, no flush target, no uncaughtExceptionMonitor, and no
 * signal listener (signal-exit unloads once the hook and every write's temporary-file cleanup are gone).
 */
function assertNothingLeft({ before, after: afterwards }: ListenersReported): void {
  assert.deepEqual(afterwards, before);
}

async function exitOf(plugin: boolean, ending: Ending): Promise<{ exit: ChildExit; stderr: string; directory: string }> {
  const directory = await tempDir('otel-session-exit-');
  const child = await FixtureChild.start(plugin ? 'exitBehaviour' : 'exitControl', [JSON.stringify({ directory, ending })]);
  await child.waitFor('READY');
  if (ending.startsWith('SIG')) child.kill(ending as NodeJS.Signals);
  if (ending === 'own SIGTERM handler') child.kill('SIGTERM');
  return { exit: await child.ended(), stderr: child.stderr, directory };
}

describe('exit hook in a real process', () => {
  it('leaves exit code and signal exactly as a process without the plugin has them', async () => {
    const endings = ENDINGS;
    const runs = await runLimited(
      endings.flatMap((ending) => [() => exitOf(false, ending), () => exitOf(true, ending)]),
      2,
    );
    const differences: string[] = [];
    endings.forEach((ending, index) => {
      const control = runs[2 * index]!;
      const withPlugin = runs[2 * index + 1]!;
      if (control.exit.code !== withPlugin.exit.code || control.exit.signal !== withPlugin.exit.signal) {
        differences.push(`${ending}: without ${JSON.stringify(control.exit)}, with ${JSON.stringify(withPlugin.exit)}`);
      }
      if (ending === 'uncaughtException' || ending === 'unhandledRejection') {
        // The error is still reported as Node reports it.
        for (const run of [control, withPlugin]) {
          if (!run.stderr.includes(EXIT_MESSAGE)) differences.push(`${ending}: stderr lacks the error: ${run.stderr.slice(0, 300)}`);
        }
      }
    });
    assert.deepEqual(differences, []);
    // The plugin did its work meanwhile: a clean ending leaves the session interrupted, the others crashed.
    const status = (ending: Ending): string | undefined =>
      readSessionFile(join(runs[2 * endings.indexOf(ending) + 1]!.directory, 'exit-behaviour.json')).session.status;
    assert.equal(status('natural'), 'interrupted');
    assert.equal(status('exitCode 3'), 'crashed');
    assert.equal(status('own SIGTERM handler'), 'crashed');
    assert.equal(status('SIGKILL'), 'running');
  });

  it('leaves no exit hook behind after shutdown: exit code 1 does not rewrite the interrupted session', async () => {
    const directory = await tempDir('otel-session-exit-');
    const child = await FixtureChild.start('shutdownThenExit', [JSON.stringify({ directory })]);
    assert.deepEqual(await child.ended(), { code: 1, signal: null });
    const listeners = listenersReported(child);
    assert.equal(listeners.registered.exitFlushTargets, 1);
    assert.equal(listeners.registered.uncaughtExceptionMonitor, listeners.before.uncaughtExceptionMonitor + 1);
    assertNothingLeft(listeners);
    const file = readSessionFile(join(directory, 'shut-down.json'));
    assert.equal(file.session.status, 'interrupted');
    assert.equal(file.session.crash, undefined);
  });

  it('leaves no exit hook behind when the processor is garbage-collected', async () => {
    const directory = await tempDir('otel-session-exit-');
    const child = await FixtureChild.start('gcUnreachable', [JSON.stringify({ directory })], { nodeOptions: ['--expose-gc'] });
    assert.deepEqual(await child.ended(), { code: 0, signal: null }, child.tail());
    const listeners = listenersReported(child);
    assert.equal(listeners.registered.exitFlushTargets, 1);
    assert.equal(listeners.registered.exitCallbacks, listeners.before.exitCallbacks + 1);
    assertNothingLeft(listeners);
    assert.equal(readSessionFile(join(directory, 'collected.json')).session.status, 'completed');
  });
});
