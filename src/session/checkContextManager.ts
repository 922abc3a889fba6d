import { context, createContextKey, ROOT_CONTEXT } from '@opentelemetry/api';
import { reportMisconfiguration } from '../diag/reportMisconfiguration.js';

/**
 * Without a context manager (a `BasicTracerProvider` on its own), `startActiveSpan` and `context.with`
 * make nothing active: every span started inside gets no parent, so it does not inherit its session and
 * is left out of the file with no sign of it. The processor sees only the symptom (a span with no parent
 * and no session while a session is open), which unrelated work can also show; the probe here tells the
 * two apart, once.
 */

const PROBE = createContextKey('otel-session-file context manager probe');

/** Whether the registered context manager makes a context active inside `context.with`. */
export function contextPropagates(): boolean {
  const probe = ROOT_CONTEXT.setValue(PROBE, true);
  return context.with(probe, () => context.active() === probe);
}

/** Says once how to fix it when no context manager is registered. */
export function checkContextManager(): void {
  if (contextPropagates()) return;
  reportMisconfiguration({
    key: 'no context manager',
    code: 'OTEL_SESSION_FILE_NO_CONTEXT_MANAGER',
    level: 'warn',
    message:
      'otel-session-file: no OpenTelemetry context manager is registered, so spans started inside an active span ' +
      '(startActiveSpan, context.with) get no parent and are left out of their session. Use a NodeTracerProvider ' +
      'and call provider.register(), or register one yourself: ' +
      "context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable()) from '@opentelemetry/context-async-hooks'.",
  });
}
