import type { SpanRedactor } from './encoding/encodeSpan.js';
import type { FileSystem } from './fs/FileSystem.js';

/** Options of {@link SessionFileExporter}. */
export interface SessionFileExporterOptions {
  /**
   * The directory that holds one `<session id>.json` file per session. Created with its missing parents on
   * the first write; a relative path is resolved against the working directory at construction.
   *
   * @example './traces'
   */
  directory: string;
  /**
   * Keep at most this many session files in `directory`, deleting the oldest (by modification time)
   * after successful writes, at most about once per second. Files of sessions this exporter wrote in the
   * last 10 minutes and files of running sessions whose writer process is alive on this host are never
   * deleted, so the directory may hold more. Values below 1 are raised to 1.
   *
   * @default undefined (keep every file)
   */
  maxFiles?: number;
  /**
   * Permission bits of the session files, applied exactly (not through the umask). Traces can hold
   * prompts and secrets: only the owner may read them by default.
   *
   * @default 0o600
   */
  fileMode?: number;
  /**
   * Permission bits of `directory` when the exporter creates it. A directory that already exists keeps
   * its own.
   *
   * @default 0o700
   */
  directoryMode?: number;
  /**
   * Flush each file's data to disk before it replaces the previous file, so that a power loss leaves
   * either the old or the new state, never an empty file.
   *
   * @default true
   */
  fsync?: boolean;
  /**
   * Also flush `directory` after each rename, so that the replacement itself survives a power loss. Costs
   * one more disk flush per write.
   *
   * @default false
   */
  fsyncDirectory?: boolean;
  /**
   * For spans given to {@link SessionFileExporter.export} (behind the SDK's own processors): the span
   * attribute that names a span's session. Spans without it join the session of their trace.
   *
   * @default 'session.id'
   */
  sessionAttribute?: string;
  /**
   * For spans given to {@link SessionFileExporter.export}: ended spans kept per session; the oldest
   * beyond it are dropped and counted in `droppedSpanCount`.
   *
   * @default 100000
   */
  maxSpansPerSession?: number;
  /** For spans given to {@link SessionFileExporter.export}: rewrites span content before it is encoded. */
  redactor?: SpanRedactor;
  /**
   * Replaces the file system, for tests that inject faults.
   *
   * @internal
   * @default the real file system, through write-file-atomic and node:fs
   */
  fileSystem?: FileSystem;
}
