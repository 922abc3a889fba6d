import type { SessionStatus } from 'otel-session-file';

/** Every `session.status` of format version 1 (docs/file-format.md). */
export const SESSION_STATUSES: readonly SessionStatus[] = ['running', 'completed', 'error', 'interrupted', 'crashed'];
