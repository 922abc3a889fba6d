import { context, diag } from '@opentelemetry/api';
import { ExportResultCode, suppressTracing, type ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from './sdk/types.js';
import { join } from 'node:path';
import { ExportedSessions } from './session/ExportedSessions.js';
import type { PreviousSession } from './session/previousFile.js';
import type { SessionExporter, SessionSnapshot } from './session/SessionSnapshot.js';
import type { SessionFileExporterOptions } from './types.js';
import { reportMisconfiguration } from './diag/reportMisconfiguration.js';
import { CrashGuards } from './fs/CrashGuards.js';
import { FailureReports } from './fs/FailureReports.js';
import { flushPlacedFilesSync, type FlushFailure } from './fs/flushPlacedFiles.js';
import type { AtomicWriteOptions } from './fs/FileSystem.js';
import { InFlightWrites, type InFlightWrite } from './fs/InFlightWrites.js';
import { RetentionSchedule } from './fs/RetentionSchedule.js';
import { SessionClaims, claimFileName, type ClaimResult } from './fs/SessionClaims.js';
import { SiblingFiles } from './fs/SiblingFiles.js';
import { resolveExporterOptions, type ResolvedExporterOptions } from './fs/resolveExporterOptions.js';
import { sessionFileChunks } from './fs/sessionFileChunks.js';
import { BoundedMap } from './common/BoundedMap.js';
import { SESSION_FILE_EXTENSION, sessionFileKey } from './fs/sessionFileName.js';
import { sweepSessionFiles, sweepStaleTempFiles } from './fs/sweepSessionFiles.js';
import { asideFileName, judgeStoredSession, siblingFileName, type StoredSessionVerdict } from './fs/storedSession.js';
import { asError, errorCode, SessionWriteDiscardedError, type DiscardReason } from './fs/writeErrors.js';
import { writeWithRetry, writeWithRetrySync } from './fs/writeWithRetry.js';

/**
 * The exporter: one whole JSON file per session, replaced atomically on every write. It owns the crash
 * guards (once a session is marked crashed, no asynchronous write of it may land over the crash record),
 * the once-per-streak failure reports, and retention. It never throws into its caller: every failure is
 * an `ExportResult` with code FAILED, and the previous file stays as it was.
 */

// Per-session bookkeeping (crash guards, failure streaks, claims, redirects) is capped at this many sessions.
const MAX_TRACKED_SESSIONS = 10_000;

const SUCCESS: ExportResult = { code: ExportResultCode.SUCCESS };

/**
 * No session file can be there. ENOTDIR: a file stands where the directory should be; the write reports
 * that once, and moving "it" aside would only send the session to a sibling file for good.
 */
function isMissingFile(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/**
 * What a failed read of a session path says: nothing there; or something that is no file of ours (a
 * symbolic link, which the read does not follow, or a directory), to be moved aside like a foreign file.
 * Throws the error when the file may be readable later (EMFILE, EIO, EACCES).
 */
function notReadVerdict(error: unknown): StoredSessionVerdict {
  if (isMissingFile(error)) return { kind: 'absent' };
  const code = errorCode(error);
  if (code === 'ELOOP') return { kind: 'unusable', reason: 'it is a symbolic link' };
  if (code === 'EISDIR') return { kind: 'unusable', reason: 'it is a directory' };
  throw error;
}

/** Exit writes in place that a power loss may still take: said once, never raised. */
function reportUnflushed(directory: string, failures: readonly FlushFailure[], placed: number): void {
  const { path, error } = failures[0]!;
  const files = failures.filter((failure) => failure.path !== directory).length;
  const directoryToo = failures.length > files ? ' and the directory' : '';
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : String(error);
  reportMisconfiguration(
    {
      key: `flush ${code ?? 'failed'} ${directory}`,
      code: 'OTEL_SESSION_FILE_FLUSH_FAILED',
      level: 'error',
      message:
        `otel-session-file: the exit writes in ${directory} are in place, but ${files} of ${placed} files${directoryToo} could not be flushed to disk ` +
        `(${path}${code ? `, ${code}` : ''}: ${message}); they survive the end of the process, not a power loss.`,
    },
    { sync: true },
  );
}

function failed(error: Error): ExportResult {
  return { code: ExportResultCode.FAILED, error };
}

/** Where one session goes. */
interface Target {
  id: string;
  key: string;
  path: string;
}

/**
 * Writes each session to its own file, `<directory>/<sanitized session id>.json`, in the format of
 * `docs/file-format.md`. Every write replaces the whole file atomically (temporary file, fsync, rename),
 * so a reader, or a process that dies mid-write, only ever sees whole states.
 *
 * @example
 * const exporter = new SessionFileExporter({ directory: './traces', maxFiles: 200 });
 */
export class SessionFileExporter implements SpanExporter, SessionExporter {
  private readonly options: ResolvedExporterOptions;
  private readonly crashGuards = new CrashGuards(MAX_TRACKED_SESSIONS);
  private readonly inFlight = new InFlightWrites();
  private readonly failures = new FailureReports(MAX_TRACKED_SESSIONS);
  private readonly retention: RetentionSchedule | undefined;
  /** Sessions written to a sibling file because another live process writes their own file. */
  private readonly redirects = new BoundedMap<string, string>(MAX_TRACKED_SESSIONS);
  private readonly claims: SessionClaims;
  private readonly siblings: SiblingFiles;
  /**
   * How the claim of each session's own file went, once asked; a key not here is claimed at its first
   * write. A key stays here until its session is released: retention keeps the files of these sessions.
   */
  private readonly claimed = new BoundedMap<string, ClaimResult['kind']>(MAX_TRACKED_SESSIONS);
  private readonly exported: ExportedSessions;
  /** `export()` calls still reading or assembling their sessions, before their writes are in flight. */
  private readonly pendingExports = new Set<Promise<ExportResult>>();
  private exportChain: Promise<unknown> = Promise.resolve();
  private sweepFailing = false;
  private directoryReady = false;
  /** The sweep of abandoned temporary files that the first write to the directory starts. */
  private tempSweep: Promise<void> | undefined;
  private shutdownPromise: Promise<void> | undefined;

  /** @throws TypeError when an option has the wrong type or a name the options do not have. */
  constructor(options: SessionFileExporterOptions = {}) {
    this.options = resolveExporterOptions(options);
    const { maxFiles } = this.options;
    this.claims = new SessionClaims(this.options.fileSystem, this.options.directory, this.options.fileMode);
    this.siblings = new SiblingFiles(this.options.fileSystem, this.options.directory, MAX_TRACKED_SESSIONS);
    this.retention = maxFiles === undefined ? undefined : new RetentionSchedule(() => this.sweep(maxFiles));
    this.exported = new ExportedSessions(
      {
        sessionAttribute: this.options.sessionAttribute,
        maxSpansPerSession: this.options.maxSpansPerSession,
        maxEntries: MAX_TRACKED_SESSIONS,
      },
      this.options.redactor,
    );
  }

  /** The absolute path of a session's file. */
  pathFor(sessionId: string): string {
    const key = sessionFileKey(sessionId);
    return this.redirects.get(key) ?? join(this.options.directory, key + SESSION_FILE_EXTENSION);
  }

  /**
   * What is stored for a session, so that a process continuing it keeps its earlier spans. A file that
   * is not this session's (corrupt, foreign) is moved aside, never deleted; a file that another live
   * process is writing is left to it, and this process writes the session to a sibling file.
   * Rejects when the file exists but cannot be read now (EMFILE, EIO, EACCES): the caller tries again
   * later rather than treat a readable-tomorrow file as corrupt.
   */
  async readSession(sessionId: string): Promise<PreviousSession | undefined> {
    if (!this.claimOwnFile(sessionId)) return undefined;
    const path = this.pathFor(sessionId);
    let verdict: StoredSessionVerdict;
    try {
      verdict = judgeStoredSession(await this.options.fileSystem.readFile(path), sessionId);
    } catch (error) {
      verdict = notReadVerdict(error);
    }
    if (verdict.kind === 'unusable') {
      const aside = this.asidePath(sessionId);
      try {
        await this.options.fileSystem.rename(path, aside);
      } catch (error) {
        return this.keepUnusable(sessionId, path, verdict.reason, error);
      }
      diag.warn(`otel-session-file: moved ${path} aside to ${aside}: ${verdict.reason}`);
    }
    const previous = this.settleVerdict(sessionId, path, verdict);
    const key = sessionFileKey(sessionId);
    // Sent to a sibling file itself (the file has another live writer): not the process to gather them.
    return this.redirects.has(key) ? previous : this.siblings.withSiblings(key, sessionId, previous);
  }

  /**
   * {@link readSession}, synchronously, for an exit write that comes before a session's first write.
   * There is no later then: a file that cannot be read now is kept, and the session goes to a sibling
   * file. Never throws.
   */
  readSessionSync(sessionId: string): PreviousSession | undefined {
    if (!this.claimOwnFile(sessionId)) return undefined;
    const path = this.pathFor(sessionId);
    let verdict: StoredSessionVerdict;
    try {
      verdict = judgeStoredSession(this.options.fileSystem.readFileSync(path), sessionId);
    } catch (error) {
      try {
        verdict = notReadVerdict(error);
      } catch {
        return this.keepUnusable(sessionId, path, 'it cannot be read now', error);
      }
    }
    if (verdict.kind === 'unusable') {
      const aside = this.asidePath(sessionId);
      try {
        this.options.fileSystem.renameSync(path, aside);
      } catch (error) {
        return this.keepUnusable(sessionId, path, verdict.reason, error);
      }
      diag.warn(`otel-session-file: moved ${path} aside to ${aside}: ${verdict.reason}`);
    }
    return this.settleVerdict(sessionId, path, verdict);
  }

  /**
   * Lets go of the session's own file once its final state is on disk, so that another process may
   * continue it there. A later write of the session claims the file again. Never throws.
   */
  releaseSession(sessionId: string): void {
    try {
      const key = sessionFileKey(String(sessionId));
      this.claimed.delete(key);
      void this.claims.release(key);
    } catch (error) {
      diag.error('otel-session-file: releaseSession failed', error);
    }
  }

  /**
   * Writes the session's whole current state, replacing its file atomically. Resolves FAILED (never
   * rejects) when the write fails, when the session was marked crashed, or after {@link shutdown}.
   */
  exportSession(snapshot: SessionSnapshot): Promise<ExportResult> {
    if (this.shutdownPromise !== undefined) {
      return Promise.resolve(failed(new Error('SessionFileExporter is shut down')));
    }
    return this.writeSession(snapshot);
  }

  private writeSession(snapshot: SessionSnapshot): Promise<ExportResult> {
    const target = this.targetOf(snapshot);
    if (target instanceof Error) return Promise.resolve(failed(target));
    if (this.crashGuards.has(target.key)) return Promise.resolve(this.discarded(target, 'crashed'));
    // Our own file I/O must not become spans (fs instrumentation would record every write).
    return context.with(suppressTracing(context.active()), () =>
      this.inFlight.run(target.key, (write) => this.write(snapshot, target, write)),
    );
  }

  /**
   * Writes the session's state synchronously, for exit hooks. It is the crash write: it is not blocked by
   * {@link markCrashed}, and it discards the session's asynchronous writes in flight so that none of them
   * can land after it. It also works after {@link shutdown}, so that a crash during shutdown is still
   * recorded. Never throws; failures are reported through `diag` and returned.
   */
  exportSessionSync(snapshot: SessionSnapshot): ExportResult {
    return this.writeSync(snapshot, undefined);
  }

  /**
   * {@link exportSessionSync} for many sessions at once, as the exit hook writes them: every file is
   * renamed into place first, and only then are they all flushed to disk, with the directory once
   * (fs/flushPlacedFiles.ts says why). A file that cannot be flushed stays in place: its result is still
   * SUCCESS, and the failure is reported through `diag`. Results in the order of `snapshots`; never throws.
   */
  exportSessionsSync(snapshots: readonly SessionSnapshot[]): ExportResult[] {
    const placed: string[] = [];
    const results = snapshots.map((snapshot) => this.writeSync(snapshot, placed));
    const { fileSystem, directory, fsync, fsyncDirectory } = this.options;
    const failures = flushPlacedFilesSync({ fileSystem, directory, paths: placed, files: fsync, directoryToo: fsync || fsyncDirectory });
    if (failures.length > 0) reportUnflushed(directory, failures, placed.length);
    return results;
  }

  /**
   * From now on no asynchronous write of this session lands: new ones resolve FAILED, and those in flight
   * are aborted before their rename. Other sessions are not affected. Follow it with
   * {@link exportSessionSync} to write the crash record.
   */
  markCrashed(sessionId: string): void {
    try {
      const key = sessionFileKey(String(sessionId));
      this.crashGuards.add(key);
      this.inFlight.discard(key, 'crashed', this.unlinkSync);
    } catch (error) {
      diag.error('otel-session-file: markCrashed failed', error);
    }
  }

  /**
   * The standard `SpanExporter` entry, for use behind the SDK's own processors: spans are gathered into
   * their sessions (by the session attribute, or by the trace of a span that has it) and each session
   * touched is rewritten whole. {@link SessionSpanProcessor} gives richer files (open spans, statuses,
   * crash records); this path only ever sees ended spans.
   */
  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    if (this.shutdownPromise !== undefined) {
      resultCallback(failed(new Error('SessionFileExporter is shut down')));
      return;
    }
    // One export() at a time: a session read back from its file must not race a write of the same session.
    const exporting = this.exportChain.then(() => this.exportSpans(spans)).catch((error: unknown) => failed(asError(error)));
    this.exportChain = exporting;
    this.pendingExports.add(exporting);
    void exporting.then((result) => {
      this.pendingExports.delete(exporting);
      resultCallback(result);
    });
  }

  /**
   * Resolves when every asynchronous write in flight, a retention sweep that is running, and the release of
   * claims of sessions that ended have settled.
   */
  async forceFlush(): Promise<void> {
    await Promise.all(this.pendingExports);
    await this.inFlight.settled();
    await this.retention?.idle();
    await this.tempSweep;
    await this.claims.released();
  }

  /**
   * Stops the exporter: waits for the writes in flight; afterwards `exportSession` and `export` answer
   * FAILED. Returns the same promise every time.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.shutdownOnce();
    return this.shutdownPromise;
  }

  private async exportSpans(spans: ReadableSpan[]): Promise<ExportResult> {
    const snapshots = await this.exported.add(spans, (id) => this.readSession(id));
    const results = await Promise.all(snapshots.map((snapshot) => this.writeSession(snapshot)));
    return results.find((result) => result.code !== ExportResultCode.SUCCESS) ?? SUCCESS;
  }

  private asidePath(sessionId: string): string {
    return join(this.options.directory, asideFileName(sessionFileKey(sessionId)));
  }

  /** A file we may not overwrite and could not move: the session goes to a sibling file instead. */
  private keepUnusable(sessionId: string, path: string, reason: string, error: unknown): undefined {
    // Nothing there to move: the read failed for another reason (EMFILE, say) on a file that does not
    // exist, so the session's own file is free.
    if (errorCode(error) === 'ENOENT') return undefined;
    const sibling = this.redirectToSibling(sessionId);
    diag.error(`otel-session-file: ${path} is not usable (${reason}) and could not be moved aside; writing ${sibling}`, error);
    return undefined;
  }

  /**
   * Claims the session's own file before anything of it is read or written, so that of several live
   * processes continuing one session exactly one writes that file; returns false when another live
   * process holds it and this one writes the sibling file.
   */
  private claimOwnFile(sessionId: string): boolean {
    const key = sessionFileKey(sessionId);
    let result = this.claims.claimSync(key);
    if (result.kind === 'failed' && isMissingFile(result.error) && this.makeDirectoryQuietly()) result = this.claims.claimSync(key);
    this.claimed.set(key, result.kind);
    const path = join(this.options.directory, key + SESSION_FILE_EXTENSION);
    if (result.kind === 'owned') {
      this.redirects.delete(key);
      return true;
    }
    if (result.kind === 'failed') {
      // No worse than before claims existed; the write itself reports what is wrong with the directory.
      this.redirects.delete(key);
      diag.warn(`otel-session-file: could not claim ${path} (${claimFileName(key)}); writing it without a claim`, result.error);
      return true;
    }
    const sibling = this.redirectToSibling(sessionId);
    const { pid, host } = result.owner ?? {};
    diag.warn(
      `otel-session-file: ${path} is claimed by live process ${String(pid)} on ${String(host)}; ` +
        `this process writes session ${sessionId} to ${sibling}`,
    );
    return false;
  }

  private makeDirectoryQuietly(): boolean {
    try {
      this.options.fileSystem.makeDirectorySync(this.options.directory, this.options.directoryMode);
      this.directoryReady = true;
      return true;
    } catch {
      return false;
    }
  }

  private settleVerdict(sessionId: string, path: string, verdict: StoredSessionVerdict): PreviousSession | undefined {
    if (verdict.kind === 'resume') return verdict.previous;
    if (verdict.kind === 'liveWriter') {
      // A writer that makes no claims (an earlier version of this library) is writing the file.
      this.claims.releaseSync(sessionFileKey(sessionId));
      const sibling = this.redirectToSibling(sessionId);
      diag.warn(
        `otel-session-file: ${path} is being written by live process ${verdict.writer.pid} on ${verdict.writer.host}; ` +
          `this process writes session ${sessionId} to ${sibling}`,
      );
    }
    return undefined;
  }

  private redirectToSibling(sessionId: string): string {
    const key = sessionFileKey(sessionId);
    const sibling = join(this.options.directory, siblingFileName(key));
    this.redirects.set(key, sibling);
    return sibling;
  }

  private async shutdownOnce(): Promise<void> {
    this.retention?.stop();
    await this.forceFlush();
    this.claims.releaseAllSync();
  }

  private readonly unlinkSync = (path: string): void => this.options.fileSystem.unlinkSync(path);

  /**
   * One synchronous write. Alone (`placed` undefined) it is durable before it returns: fsync before the
   * rename, and the directory when `fsyncDirectory` says so. In a batch it only puts the file in place and
   * adds its path to `placed`, for the batch to flush.
   */
  private writeSync(snapshot: SessionSnapshot, placed: string[] | undefined): ExportResult {
    const target = this.targetOf(snapshot);
    if (target instanceof Error) return failed(target);
    try {
      const data = sessionFileChunks(snapshot);
      const { fileSystem, directory, directoryMode } = this.options;
      // The crash write removes the in-flight temp files, so a late rename fails instead of overwriting it.
      this.inFlight.discard(target.key, 'superseded', this.unlinkSync);
      if (!this.directoryReady) fileSystem.makeDirectorySync(directory, directoryMode);
      this.directoryReady = true;
      const options = placed === undefined ? this.writeOptions() : { mode: this.options.fileMode, fsync: false };
      writeWithRetrySync({
        write: () => fileSystem.writeFileAtomicSync(target.path, data, options),
        recreateDirectory: () => fileSystem.makeDirectorySync(directory, directoryMode),
        abandoned: () => false,
      });
      if (placed !== undefined) placed.push(target.path);
      else if (this.options.fsyncDirectory) fileSystem.fsyncDirectorySync(directory);
      this.succeeded(target);
      // A batch's files are not on disk yet: their siblings stay for the next process to remove.
      if (placed === undefined && !this.redirects.has(target.key)) this.siblings.removeListedSync(target.key, snapshot.header);
      return SUCCESS;
    } catch (error) {
      this.failures.failed(target.key, target.path, error, true);
      return failed(asError(error));
    }
  }

  private targetOf(snapshot: SessionSnapshot): Target | Error {
    try {
      const id: unknown = snapshot.header.id;
      if (typeof id !== 'string') throw new TypeError(`Expected \`snapshot.header.id\` to be a string, got ${typeof id}`);
      const key = sessionFileKey(id);
      // Written without being read first (another exporter continues the session): claimed all the same.
      if (!this.claimed.has(key)) this.claimOwnFile(id);
      return { id, key, path: this.pathFor(id) };
    } catch (error) {
      diag.warn('otel-session-file: a malformed snapshot was not written', error);
      return asError(error);
    }
  }

  private writeOptions(tmpfileCreated?: (tmpfile: string) => void): AtomicWriteOptions {
    return { mode: this.options.fileMode, fsync: this.options.fsync, tmpfileCreated };
  }

  private discardReason(write: InFlightWrite): DiscardReason | undefined {
    return this.crashGuards.has(write.key) ? 'crashed' : write.discarded;
  }

  private throwIfDiscarded(target: Target, write: InFlightWrite): void {
    const reason = this.discardReason(write);
    if (reason !== undefined) throw new SessionWriteDiscardedError(target.id, reason);
  }

  private async write(snapshot: SessionSnapshot, target: Target, write: InFlightWrite): Promise<ExportResult> {
    const { fileSystem, directory, directoryMode } = this.options;
    try {
      const data = sessionFileChunks(snapshot);
      const options = this.writeOptions((tmpfile) => {
        // Checked again here, once the temporary file exists: the guard may have been set while this
        // write waited for an earlier write of the same file. Throwing removes the temporary file.
        this.throwIfDiscarded(target, write);
        write.tempFiles.add(tmpfile);
      });
      if (!this.directoryReady) await fileSystem.makeDirectory(directory, directoryMode);
      this.directoryReady = true;
      await writeWithRetry({
        write: () => {
          this.throwIfDiscarded(target, write);
          return fileSystem.writeFileAtomic(target.path, data, options);
        },
        recreateDirectory: () => fileSystem.makeDirectory(directory, directoryMode),
        abandoned: () => this.discardReason(write) !== undefined,
      });
      if (this.options.fsyncDirectory) await fileSystem.fsyncDirectory(directory);
      this.succeeded(target);
      if (!this.redirects.has(target.key)) await this.siblings.removeListed(target.key, snapshot.header);
      this.tempSweep ??= this.sweepTempFiles();
      this.retention?.request();
      return SUCCESS;
    } catch (error) {
      const reason = this.discardReason(write);
      if (reason !== undefined) return this.discarded(target, reason);
      this.failures.failed(target.key, target.path, error);
      return failed(asError(error));
    }
  }

  private discarded(target: Target, reason: DiscardReason): ExportResult {
    // Expected after a crash: the crash record is the file's content. One quiet line, not an error.
    diag.debug(`otel-session-file: discarded an asynchronous write of ${target.path} (session ${reason})`);
    return failed(new SessionWriteDiscardedError(target.id, reason));
  }

  private succeeded(target: Target): void {
    this.failures.succeeded(target.key, target.path);
  }

  /**
   * Whatever the options: a process killed mid-write leaves a temporary file as large as its session (and
   * a claim), and with no `maxFiles` nothing else would ever remove them. Once per exporter, after its
   * first write.
   */
  private async sweepTempFiles(): Promise<void> {
    try {
      const { directory, fileSystem } = this.options;
      const removed = await sweepStaleTempFiles({
        directory,
        fileSystem,
        tempFilesInFlight: this.inFlight.tempFileNames(),
        claimFound: (key) => this.claims.clearIfStaleSync(key),
      });
      if (removed.length > 0) diag.debug(`otel-session-file: removed ${removed.length} abandoned temporary files from ${directory}`);
    } catch (error) {
      diag.warn(`otel-session-file: could not look for abandoned temporary files in ${this.options.directory}`, error);
    }
  }

  private async sweep(maxFiles: number): Promise<void> {
    try {
      await sweepSessionFiles({
        directory: this.options.directory,
        maxFiles,
        fileSystem: this.options.fileSystem,
        // A session whose final state is on disk was released: only open sessions are in use.
        isActiveKey: (key) => this.inFlight.has(key) || this.claimed.has(key),
        tempFilesInFlight: this.inFlight.tempFileNames(),
      });
      this.sweepFailing = false;
    } catch (error) {
      if (!this.sweepFailing) diag.warn(`otel-session-file: retention could not sweep ${this.options.directory}`, error);
      this.sweepFailing = true;
    }
  }
}
