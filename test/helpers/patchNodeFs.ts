import fs from 'node:fs';
import { systemError } from './FailingFs.js';

/**
 * Patches of `node:fs` callback functions, to reach inside a real atomic write (src/fs/atomicWrite.ts). It
 * looks up `fs.rename`, `fs.write`, … on the `node:fs` module object at every call
 * (`promisify(fs.rename)`), and that object is the default export imported here, so replacing the
 * property reaches it. Each patch catches the next call its matcher accepts; others pass through.
 */

type CallbackFunction = 'rename' | 'writev';
type Args = unknown[];

function patch(name: CallbackFunction, replacement: (real: (...args: Args) => void) => (...args: Args) => void): () => void {
  const real = fs[name] as (...args: Args) => void;
  (fs as unknown as Record<string, unknown>)[name] = replacement(real);
  return () => {
    (fs as unknown as Record<string, unknown>)[name] = real;
  };
}

export interface HeldCall {
  /** Resolves when the call has been made and is being held. */
  readonly reached: Promise<void>;
  /** Lets the held call proceed to the real function. */
  release(): void;
  /** Puts the real function back. */
  restore(): void;
}

/** Holds the next call of `fs[name]` that `matches` accepts until {@link HeldCall.release}. */
export function holdNodeFs(name: CallbackFunction, matches: (args: Args) => boolean): HeldCall {
  let reached!: () => void;
  let release!: () => void;
  const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
  const released = new Promise<void>((resolve) => (release = resolve));
  let armed = true;
  const restore = patch(name, (real) =>
    function (this: unknown, ...args: Args): void {
      if (!armed || !matches(args)) return void real.apply(this, args);
      armed = false;
      reached();
      void released.then(() => real.apply(this, args));
    },
  );
  return { reached: reachedPromise, release, restore };
}

/**
 * Makes the next `fs.writev` that `matches` accepts write half of its bytes for real and then fail with
 * `code`, as a disk that fills up or breaks in the middle of a write would. Returns `restore`.
 */
export function failNodeFsWriteHalfway(code: string, matches: (args: Args) => boolean): () => void {
  let armed = true;
  return patch('writev', (real) =>
    function (this: unknown, ...args: Args): void {
      if (!armed || !matches(args)) return void real.apply(this, args);
      armed = false;
      const [fd, buffers, position] = args as [number, Uint8Array[], number];
      const callback = args[args.length - 1] as (error: Error | null) => void;
      const half = Buffer.concat(buffers);
      real.call(this, fd, [half.subarray(0, Math.floor(half.length / 2))], position, () =>
        callback(systemError(code, 'writev', `fd ${fd}`)),
      );
    },
  );
}
