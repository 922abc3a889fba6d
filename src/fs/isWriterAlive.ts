import { hostname } from 'node:os';
import { errorCode } from './writeErrors.js';

/**
 * Whether the process named as a file's writer still runs on this host. Only a process on this host can
 * be asked; a writer elsewhere counts as not alive here. A reused pid makes a dead writer look alive,
 * which only keeps a file longer.
 *
 * @param writer - untrusted: read from a file's header.
 */
export function isWriterAlive(writer: unknown, host: string = hostname()): boolean {
  if (typeof writer !== 'object' || writer === null) return false;
  const { pid, host: writerHost } = writer as { pid?: unknown; host?: unknown };
  // pid 0 and negative pids address process groups: never probe those.
  if (writerHost !== host || typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return errorCode(error) === 'EPERM';
  }
}
