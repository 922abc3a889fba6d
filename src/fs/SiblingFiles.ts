import { hostname } from 'node:os';
import { join } from 'node:path';
import { diag } from '@opentelemetry/api';
import { BoundedMap } from '../common/BoundedMap.js';
import type { PreviousSession } from '../session/previousFile.js';
import type { SessionHeader, SessionWriter } from '../session/SessionHeader.js';
import { isSameWriter } from '../session/writer.js';
import type { FileSystem } from './FileSystem.js';
import { isWriterAlive } from './isWriterAlive.js';
import { judgeStoredSession, siblingFileKey } from './storedSession.js';
import { errorCode } from './writeErrors.js';

/**
 * Sibling files (`<key>~pid<pid>.json`, storedSession.ts) are where a process writes a session while
 * another live process holds the session's own file. Once their writers have ended, the next process
 * that continues the session in its own file takes them back in: it reads them with the file, and
 * removes each one only after a write of the file lists that sibling's run (its writer) among the
 * session's segments. Until then a sibling stays where it is, so a crash or a failed write between the
 * read and the write loses nothing; a sibling taken in whose removal never happened is recognised by its
 * run in the file and not taken in twice.
 *
 * Only the files of writers on this host that have ended are taken in: a live writer may still rewrite
 * its file, and one on another host cannot be asked.
 */

interface TakenSibling {
  path: string;
  writer: SessionWriter;
}

// Sessions starting together share one listing of the directory, which can hold many thousand files;
// a sibling written since is found by a later process.
const LISTING_TTL_MS = 1000;

/** The sibling file names in `names`, by the key of their session. */
function siblingsByKey(names: readonly string[]): Map<string, string[]> {
  const byKey = new Map<string, string[]>();
  for (const name of names) {
    const key = siblingFileKey(name);
    if (key === undefined) continue;
    const list = byKey.get(key);
    if (list) list.push(name);
    else byKey.set(key, [name]);
  }
  return byKey;
}

export class SiblingFiles {
  /** Per session file key, the siblings read with the file and not yet removed. */
  private readonly taken: BoundedMap<string, TakenSibling[]>;
  private listing: { time: number; siblings: Promise<Map<string, string[]>> } | undefined;

  constructor(
    private readonly fileSystem: FileSystem,
    private readonly directory: string,
    maxSessions: number,
  ) {
    this.taken = new BoundedMap(maxSessions);
  }

  /**
   * `previous` (the session's own file) with the siblings to take in beside it; with no file of its own
   * (its holder was killed before its first write), the oldest sibling stands in for it. Never rejects:
   * a sibling that cannot be listed or read now stays for a later process.
   */
  async withSiblings(key: string, sessionId: string, previous: PreviousSession | undefined): Promise<PreviousSession | undefined> {
    let names: string[];
    try {
      names = await this.siblingNames(key);
    } catch (error) {
      diag.debug(`otel-session-file: could not look for sibling files of session ${sessionId}`, error);
      return previous;
    }
    const host = hostname();
    const taken: TakenSibling[] = [];
    const siblings: PreviousSession[] = [];
    for (const name of names) {
      const path = join(this.directory, name);
      let sibling: PreviousSession;
      try {
        const verdict = judgeStoredSession(await this.fileSystem.readFile(path), sessionId);
        if (verdict.kind !== 'resume') continue;
        sibling = verdict.previous;
      } catch {
        continue;
      }
      const writer = sibling.header.writer;
      if (writer === undefined || writer.host !== host || isWriterAlive(writer, host)) continue;
      taken.push({ path, writer });
      const inFileAlready = previous?.header.segments?.some((segment) => isSameWriter(segment.writer, writer)) === true;
      if (!inFileAlready) siblings.push(sibling);
    }
    if (taken.length > 0) this.taken.set(key, taken);
    if (siblings.length === 0) return previous;
    siblings.sort((a, b) => Date.parse(a.header.startTime) - Date.parse(b.header.startTime));
    const base = previous ?? siblings.shift()!;
    return { ...base, siblings };
  }

  /** Removes the siblings of `key` whose runs `written` (a header now on disk) lists. */
  async removeListed(key: string, written: SessionHeader): Promise<void> {
    for (const { path } of this.listed(key, written)) {
      try {
        await this.fileSystem.unlink(path);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') diag.debug(`otel-session-file: could not remove ${path}, taken into its session's file`, error);
      }
    }
  }

  /** {@link removeListed}, synchronously. Never throws. */
  removeListedSync(key: string, written: SessionHeader): void {
    for (const { path } of this.listed(key, written)) {
      try {
        this.fileSystem.unlinkSync(path);
      } catch (error) {
        if (errorCode(error) !== 'ENOENT') diag.debug(`otel-session-file: could not remove ${path}, taken into its session's file`, error);
      }
    }
  }

  private siblingNames(key: string): Promise<string[]> {
    const now = Date.now();
    if (this.listing === undefined || now - this.listing.time > LISTING_TTL_MS) {
      this.listing = { time: now, siblings: this.fileSystem.readdir(this.directory).then(siblingsByKey) };
    }
    return this.listing.siblings.then((byKey) => byKey.get(key) ?? []);
  }

  /** The siblings of `key` that `written` lists, forgotten from here on. */
  private listed(key: string, written: SessionHeader): TakenSibling[] {
    const taken = this.taken.get(key);
    if (taken === undefined) return [];
    const listed = taken.filter(({ writer }) => written.segments?.some((segment) => isSameWriter(segment.writer, writer)) === true);
    const left = taken.filter((sibling) => !listed.includes(sibling));
    if (left.length > 0) this.taken.set(key, left);
    else this.taken.delete(key);
    return listed;
  }
}
