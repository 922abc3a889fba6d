import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { onExit } from 'signal-exit';
import { currentWriter } from '../session/writer.js';
import type { SessionWriter } from '../session/SessionHeader.js';
import type { FileSystem } from './FileSystem.js';
import { isWriterAlive } from './isWriterAlive.js';
import { SESSION_FILE_EXTENSION } from './sessionFileName.js';
import { errorCode } from './writeErrors.js';

/**
 * Which live process owns a session's own file `<key>.json`. A process claims it before its first write
 * by creating `<key>.json.claim` with O_EXCL, holding its pid, host, start time and a random token; every
 * other process finds the claim and writes a sibling file. Reading the session file and deciding from its
 * header cannot do this: two processes that both read a completed file both decide to write it, and the
 * last rename wins.
 *
 * Why not proper-lockfile: the library may depend on the OTel packages and signal-exit only; and
 * proper-lockfile judges a lock stale by its mtime alone (refreshed on a timer), so an owner whose event
 * loop is blocked longer than the stale age loses its lock, and it removes a stale lock and retries
 * without re-checking, so two takers can both win. It is asynchronous first, while the exit hook that
 * releases a claim must be synchronous. A claim here is judged by what it says: on this host by whether
 * its process is alive (exact, whatever the event loop does); from another host by its age, which its
 * owner refreshes while alive. Taking a stale claim over happens under a takeover file created with
 * O_EXCL, after re-reading the claim, so exactly one taker wins.
 *
 * Releasing deletes a claim only when it still holds this owner's token. A claim is a few syscalls once
 * per session, off the hot path. A claim is made synchronously, so that the exit write cannot meet one
 * half made (an asynchronous create would leave an empty claim file for the exit write to judge);
 * releasing runs in the thread pool (`release`): next to other sessions' writes in the same directory
 * an unlink waited up to ~10 ms on the file system's journal, blocking the event loop. The exit write
 * releases synchronously.
 */

/** A claim from another host that has not been refreshed for this long belongs to a dead process. */
export const STALE_CLAIM_MS = 2 * 60 * 1000;
/** How often an owner refreshes its claims' mtime, well inside {@link STALE_CLAIM_MS}. */
const REFRESH_MS = 30 * 1000;
/** A takeover is a few syscalls; a takeover file this old was left by a process that died in one. */
const STALE_TAKEOVER_MS = 10 * 1000;

export const CLAIM_SUFFIX = '.claim';
const TAKEOVER_SUFFIX = '.takeover';

interface ClaimRecord extends SessionWriter {
  token: string;
}

export type ClaimResult =
  /** This process owns the session's own file. */
  | { kind: 'owned' }
  /** Another live process does; `owner` is what its claim says, when it could be read. */
  | { kind: 'held'; owner: Partial<SessionWriter> | undefined }
  /** No claim could be made (the directory is not writable, say); the caller decides. */
  | { kind: 'failed'; error: unknown };

/** The claim file of a session file key. */
export function claimFileName(key: string): string {
  return key + SESSION_FILE_EXTENSION + CLAIM_SUFFIX;
}

function parseClaim(bytes: Uint8Array): Partial<ClaimRecord> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'));
    return typeof value === 'object' && value !== null ? (value as Partial<ClaimRecord>) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a claim was left by a process that is gone. On this host the pid says it; elsewhere, or for a
 * claim that cannot be read (its creator died between creating and writing it), its age does.
 */
export function isClaimStale(claim: Partial<ClaimRecord> | undefined, mtimeMs: number, now: number, host: string): boolean {
  if (claim !== undefined && claim.host === host && typeof claim.pid === 'number') return !isWriterAlive(claim, host);
  return now - mtimeMs > STALE_CLAIM_MS;
}

export class SessionClaims {
  /** Claim path to the exact bytes this process wrote there. */
  private readonly held = new Map<string, string>();
  /** Claims being released in the thread pool: path to their bytes and the release. */
  private readonly releasing = new Map<string, { text: string; done: Promise<void> }>();
  private refreshTimer: NodeJS.Timeout | undefined;
  private removeExitHandler: (() => void) | undefined;

