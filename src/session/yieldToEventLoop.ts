import { setImmediate } from 'node:timers/promises';

/** Lets timers and I/O run between slices of a long job, so that no slice blocks the event loop long. */
export function yieldToEventLoop(): Promise<void> {
  return setImmediate();
}
