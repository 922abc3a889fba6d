import pc from 'picocolors';

/**
 * What the CLI knows about where it prints: whether colours are wanted and how wide the lines may be.
 * picocolors' own detection turns colours on whenever `CI` is set, even into a pipe; output that a
 * script reads must stay plain, so the decision is made here.
 */

export type Colors = ReturnType<typeof pc.createColors>;

/** Colours for `stream`: off with NO_COLOR (https://no-color.org) or when not a terminal, on with FORCE_COLOR. */
export function colorsFor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): Colors {
  if (env.NO_COLOR) return pc.createColors(false);
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return pc.createColors(true);
  return pc.createColors(stream.isTTY === true && env.TERM !== 'dumb');
}

const DEFAULT_WIDTH = 120;
const MIN_WIDTH = 60;

/** Columns available on `stream`: the terminal's width, else $COLUMNS, else 120. */
export function terminalWidth(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.COLUMNS);
  const width = stream.isTTY && stream.columns ? stream.columns : Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : DEFAULT_WIDTH;
  return Math.max(MIN_WIDTH, width);
}

const ANSI = /\u001b\[[0-9;]*m/g;

/** The width of `text` on screen: without colour codes, one column per code point. */
export function visibleLength(text: string): number {
  let length = 0;
  for (const _ of text.replace(ANSI, '')) length++;
  return length;
}

/** `text` cut to `width` columns with an ellipsis; `text` must not contain colour codes. */
export function truncate(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? chars.slice(0, width).join('') : `${chars.slice(0, width - 1).join('')}…`;
}

/** `text` cut to `width` columns with an ellipsis in front, keeping its end; `text` must not contain colour codes. */
export function truncateStart(text: string, width: number): string {
  const chars = [...text];
  if (chars.length <= width) return text;
  return width <= 1 ? chars.slice(chars.length - width).join('') : `…${chars.slice(chars.length - width + 1).join('')}`;
}
