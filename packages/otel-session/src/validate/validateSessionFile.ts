import { childPath as at, Problems } from './Problems.js';
import { isObject } from './checks.js';
import { validateHeader } from './validateHeader.js';
import { validateResourceSpans } from './validateOtlp.js';

/**
 * A parsed session file against docs/file-format.md: the header, the spans, the order of the two, and
 * whether the header's counts say what the spans show.
 */

export interface Validation {
  problems: Problems;
  spans: number;
  unended: number;
}

export function validateSessionFile(value: unknown): Validation {
  const problems = new Problems();
  if (!isObject(value, '$', problems)) return { problems, spans: 0, unended: 0 };
  const keys = Object.keys(value);
  if (keys.indexOf('session') > keys.indexOf('resourceSpans') && keys.includes('resourceSpans')) {
    problems.add('$', '"session" must come before "resourceSpans": tools read the header from the start of the file');
  }
  const header = validateHeader(value.session, '$.session', problems);
  const counts = validateResourceSpans(value.resourceSpans, '$.resourceSpans', problems);

  if (header && Array.isArray(value.resourceSpans)) {
    const { spanCount, openSpanCount } = header;
    if (typeof spanCount === 'number' && spanCount !== counts.spans) {
      problems.add(at('$.session', 'spanCount'), `says ${spanCount} spans, the file holds ${counts.spans}`);
    }
    if (typeof openSpanCount === 'number' && openSpanCount !== counts.unended) {
      problems.add(at('$.session', 'openSpanCount'), `says ${openSpanCount} open spans, the file marks ${counts.unended} as not ended`);
    }
  }
  return { problems, spans: counts.spans, unended: counts.unended };
}
