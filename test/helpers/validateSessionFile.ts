import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
// The one place tests reach the CLI's validator: when it moves, only this import changes.
import { validateSessionFile } from '../../packages/otel-session/src/validate/validateSessionFile.js';

/**
 * What `otel-session validate` finds wrong with a session file's text, one line per problem: a file that
 * does not parse as JSON is one problem. Empty for a valid file.
 */
export function sessionFileProblems(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`];
  }
  const { problems } = validateSessionFile(parsed);
  const lines = problems.kept.map((problem) => `${problem.path}: ${problem.message}`);
  if (problems.count > problems.kept.length) lines.push(`… and ${problems.count - problems.kept.length} more`);
  return lines;
}

/** Fails with every problem listed when `text` is not a valid session file. */
export function assertValidSessionFile(text: string, label = 'session file'): void {
  const problems = sessionFileProblems(text);
  assert.deepEqual(problems, [], `${label} is not a valid session file:\n${problems.join('\n')}`);
}

/** Validates every `*.json` file in `directory`; resolves to how many there were. */
export function assertValidSessionFiles(directory: string): number {
  const files = readdirSync(directory).filter((name) => name.endsWith('.json'));
  for (const name of files) assertValidSessionFile(readFileSync(join(directory, name), 'utf8'), join(directory, name));
  return files.length;
}
