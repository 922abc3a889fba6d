import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PACKAGE, runCli } from './runCli.js';

const COMMANDS = ['ls', 'show', 'html', 'view', 'send', 'validate'];

describe('otel-session', () => {
  it('lists every command and the exit codes in --help', async () => {
    const { code, stdout } = await runCli(['--help']);
    assert.equal(code, 0);
    for (const command of COMMANDS) assert.match(stdout, new RegExp(`^  ${command}\\b`, 'm'));
    assert.match(stdout, /Exit codes:\n {2}0 {2}success\n {2}1 {2}failed.*\n {2}2 {2}usage error/);
  });

  for (const command of COMMANDS) {
    it(`documents its options and exit codes in \`${command} --help\``, async () => {
      const { code, stdout } = await runCli([command, '--help']);
      assert.equal(code, 0);
      assert.match(stdout, new RegExp(`^Usage: otel-session ${command} `));
      assert.match(stdout, /Exit codes:/);
    });
  }

  it('prints the package version', async () => {
    const { version } = JSON.parse(await readFile(join(PACKAGE, 'package.json'), 'utf8')) as { version: string };
    const { code, stdout } = await runCli(['--version']);
    assert.equal(code, 0);
    assert.equal(stdout.trim(), version);
  });

  it('exits 2 for usage errors: no command, an unknown one, an unknown option, a missing or malformed argument', async () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /Usage: otel-session/],
      [['lss'], /unknown command 'lss'.*\n.*Did you mean ls\?/s],
      [['ls', '--jsn'], /unknown option '--jsn'/],
      [['show'], /missing required argument 'id\|file'/],
      [['show', 'x', '--depth', '0'], /option '--depth <n>' argument '0' is invalid\. expected an integer >= 1/],
      [['show', 'x', '--limit', 'many'], /expected an integer >= 0, got "many"/],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(args);
      assert.equal(code, 2, `otel-session ${args.join(' ')}: ${stderr}`);
      assert.match(stderr, message);
    }
  });
});
