/**
 * What `validate` found wrong, each at the JSON path of the value (`$.resourceSpans[0].scopeSpans[1]`).
 * Only the first problems are kept with their text; the rest are counted, so that a file broken in every
 * span neither floods the terminal nor holds 100k messages.
 */

export interface Problem {
  path: string;
  message: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** The path of `key` inside the value at `path`. */
export function childPath(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return IDENTIFIER.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

export class Problems {
  readonly kept: Problem[] = [];
  count = 0;

  constructor(private readonly keep = 20) {}

  add(path: string, message: string): void {
    this.count++;
    if (this.kept.length < this.keep) this.kept.push({ path, message });
  }
}

/** A value as a problem message shows it: short, and with its JSON type visible. */
export function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
