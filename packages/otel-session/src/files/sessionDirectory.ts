/** The directory commands look in by default: the library's own default, so that both agree. */
export function defaultSessionDirectory(env: NodeJS.ProcessEnv = process.env): string {
  return env.OTEL_SESSION_FILE_DIRECTORY?.trim() || 'traces';
}