  constructor(
    private readonly fileSystem: FileSystem,
    private readonly directory: string,
    private readonly mode: number,
    private readonly now: () => number = Date.now,
    private readonly host: string = hostname(),
  ) {}

  /** Whether this process holds the claim of `key`. */
  holds(key: string): boolean {
    return this.held.has(this.pathOf(key));
  }

  /** Claims `key`'s file, taking over a claim whose owner is gone. Never throws. */
  claimSync(key: string): ClaimResult {
    const path = this.pathOf(key);
    if (this.held.has(path)) return { kind: 'owned' };
    try {
      // The exit write comes while `release` removes this claim in the thread pool: it is ours again.
      const inFlight = this.releasing.get(path)?.text;
      if (inFlight !== undefined && (this.createSync(path, inFlight) || this.readSync(path)?.text === inFlight)) {
        this.hold(path, inFlight);
        return { kind: 'owned' };
      }
      // Two rounds: a stale claim removed in the first lets the second create ours, unless another
      // process created one in between, which then is live.
      for (let round = 0; round < 2; round++) {
        if (this.createSync(path)) return { kind: 'owned' };
        const found = this.readSync(path);
        if (found === undefined) continue;
        if (!isClaimStale(found.claim, found.mtimeMs, this.now(), this.host) || !this.takeOverSync(path, found.text)) {
          return { kind: 'held', owner: found.claim };
        }
      }
      return this.createSync(path) ? { kind: 'owned' } : { kind: 'held', owner: this.readSync(path)?.claim };
    } catch (error) {
      return { kind: 'failed', error };
    }
  }

  /**
   * Removes `key`'s claim when its owner is gone (SIGKILL leaves claims behind), by the same takeover as a
   * claimant's, so a fresh claim is never removed. Never throws.
   */
  clearIfStaleSync(key: string): boolean {
    const path = this.pathOf(key);
    if (this.held.has(path)) return false;
    try {
      const found = this.readSync(path);
      return found !== undefined && isClaimStale(found.claim, found.mtimeMs, this.now(), this.host) && this.takeOverSync(path, found.text);
    } catch {
      return false;
    }
  }

  /** {@link releaseSync} in the thread pool. Never rejects. */
  release(key: string): Promise<void> {
    const path = this.pathOf(key);
    const text = this.forget(path);
    if (text === undefined) return Promise.resolve();
    const done = this.removeIfOurs(path, text).finally(() => this.releasing.delete(path));
    this.releasing.set(path, { text, done });
    return done;
  }

  private async removeIfOurs(path: string, text: string): Promise<void> {
    try {
      // Taken over (we were judged gone), or held again by the exit write: not ours to remove now.
      if (Buffer.from(await this.fileSystem.readFile(path)).toString('utf8') === text && !this.held.has(path)) await this.fileSystem.unlink(path);
    } catch {
      // Gone already, or unreadable: nothing of ours to remove.
    }
  }

  /** Resolves once every release started so far has removed its claim (or left another owner's). */
  async released(): Promise<void> {
    await Promise.all([...this.releasing.values()].map((release) => release.done));
  }

  /** Gives up `key`'s claim, if this process still holds it; never deletes another owner's. Never throws. */
  releaseSync(key: string): void {
    this.releasePathSync(this.pathOf(key));
  }

  /** Gives up every claim this process holds; for shutdown and the exit hook. Never throws. */
  releaseAllSync(): void {
    for (const path of [...this.held.keys()]) this.releasePathSync(path);
  }

  private pathOf(key: string): string {
    return join(this.directory, claimFileName(key));
  }

  private newClaimText(): string {
    const record: ClaimRecord = { ...currentWriter(), token: randomBytes(8).toString('hex') };
    return JSON.stringify(record);
  }

