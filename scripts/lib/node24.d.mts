/** The cache folder of the test scripts, outside the repo. */
export function cacheRoot(): string;

/** Installs Node 24 into the cache if needed; exits the process with a message when it cannot. */
export function ensureNode24(label: string): { node: string; binDir: string; version: string };
