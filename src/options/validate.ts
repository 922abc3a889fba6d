import { diag } from '@opentelemetry/api';
import type { SpanRedactor } from '../encoding/encodeSpan.js';
import { createRedactor } from '../redact/createRedactor.js';
import type { RedactOptions } from '../redact/RedactOptions.js';
import { describeValue } from './describeValue.js';

/**
 * Option checks shared by the processor and the exporter: a value of the wrong type is a programming
 * error and throws a `TypeError` naming the option; a number out of range is clamped with a warning,
 * because a tracing plugin should not take an application down over a tuning knob.
 */

export interface NumberRule {
  min: number;
  max?: number;
  integer?: boolean;
}

export function numberOption(name: string, value: unknown, fallback: number, rule: NumberRule): number {
  if (value === undefined) return fallback;
  const expected = `a finite number >= ${rule.min}${rule.max === undefined ? '' : ` and <= ${rule.max}`}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    // The upper bound is only a clamp (the timer limit, say): a wrong type is told what it should be.
    throw new TypeError(`Expected \`${name}\` to be a finite number >= ${rule.min}, got ${describeValue(value)}`);
  }
  let clamped = rule.integer ? Math.floor(value) : value;
  if (clamped < rule.min) clamped = rule.min;
  if (rule.max !== undefined && clamped > rule.max) clamped = rule.max;
  if (clamped !== value) {
    diag.warn(`otel-session-file: \`${name}\` should be ${expected}${rule.integer ? ' (whole)' : ''}; got ${describeValue(value)}, using ${clamped}`);
  }
  return clamped;
}

export function booleanOption(name: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw new TypeError(`Expected \`${name}\` to be a boolean, got ${describeValue(value)}`);
  return value;
}

export function stringOption(name: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) {
    throw new TypeError(`Expected \`${name}\` to be a non-empty string, got ${describeValue(value)}`);
  }
  return value;
}

/**
 * The `redact` option: `false` for none, a custom {@link SpanRedactor}, or options for the built-in one
 * (the default, unless `OTEL_SESSION_FILE_REDACT=false`).
 */
export function redactOption(value: unknown, environmentDefault: boolean | undefined): SpanRedactor | undefined {
  if (value === false || (value === undefined && environmentDefault === false)) return undefined;
  if (value === undefined || value === true) return createRedactor();
  const candidate = value as Partial<Record<keyof SpanRedactor, unknown>> | null;
  if (typeof candidate === 'object' && candidate !== null && typeof candidate.attribute === 'function') {
    // Checked here: a redactor of the wrong shape would fail every write of every session, not one call.
    if (typeof candidate.text !== 'function') {
      throw new TypeError(`Expected \`redact\` to have a \`text\` function beside \`attribute\`, got ${describeValue(candidate.text)}`);
    }
    return value as SpanRedactor;
  }
  if (typeof candidate !== 'object' || candidate === null || Array.isArray(candidate)) {
    throw new TypeError(`Expected \`redact\` to be false, redact options or a SpanRedactor, got ${describeValue(value)}`);
  }
  return createRedactor(value as RedactOptions);
}