  private createSync(path: string, text = this.newClaimText()): boolean {
    try {
      this.fileSystem.createExclusiveSync(path, Buffer.from(text), this.mode);
    } catch (error) {
      if (errorCode(error) === 'EEXIST') return false;
      throw error;
    }
    this.hold(path, text);
    return true;
  }

  private hold(path: string, text: string): void {
    this.held.set(path, text);
    this.startRefreshing();
  }

  private readSync(path: string): { text: string; claim: Partial<ClaimRecord> | undefined; mtimeMs: number } | undefined {
    try {
      const mtimeMs = this.fileSystem.statSync(path).mtimeMs;
      const bytes = this.fileSystem.readFileSync(path);
      return { text: Buffer.from(bytes).toString('utf8'), claim: parseClaim(bytes), mtimeMs };
    } catch (error) {
      // Released between our attempt to create it and this read: free again.
      if (errorCode(error) === 'ENOENT') return undefined;
      throw error;
    }
  }

  /**
   * Removes the stale claim whose content is `staleText`, under the takeover file so that of several
   * takers exactly one removes it; the others find the winner's fresh claim when they look again.
   * Returns false when another process is taking over right now.
   */
  private takeOverSync(path: string, staleText: string): boolean {
    const takeover = path + TAKEOVER_SUFFIX;
    if (!this.lockTakeoverSync(takeover)) return false;
    try {
      const again = this.readSync(path);
      if (again !== undefined && again.text !== staleText) return false;
      if (again !== undefined) this.unlinkIfPresentSync(path);
      return true;
    } finally {
      this.unlinkIfPresentSync(takeover);
    }
  }

  private lockTakeoverSync(takeover: string): boolean {
    try {
      this.fileSystem.createExclusiveSync(takeover, Buffer.from(String(process.pid)), this.mode);
      return true;
    } catch (error) {
      if (errorCode(error) !== 'EEXIST') throw error;
    }
    // Left by a taker that died within its few syscalls: remove it, and let the next claim try again.
    const age = this.now() - this.fileSystem.statSync(takeover).mtimeMs;
    if (age > STALE_TAKEOVER_MS) this.unlinkIfPresentSync(takeover);
    return false;
  }

  /** Stops holding a claim; returns the bytes it was made of, if it was held. */
  private forget(path: string): string | undefined {
    const text = this.held.get(path);
    if (text === undefined) return undefined;
    this.held.delete(path);
    if (this.held.size === 0) this.stopRefreshing();
    return text;
  }

  private releasePathSync(path: string): void {
    const text = this.forget(path);
    if (text === undefined) return;
    try {
      // Taken over (we were judged gone): the claim there is someone else's now.
      if (Buffer.from(this.fileSystem.readFileSync(path)).toString('utf8') === text) this.fileSystem.unlinkSync(path);
    } catch {
      // Gone already, or unreadable: nothing of ours to remove.
    }
  }

  private unlinkIfPresentSync(path: string): void {
    try {
      this.fileSystem.unlinkSync(path);
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
    }
  }

  /** While claims are held: the refresh timer, and the exit handler that releases them. */
  private startRefreshing(): void {
    if (this.refreshTimer !== undefined) return;
    this.refreshTimer = setInterval(() => this.refresh(), REFRESH_MS);
    // Holding a claim must not keep the process alive.
    this.refreshTimer.unref();
    // Last: the processors' exit hooks write their crash records first, into the files still claimed.
    this.removeExitHandler = onExit(() => this.releaseAllSync(), { alwaysLast: true });
  }

  private stopRefreshing(): void {
    clearInterval(this.refreshTimer);
    this.refreshTimer = undefined;
    this.removeExitHandler?.();
    this.removeExitHandler = undefined;
  }

  /** Keeps claims fresh for processes on other hosts, which can only judge them by age. */
  private refresh(): void {
    for (const path of this.held.keys()) {
      try {
        this.fileSystem.touchSync(path);
      } catch {
        // A claim removed by hand is not ours to recreate; the next claim of its key notices.
      }
    }
  }
}
