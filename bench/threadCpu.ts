import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time of the main thread and of all other threads (V8's GC helpers, libuv's pool), where Linux's
 * /proc tells it per thread: `process.cpuUsage()` gives only the sum, and Node 20 has no
 * `threadCpuUsage`. Undefined elsewhere.
 */
export interface ThreadCpu {
  mainMs: number;
  othersMs: number;
}

const TICK_MS = 10;

export function threadCpu(): ThreadCpu | undefined {
  let tasks: string[];
  try {
    tasks = readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const used: ThreadCpu = { mainMs: 0, othersMs: 0 };
  for (const task of tasks) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/self/task/${task}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ms = (Number(fields[11]) + Number(fields[12])) * TICK_MS;
    if (task === String(process.pid)) used.mainMs += ms;
    else used.othersMs += ms;
  }
  return used;
}

export function threadCpuSince(before: ThreadCpu | undefined): ThreadCpu | undefined {
  const now = threadCpu();
  if (before === undefined || now === undefined) return undefined;
  return { mainMs: now.mainMs - before.mainMs, othersMs: now.othersMs - before.othersMs };
}
