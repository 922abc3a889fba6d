import { readFileSync } from 'node:fs';
import type { SessionHeader } from '../../../src/index.js';
import { SPAN_STATE_ATTRIBUTE } from '../../../src/index.js';
import { sessionFileProblems } from '../../helpers/validateSessionFile.js';

/** A session file as a crash test reads it: parsed with JSON.parse, every time. */

interface StoredSpan {
  name: string;
  attributes: Array<{ key: string; value: { stringValue?: string } }>;
  status: { code: number; message?: string };
}

export interface SessionFile {
  session: SessionHeader;
  resourceSpans: Array<{ scopeSpans: Array<{ spans: StoredSpan[] }> }>;
}

/** A span in a file: its name and, for a span that had not ended, its `otel_session.span.state`. */
export interface FileSpan {
  name: string;
  state: string | undefined;
  statusCode: number;
}

/**
 * Reads and parses a session file; throws with a readable message when it is missing, not JSON, or not
 * what `otel-session validate` accepts: every file a crash leaves must be valid.
 */
export function readSessionFile(path: string): SessionFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read ${path}: ${(error as Error).message}`);
  }
  let file: SessionFile;
  try {
    file = JSON.parse(text) as SessionFile;
  } catch (error) {
    throw new Error(`${path} is not JSON (${text.length} bytes): ${(error as Error).message}`);
  }
  const problems = sessionFileProblems(text);
  if (problems.length > 0) throw new Error(`${path} is not a valid session file: ${problems.join('; ')}`);
  return file;
}

export function spansOf(file: SessionFile): FileSpan[] {
  return file.resourceSpans.flatMap((resource) =>
    resource.scopeSpans.flatMap((scope) =>
      scope.spans.map((span) => ({
        name: span.name,
        state: span.attributes.find((attribute) => attribute.key === SPAN_STATE_ATTRIBUTE)?.value.stringValue,
        statusCode: span.status.code,
      })),
    ),
  );
}

/** Span name to span; a name written twice is an error (a span must never be duplicated). */
export function spansByName(file: SessionFile): Map<string, FileSpan> {
  const byName = new Map<string, FileSpan>();
  for (const span of spansOf(file)) {
    if (byName.has(span.name)) throw new Error(`span ${span.name} is in the file twice`);
    byName.set(span.name, span);
  }
  return byName;
}
