import { readFileSync } from 'node:fs';

/**
 * The package's version for `--version`. The tool runs from src/ (tsx) and from dist/ (the bin), both one
 * level below its package.json.
 */
export function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
    return pkg.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
