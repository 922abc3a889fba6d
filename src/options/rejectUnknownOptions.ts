import type { RedactOptions } from '../redact/RedactOptions.js';
import type { SessionFileExporterOptions, SessionSpanProcessorOptions } from '../types.js';

/**
 * Unknown option names throw a `TypeError` with a did-you-mean, as wrong types do. Ignoring them (what
 * JavaScript does by default) turned typos into silent changes of behaviour: `redactor: { keys }` kept
 * the extra keys out of redaction, `direcotry` wrote to `./traces`. A warning is not enough for that: it
 * is easy to miss and `--no-warnings` hides it, while the file quietly holds what the caller meant to keep
 * out. Forward compatibility argues the same way: code written for a later version that passes an option
 * this version lacks is told at construction instead of not getting what it asked for.
 */

// Records, not arrays: the type checker fails when an option is added to the interface and not here.
const PROCESSOR_OPTIONS: Record<keyof SessionSpanProcessorOptions, true> = {
  exporter: true,
  exporters: true,
  sessionAttribute: true,
  debounceMs: true,
  maxDelayMs: true,
  writeShare: true,
  maxSpansPerSession: true,
  maxSessions: true,
  exitHook: true,
  redact: true,
};

const REDACT_OPTIONS: Record<keyof RedactOptions, true> = {
  keys: true,
  patterns: true,
  replacement: true,
};

const EXPORTER_OPTIONS: Record<keyof SessionFileExporterOptions, true> = {
  directory: true,
  maxFiles: true,
  fileMode: true,
  directoryMode: true,
  fsync: true,
  fsyncDirectory: true,
  sessionAttribute: true,
  maxSpansPerSession: true,
  redact: true,
  fileSystem: true,
};

/** Edits (insert, delete, substitute, swap two neighbours) between two names, ignoring case. */
function distance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows: number[][] = Array.from({ length: s.length + 1 }, (_, i) => [i, ...new Array<number>(t.length).fill(0)]);
  for (let j = 1; j <= t.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= s.length; i++) {
    for (let j = 1; j <= t.length; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) best = Math.min(best, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = best;
    }
  }
  return rows[s.length]![t.length]!;
}

/** The known name `name` is most likely a misspelling of, if any is close enough to suggest. */
function closest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    // A name cut short (`replace`, `dir`) is as likely a slip as a typo, however many letters it lacks.
    const cutShort = name.length >= 3 && candidate.toLowerCase().startsWith(name.toLowerCase());
    const d = cutShort ? 1 : distance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

// Accepted, but not offered in messages: it is for tests.
const INTERNAL_OPTIONS = new Set(['fileSystem']);

interface OptionsClass {
  name: string;
  options: readonly string[];
  usage: (option: string) => string;
}

interface Owner {
  name: string;
  options: readonly string[];
  /** Where an option of the other class goes. */
  other?: OptionsClass;
}

function check(owner: Owner, options: object): void {
  for (const name of Object.keys(options)) {
    if (owner.options.includes(name)) continue;
    const listed = owner.options.filter((option) => !INTERNAL_OPTIONS.has(option));
    const suggestion = closest(name, listed);
    const hint = owner.other?.options.includes(name)
      ? ` It is an option of ${owner.other.name}: ${owner.other.usage(name)}.`
      : suggestion === undefined
        ? ''
        : ` Did you mean \`${suggestion}\`?`;
    throw new TypeError(`Unknown option \`${name}\` for ${owner.name}.${hint} Its options are: ${listed.join(', ')}.`);
  }
}

const PROCESSOR: OptionsClass = {
  name: 'SessionSpanProcessor',
  options: Object.keys(PROCESSOR_OPTIONS),
  usage: (option) => `\`new SessionSpanProcessor({ ${option}, exporter })\``,
};

const EXPORTER: OptionsClass = {
  name: 'SessionFileExporter',
  options: Object.keys(EXPORTER_OPTIONS),
  usage: (option) => `\`exporter: new SessionFileExporter({ ${option} })\``,
};

/** Throws a `TypeError` for a key of `options` that {@link SessionSpanProcessorOptions} does not have. */
export function rejectUnknownProcessorOptions(options: object): void {
  check({ name: PROCESSOR.name, options: PROCESSOR.options, other: EXPORTER }, options);
}

/** Throws a `TypeError` for a key of `options` that {@link SessionFileExporterOptions} does not have. */
export function rejectUnknownExporterOptions(options: object): void {
  check({ name: EXPORTER.name, options: EXPORTER.options, other: PROCESSOR }, options);
}

/**
 * Throws a `TypeError` for a key of `options` that {@link RedactOptions} does not have: `{ paterns }`
 * would otherwise keep the default patterns and leave out the secrets the caller listed.
 */
export function rejectUnknownRedactOptions(options: object): void {
  check({ name: '`redact`', options: Object.keys(REDACT_OPTIONS) }, options);
}
