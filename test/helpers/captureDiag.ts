import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';

/** Records what the code under test reports through `diag`, level by level. */

export type DiagLevel = 'error' | 'warn' | 'info' | 'debug' | 'verbose';

export interface DiagRecord {
  level: DiagLevel;
  message: string;
}

export interface DiagCapture {
  readonly records: DiagRecord[];
  /** The messages reported at `level`. */
  messages(level: DiagLevel): string[];
  /** Stops recording and disables `diag` again. */
  restore(): void;
}

/** Installs a recording `diag` logger at level ALL. */
export function captureDiag(): DiagCapture {
  const records: DiagRecord[] = [];
  const record = (level: DiagLevel) => (message: string) => void records.push({ level, message });
  const logger: DiagLogger = {
    error: record('error'),
    warn: record('warn'),
    info: record('info'),
    debug: record('debug'),
    verbose: record('verbose'),
  };
  diag.setLogger(logger, { logLevel: DiagLogLevel.ALL, suppressOverrideMessage: true });
  return {
    records,
    messages: (level) => records.filter((r) => r.level === level).map((r) => r.message),
    restore: () => diag.disable(),
  };
}
