import { spawn, type ChildProcess } from 'node:child_process';
import { childRuntime, runtimeExecutable } from './childRuntime.js';
import { fixtureCommand, repoRoot } from './fixtureCommand.js';

/**
 * A fixture of test/crash/fixtures/ running in a child process (see fixtureCommand.ts) on Node or Bun
 * (childRuntime.ts), read line by line
 * as it reports (test/crash/fixtures/lib/report.ts). Each line carries the time the parent read it.
 */

export interface ReportedLine {
  /** The line's words. */
  fields: string[];
  /** When the parent read it (Date.now()). */
  readAt: number;
}

export interface ChildExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface FixtureOptions {
  /** Node options before the fixture, e.g. `--expose-gc`; not given to Bun, which takes other ones. */
  nodeOptions?: string[];
  env?: NodeJS.ProcessEnv;
}

interface Waiter {
  matches: (line: ReportedLine) => boolean;
  resolve: (line: ReportedLine | undefined) => void;
}

export class FixtureChild {
  readonly lines: ReportedLine[] = [];
  readonly exited: Promise<ChildExit>;
  private readonly process: ChildProcess;
  private stdoutRest = '';
  private stderrText = '';
  private exit: ChildExit | undefined;
  private waiters: Waiter[] = [];

  /** Starts `fixture` (its file name in test/crash/fixtures/, without `.ts`) with `args`. */
  static async start(fixture: string, args: string[] = [], options: FixtureOptions = {}): Promise<FixtureChild> {
    const runtimeOptions = childRuntime === 'node' ? (options.nodeOptions ?? []) : [];
    return new FixtureChild([...runtimeOptions, ...(await fixtureCommand(fixture)), ...args], options.env);
  }

  private constructor(runtimeArgs: string[], env: NodeJS.ProcessEnv = process.env) {
    this.process = spawn(runtimeExecutable(), runtimeArgs, { cwd: repoRoot, env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.process.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.read(chunk));
    this.process.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderrText += chunk));
    this.exited = new Promise((resolve, reject) => {
      this.process.on('error', reject);
      // 'close', not 'exit': by then every line the child wrote has been read.
      this.process.on('close', (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
        for (const waiter of this.waiters.splice(0)) waiter.resolve(undefined);
      });
    });
    // A child that cannot be started fails whoever waits for it, not the process.
    this.exited.catch(() => undefined);
  }

  get pid(): number | undefined {
    return this.process.pid;
  }

  get stderr(): string {
    return this.stderrText;
  }

  /**
   * The first line whose first word is `word` (from the line at index `after` on), waiting for it; rejects
   * if the child ends first or after `timeoutMs`.
   */
  async waitFor(word: string, { after = 0, timeoutMs = 60_000 } = {}): Promise<ReportedLine> {
    const matches = (line: ReportedLine): boolean => line.fields[0] === word;
    const seen = this.lines.slice(after).find(matches);
    if (seen) return seen;
    if (this.exit) throw new Error(`the child ended (${describeExit(this.exit)}) before reporting ${word}${this.tail()}`);
    let timer: NodeJS.Timeout | undefined;
    try {
      const line = await new Promise<ReportedLine | undefined>((resolve, reject) => {
        this.waiters.push({ matches, resolve });
        timer = setTimeout(() => reject(new Error(`no ${word} from the child within ${timeoutMs} ms${this.tail()}`)), timeoutMs);
      });
      if (line === undefined) throw new Error(`the child ended (${describeExit(this.exit!)}) before reporting ${word}${this.tail()}`);
      return line;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends one line to the child's stdin. */
  tell(line: string): void {
    this.process.stdin!.write(`${line}\n`);
  }

  /** Sends `signal` and returns when it was sent (Date.now()). */
  kill(signal: NodeJS.Signals): number {
    const at = Date.now();
    this.process.kill(signal);
    return at;
  }

  /** Waits for the child to end; kills it with SIGKILL after `timeoutMs`. */
  async ended(timeoutMs = 60_000): Promise<ChildExit> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        this.process.kill('SIGKILL');
        reject(new Error(`the child did not end within ${timeoutMs} ms${this.tail()}`));
      }, timeoutMs);
    });
    try {
      return await Promise.race([this.exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The last lines of output, for failure messages. */
  tail(lines = 8): string {
    const out = this.lines.slice(-lines).map((line) => line.fields.join(' ').slice(0, 200));
    const err = this.stderrText.trim().split('\n').slice(-lines);
    return `\n  stdout tail: ${out.join(' | ') || '(none)'}\n  stderr tail: ${err.join(' | ') || '(none)'}`;
  }

  private read(chunk: string): void {
    const text = this.stdoutRest + chunk;
    const parts = text.split('\n');
    this.stdoutRest = parts.pop()!;
    const readAt = Date.now();
    for (const part of parts) {
      const line: ReportedLine = { fields: part.split(' '), readAt };
      this.lines.push(line);
      if (this.waiters.length === 0) continue;
      const waiting = this.waiters.filter((waiter) => waiter.matches(line));
      if (waiting.length === 0) continue;
      this.waiters = this.waiters.filter((waiter) => !waiting.includes(waiter));
      for (const waiter of waiting) waiter.resolve(line);
    }
  }
}

export function describeExit(exit: ChildExit): string {
  return exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
}
