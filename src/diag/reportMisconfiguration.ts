import { diag } from '@opentelemetry/api';

/**
 * How a misconfiguration reaches a person: through `diag` when the application set a diag logger (it
 * chose where such lines go), else once per process on stderr as a Node warning, because most
 * applications never set one and would otherwise record nothing without a word. A warning is the Node
 * convention for this: `--no-warnings` silences it and `process.on('warning')` receives it.
 */

/** What goes wrong, said once per `key` when no diag logger is set. */
export interface Misconfiguration {
  /** Warnings with the same key are said once per process (the same directory failing for every session). */
  key: string;
  /** The warning's `code`, e.g. `OTEL_SESSION_FILE_WRITE_FAILED`. */
  code: string;
  /** What happened, where, and what to do. */
  message: string;
  /** The diag level when a logger is set. */
  level: 'error' | 'warn';
}

const WARNING_NAME = 'OtelSessionFileWarning';

// @opentelemetry/api 1.x keeps its globals, `diag`'s logger among them, under this symbol; `diag` itself
// offers no way to ask whether a logger is set (its calls are no-ops without one). Every copy of api 1.x
// reads the same entry, so this sees a logger set through any of them. (`diag` also skips a logger that a
// newer, incompatible copy registered; such a logger counts as set here, and that report goes unsaid.)
const API_GLOBALS = Symbol.for('opentelemetry.js.api.1');

const said = new Set<string>();

/** Whether a diag logger is set (`diag.setLogger`, or an SDK that sets one from `OTEL_LOG_LEVEL`). */
export function hasDiagLogger(): boolean {
  const globals = (globalThis as Record<symbol, { diag?: unknown } | undefined>)[API_GLOBALS];
  return globals?.diag !== undefined;
}

/**
 * Reports through `diag` when a logger is set (every call: callers already limit how often), else as a
 * process warning once per `key`. `sync` is for the exit hook: a warning emitted the usual way is
 * delivered on the next tick, which never comes in an `exit` listener, so it is dispatched at once.
 */
export function reportMisconfiguration(problem: Misconfiguration, { sync = false } = {}): void {
  if (hasDiagLogger()) {
    diag[problem.level](problem.message);
    return;
  }
  if (said.has(problem.key)) return;
  said.add(problem.key);
  const message = `${problem.message} (Said once; a diag logger set with diag.setLogger receives every report.)`;
  const warning = Object.assign(new Error(message), { name: WARNING_NAME, code: problem.code });
  if (sync) process.emit('warning', warning);
  else process.emitWarning(warning);
}
