/**
 * What a person can do about a write that failed with a given error code, for the one warning that says
 * sessions are not being recorded. Codes that no setting fixes (EIO, say) get the generic advice.
 */

const CHOOSE_ANOTHER = 'or set `directory` (or OTEL_SESSION_FILE_DIRECTORY) to a writable directory';

const ADVICE: Record<string, string> = {
  EACCES: `This process may not write there: give it write permission on the directory, ${CHOOSE_ANOTHER}.`,
  EPERM: `This process may not write there: give it write permission on the directory, ${CHOOSE_ANOTHER}.`,
  EROFS: `The file system is read-only: ${CHOOSE_ANOTHER.replace(/^or /, '')}.`,
  ENOTDIR: `Part of the directory's path is a file, not a directory: move that file away, ${CHOOSE_ANOTHER}.`,
  EEXIST: `The directory's path is a file, not a directory: move that file away, ${CHOOSE_ANOTHER}.`,
  EISDIR: `A directory stands where the session's file should be: remove it, ${CHOOSE_ANOTHER}.`,
  ENOSPC: 'The disk is full: free some space (older session files can go: see `maxFiles`).',
  EDQUOT: 'The disk quota is used up: free some space (older session files can go: see `maxFiles`).',
};

/** One or two sentences of advice for a failed write's error code. */
export function writeFailureAdvice(code: string | undefined): string {
  // Own properties only: a code such as `constructor` must not find what every object inherits.
  return (code !== undefined && Object.hasOwn(ADVICE, code) ? ADVICE[code] : undefined) ?? `Check that the directory can be written, ${CHOOSE_ANOTHER}.`;
}
