import { propagation, type Context } from '@opentelemetry/api';
import type { ReadableSpan } from '../sdk/types.js';

/**
 * The session id a span names itself, or its parent context names. Only strings and finite numbers
 * are ids: an attribute set to an array or a boolean is a mistake in the application, reported by the
 * caller, not a session.
 */

export type SessionIdValue = { id: string } | { invalid: unknown } | undefined;

export function sessionIdFromValue(value: unknown): SessionIdValue {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.length > 0) return { id: value };
  if (typeof value === 'number' && Number.isFinite(value)) return { id: String(value) };
  return { invalid: value };
}

export function sessionIdFromAttributes(span: ReadableSpan, attribute: string): SessionIdValue {
  return sessionIdFromValue(span.attributes[attribute]);
}

export function sessionIdFromBaggage(parentContext: Context, key: string): SessionIdValue {
  return sessionIdFromValue(propagation.getBaggage(parentContext)?.getEntry(key)?.value);
}
