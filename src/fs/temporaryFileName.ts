import { createHash, randomInt } from 'node:crypto';
import { hostname } from 'node:os';

/**
 * Names of the temporary files of atomic writes: `<target>.<pid>.<host tag>.<uint32>`, in the target's
 * directory. The writer's pid and a tag of its host are in the name so that a file left by a killed
 * writer is known as abandoned from its name alone: a process killed right after creating it leaves it
 * empty, with no header to say who wrote it. Files named `<target>.<uint32>` (write-file-atomic's
 * scheme, used before) are recognised too, and judged by age only.
 */

const HOST_TAG_LENGTH = 8;
const OWNED = new RegExp(`^(.+)\\.(\\d{1,10})\\.([0-9a-f]{${HOST_TAG_LENGTH}})\\.\\d{1,10}$`);
const ANONYMOUS = /^(.+)\.\d{1,10}$/;

/** This host, in few characters: a file name has little room, and the tag only has to tell hosts apart. */
export function hostTag(host: string = hostname()): string {
  return createHash('sha256').update(host).digest('hex').slice(0, HOST_TAG_LENGTH);
}

let ownTag: string | undefined;

export function temporaryFileName(path: string): string {
  ownTag ??= hostTag();
  return `${path}.${process.pid}.${ownTag}.${randomInt(2 ** 32 - 1)}`;
}

export interface TemporaryFile {
  /** The base name of the file it was to replace. */
  target: string;
  /** Who wrote it, when its name says. */
  writer?: { pid: number; hostTag: string };
}

/** What a directory entry's name says about it as a temporary file, or `undefined` when it is none. */
export function parseTemporaryFileName(name: string): TemporaryFile | undefined {
  const owned = OWNED.exec(name);
  if (owned) return { target: owned[1]!, writer: { pid: Number(owned[2]), hostTag: owned[3]! } };
  const anonymous = ANONYMOUS.exec(name);
  return anonymous ? { target: anonymous[1]! } : undefined;
}
