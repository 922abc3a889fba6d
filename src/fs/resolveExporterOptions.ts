import { resolve } from 'node:path';
import { inspect } from 'node:util';
import type { SpanRedactor } from '../encoding/encodeSpan.js';
import { ENVIRONMENT, environmentBoolean, environmentNumber, environmentString } from '../options/environment.js';
import { rejectUnknownExporterOptions } from '../options/rejectUnknownOptions.js';
import { booleanOption, numberOption, redactOption, stringOption } from '../options/validate.js';
import type { SessionFileExporterOptions } from '../types.js';
import type { FileSystem } from './FileSystem.js';
import { nodeFileSystem } from './nodeFileSystem.js';

/**
 * Checks the exporter's options once, at construction: a wrong type throws a `TypeError` naming the
 * option, what it expects and what it got; a number that can be clamped is clamped with a warning.
 */

/** {@link SessionFileExporterOptions} with every default applied. */
export interface ResolvedExporterOptions {
  /** Absolute. */
  directory: string;
  maxFiles: number | undefined;
  fileMode: number;
  directoryMode: number;
  fsync: boolean;
  fsyncDirectory: boolean;
  fileSystem: FileSystem;
  sessionAttribute: string;
  maxSpansPerSession: number;
  redactor: SpanRedactor | undefined;
}

function expected(name: string, what: string, value: unknown): TypeError {
  return new TypeError(`Expected \`${name}\` to be ${what}, got ${inspect(value)}`);
}

function mode(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > 0o7777) {
    throw expected(name, 'an integer from 0 to 0o7777 (permission bits, e.g. 0o600)', value);
  }
  return value;
}

function maxFiles(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw expected('maxFiles', 'an integer >= 1', value);
  return numberOption('maxFiles', value, 1, { min: 1, integer: true });
}

/** Where sessions go when neither the options nor the environment say. */
export const DEFAULT_DIRECTORY = './traces';

export function resolveExporterOptions(options: SessionFileExporterOptions = {}): ResolvedExporterOptions {
  if (typeof options !== 'object' || options === null) {
    throw expected('options', 'an object', options);
  }
  rejectUnknownExporterOptions(options);
  const directory = options.directory ?? environmentString(ENVIRONMENT.directory) ?? DEFAULT_DIRECTORY;
  if (typeof directory !== 'string' || directory === '') {
    throw expected('directory', 'a non-empty string', options.directory);
  }
  if (options.fileSystem !== undefined && (typeof options.fileSystem !== 'object' || options.fileSystem === null)) {
    throw expected('fileSystem', 'a FileSystem object', options.fileSystem);
  }
  return {
    directory: resolve(directory),
    maxFiles: maxFiles(options.maxFiles ?? environmentNumber(ENVIRONMENT.maxFiles)),
    fileMode: mode('fileMode', options.fileMode, 0o600),
    directoryMode: mode('directoryMode', options.directoryMode, 0o700),
    fsync: booleanOption('fsync', options.fsync, true),
    fsyncDirectory: booleanOption('fsyncDirectory', options.fsyncDirectory ?? environmentBoolean(ENVIRONMENT.fsyncDirectory), false),
    fileSystem: options.fileSystem ?? nodeFileSystem,
    sessionAttribute: stringOption(
      'sessionAttribute',
      options.sessionAttribute ?? environmentString(ENVIRONMENT.sessionAttribute),
      'session.id',
    ),
    maxSpansPerSession: numberOption('maxSpansPerSession', options.maxSpansPerSession, 100_000, { min: 1, integer: true }),
    redactor: redactOption(options.redact, environmentBoolean(ENVIRONMENT.redact)),
  };
}
