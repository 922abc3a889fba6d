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
      assert.doesNotMatch(stdout.replace(/\s+/g, ' '), /\(default: [^)]*\) \(default:/, 'an option says its default twice');
      assert.doesNotMatch(stdout, /\(default: \[\]\)/, 'an empty list is no default worth printing');
    });
  }

  it('prints the package version', async () => {
    const { version } = JSON.parse(await readFile(join(PACKAGE, 'package.json'), 'utf8')) as { version: string };
    const { code, stdout } = await runCli(['--version']);
    assert.equal(code, 0);
    assert.equal(stdout.trim(), version);
  });

  it('exits 2 with the help when no command is given', async () => {
    const { code, stderr } = await runCli([]);
    assert.equal(code, 2);
    assert.match(stderr, /^Usage: otel-session/);
  });

  it('reports usage errors in one `otel-session: error:` line that points to the help, and exits 2', async () => {
    const cases: Array<[string[], string]> = [
      [['lss'], "unknown command 'lss' (did you mean ls?); see 'otel-session --help'"],
      [['ls', '--jsn'], "unknown option '--jsn' (did you mean --json?); see 'otel-session ls --help'"],
      [['show'], "missing required argument 'id|file'; see 'otel-session show --help'"],
      [['show', 'x', '--depth', '0'], `option '--depth <n>' argument '0' is invalid. expected an integer >= 1, got "0"; see 'otel-session show --help'`],
      [['show', 'x', '--limit', 'many'], `option '-n, --limit <n>' argument 'many' is invalid. expected an integer >= 0, got "many"; see 'otel-session show --help'`],
      [['ls', 'a', 'b'], "too many arguments for 'ls'. Expected 1 argument but got 2; see 'otel-session ls --help'"],
    ];
    for (const [args, message] of cases) {
      const { code, stderr } = await runCli(args);
      assert.equal(code, 2, `otel-session ${args.join(' ')}: ${stderr}`);
      assert.equal(stderr, `otel-session: error: ${message}\n`);
    }
  });
});
