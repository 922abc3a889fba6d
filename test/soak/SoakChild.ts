import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/**
 * A soak fixture in a child process (`node [nodeOptions] --import tsx test/soak/fixtures/<name>.ts`),
 * talked to in lines: it reports `<word> <json>` on stdout, and reads commands from stdin.
 */

const repoRoot = join(import.meta.dirname, '..', '..');

export interface SoakExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** From spawn to the end of the process. */
  elapsedMs: number;
}

export class SoakChild {
  readonly exited: Promise<SoakExit>;
  private readonly child: ChildProcess;
  private readonly reports: Array<{ word: string; data: unknown }> = [];
  private readonly waiting: Array<() => void> = [];
  private rest = '';
  private stderrText = '';
  private ended = false;

  constructor(fixture: string, args: string[] = [], nodeOptions: string[] = []) {
    const started = performance.now();
    const script = join(repoRoot, 'test', 'soak', 'fixtures', `${fixture}.ts`);
    this.child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', script, ...args], {
      cwd: repoRoot,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => this.read(chunk));
    this.child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderrText += chunk));
    this.exited = new Promise((resolve, reject) => {
      this.child.on('error', reject);
      this.child.on('close', (code, signal) => {
        this.ended = true;
        this.wake();
        resolve({ code, signal, elapsedMs: performance.now() - started });
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  get stderr(): string {
    return this.stderrText;
  }

  /** The data of the first report `word`, waiting for it; rejects when the child ends first or after `timeoutMs`. */
  async report<T>(word: string, timeoutMs = 120_000): Promise<T> {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const found = this.reports.find((report) => report.word === word);
      if (found) return found.data as T;
      if (this.ended) throw new Error(`the child ended before reporting ${word}: ${this.stderrText.slice(-2000)}`);
      const left = deadline - performance.now();
      if (left <= 0) throw new Error(`no ${word} report within ${timeoutMs} ms: ${this.stderrText.slice(-2000)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiting.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  send(command: string): void {
    this.child.stdin!.write(`${command}\n`);
  }

  /** Ends the child's stdin: a fixture reading commands sees the end of its input. */
  closeInput(): void {
    this.child.stdin!.end();
  }

  /** Ends the child if it is still running (a test that failed half-way). */
  kill(): void {
    if (!this.ended) this.child.kill('SIGKILL');
  }

  private read(chunk: string): void {
    const lines = (this.rest + chunk).split('\n');
    this.rest = lines.pop()!;
    for (const line of lines) {
      const space = line.indexOf(' ');
      const word = space < 0 ? line : line.slice(0, space);
      this.reports.push({ word, data: space < 0 ? undefined : JSON.parse(line.slice(space + 1)) });
    }
    this.wake();
  }

  private wake(): void {
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}
