import type { ChildProcess } from 'node:child_process';
import { rename, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { startCli } from './runCli.js';
import { sessionFileText, type SessionFile } from './fixtures/makeSessionFile.js';

/**
 * `otel-session view` running in a child process, for the view tests and the browser test: started,
 * its URL read from its output, and stopped by its own pid.
 */

export interface ViewProcess {
  child: ChildProcess;
  url: string;
  output: () => string;
  stop(): Promise<void>;
}

export async function startView(args: string[], timeoutMs = 20_000): Promise<ViewProcess> {
  const child = startCli(['view', ...args]);
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`view printed no URL within ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const found = /at (http:\/\/127\.0\.0\.1:\d+\/\S*)/.exec(output);
      if (found) {
        clearTimeout(timer);
        resolve(found[1]!);
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`view exited with ${code} before printing a URL:\n${output}`));
    });
  });
  return {
    child,
    url,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Replaces the file as the exporter does: a temporary file in the same directory, then a rename. */
export async function rewriteAtomically(path: string, file: SessionFile): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, sessionFileText(file));
  await rename(temp, path);
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A GET with full control of the headers (fetch does not let a test set `Host`). */
export function get(url: string, headers: Record<string, string> = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    })
      .on('error', reject)
      .end();
  });
}
