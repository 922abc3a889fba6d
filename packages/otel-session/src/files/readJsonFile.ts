import { readFile } from 'node:fs/promises';
import { CliError } from '../CliError.js';

/**
 * Reads and parses a whole JSON file, turning every way that can fail into one CliError line that
 * names the file: the user gave a wrong path or a broken file, which is not a bug of the CLI.
 */

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}

export async function readJsonFile(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`cannot read ${path}: ${reason(error)}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    const hint = text.length === 0 ? 'the file is empty' : (error as Error).message;
    throw new CliError(`${path} is not valid JSON: ${hint}`);
  }
}
