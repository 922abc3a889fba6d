import { watch, type FSWatcher } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';

/**
 * Calls `onChange` when the file at `path` may have changed. The writer replaces the file by renaming a
 * new one over it, so the directory is watched, not the file: a watch on the old inode would go quiet
 * after the first write. Polling runs as well, because fs.watch sends nothing on some file systems
 * (network mounts, some container volumes) and can fail outright (inotify limits). Calls may repeat;
 * the caller compares contents.
 */
export function watchFile(path: string, onChange: () => void, pollMs = 500): () => void {
  const name = basename(path);
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(path), (_event, changed) => {
      if (changed === null || changed.toString() === name) onChange();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    watcher = undefined;
  }

  let last = '';
  const poll = async () => {
    try {
      const stats = await stat(path, { bigint: true });
      const signature = `${stats.ino}:${stats.size}:${stats.mtimeNs}`;
      if (last !== '' && signature !== last) onChange();
      last = signature;
    } catch {
      // Missing for a moment (deleted, or between unlink and rename): the next poll sees the new file.
    }
  };
  void poll();
  const timer = setInterval(() => void poll(), pollMs);
  return () => {
    clearInterval(timer);
    watcher?.close();
  };
}
