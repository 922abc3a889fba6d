import type { OtlpResourceSpans, OtlpScopeSpans } from '../model/otlp.js';

/**
 * Splits a file's `resourceSpans` into OTLP export requests of at most `maxSpans` spans each, so that a
 * large session does not hit a receiver's request size limit. Every request repeats the resource and
 * scope of the spans it carries, so each one is a complete `ExportTraceServiceRequest` on its own.
 */

export interface OtlpBatch {
  request: { resourceSpans: OtlpResourceSpans[] };
  spans: number;
}

export function* otlpBatches(resourceSpans: readonly OtlpResourceSpans[], maxSpans: number): Generator<OtlpBatch> {
  let batch: OtlpBatch = { request: { resourceSpans: [] }, spans: 0 };
  for (const resource of resourceSpans) {
    const { scopeSpans = [], ...resourceFields } = resource;
    let resourceEntry: OtlpResourceSpans | undefined;
    for (const scope of scopeSpans) {
      const { spans = [], ...scopeFields } = scope;
      let scopeEntry: OtlpScopeSpans | undefined;
      for (const span of spans) {
        if (batch.spans === maxSpans) {
          yield batch;
          batch = { request: { resourceSpans: [] }, spans: 0 };
          resourceEntry = undefined;
          scopeEntry = undefined;
        }
        if (resourceEntry === undefined) {
          resourceEntry = { ...resourceFields, scopeSpans: [] };
          batch.request.resourceSpans.push(resourceEntry);
        }
        if (scopeEntry === undefined) {
          scopeEntry = { ...scopeFields, spans: [] };
          resourceEntry.scopeSpans!.push(scopeEntry);
        }
        scopeEntry.spans!.push(span);
        batch.spans++;
      }
    }
  }
  if (batch.spans > 0) yield batch;
}
