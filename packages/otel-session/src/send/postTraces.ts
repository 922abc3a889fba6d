import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { CliError } from '../CliError.js';

/**
 * One OTLP/HTTP JSON export request and what the receiver said about it. A 2xx answer may still reject
 * some spans (`partialSuccess`); anything else is a failure with the receiver's own words in it.
 */

export interface PostOptions {
  /** The traces endpoint, `…/v1/traces`. */
  url: string;
  headers: Record<string, string>;
  timeoutMs: number;
  /** Compress the body (`Content-Encoding: gzip`), which OTLP/HTTP receivers such as the Collector's accept. */
  gzip: boolean;
}

export interface ExportAnswer {
  rejectedSpans: number;
  errorMessage?: string;
}

const gzipAsync = promisify(gzip);

function parseAnswer(text: string, contentType: string | null): ExportAnswer {
  // A receiver that answers in protobuf (or with nothing) accepted everything, as far as we can tell.
  if (!text || !contentType?.includes('json')) return { rejectedSpans: 0 };
  try {
    const partial = (JSON.parse(text) as { partialSuccess?: { rejectedSpans?: number | string; errorMessage?: string } }).partialSuccess;
    const rejected = Number(partial?.rejectedSpans ?? 0);
    const answer: ExportAnswer = { rejectedSpans: Number.isFinite(rejected) ? rejected : 0 };
    if (partial?.errorMessage) answer.errorMessage = partial.errorMessage;
    return answer;
  } catch {
    return { rejectedSpans: 0 };
  }
}

export async function postTraces(body: string, options: PostOptions): Promise<ExportAnswer> {
  const { url, timeoutMs } = options;
  const encoding: Record<string, string> = options.gzip ? { 'content-encoding': 'gzip' } : {};
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...encoding, ...options.headers },
      body: options.gzip ? await gzipAsync(body) : body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const cause = (error as { cause?: { message?: string } }).cause?.message;
    const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (cause ?? (error as Error).message);
    throw new CliError(`cannot send to ${url}: ${reason}`);
  }
  const text = await response.text();
  if (!response.ok) {
    const detail = text.trim() ? `: ${text.trim().slice(0, 300)}` : '';
    throw new CliError(`${url} answered HTTP ${response.status} ${response.statusText}${detail}`);
  }
  return parseAnswer(text, response.headers.get('content-type'));
}
