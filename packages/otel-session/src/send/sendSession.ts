import { CliError } from '../CliError.js';
import { formatCounted } from '../format/units.js';
import type { OtlpResourceSpans } from '../model/otlp.js';
import { otlpBatches } from './otlpBatches.js';
import { postTraces, type PostOptions } from './postTraces.js';

/**
 * Sends one session's spans in requests of at most `batchSize` spans, one after the other, and adds up
 * what the receiver accepted. Stops at the first failed request: the spans before it are sent, so the
 * error says how many.
 */

export interface SendTarget extends PostOptions {
  batchSize: number;
}

export interface SendResult {
  spans: number;
  requests: number;
  rejected: number;
  /** The receiver's `partialSuccess.errorMessage`s, each once. */
  messages: string[];
}

export async function sendSession(resourceSpans: readonly OtlpResourceSpans[], target: SendTarget): Promise<SendResult> {
  const result: SendResult = { spans: 0, requests: 0, rejected: 0, messages: [] };
  for (const batch of otlpBatches(resourceSpans, target.batchSize)) {
    let answer;
    try {
      answer = await postTraces(JSON.stringify(batch.request), target);
    } catch (error) {
      if (error instanceof CliError && result.spans > 0) {
        throw new CliError(`${error.message} (after ${formatCounted(result.spans, 'span')} had been sent in ${formatCounted(result.requests, 'request')})`);
      }
      throw error;
    }
    result.requests++;
    result.spans += batch.spans;
    result.rejected += answer.rejectedSpans;
    if (answer.errorMessage && !result.messages.includes(answer.errorMessage)) result.messages.push(answer.errorMessage);
  }
  return result;
}
