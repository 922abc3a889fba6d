import { appendFile } from 'node:fs';
import { ExportResultCode, type ExportResult } from '@opentelemetry/core';
import { JsonTraceSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';

/**
 * What gets the same spans into a file without this package: each batch serialized by the official OTLP
 * JSON serializer (the one the OTLP/HTTP exporter sends) and appended to one file as a line.
 */
export class SerializerFileExporter implements SpanExporter {
  private readonly appends = new Set<Promise<void>>();

  constructor(private readonly path: string) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    const bytes = JsonTraceSerializer.serializeRequest(spans);
    if (bytes === undefined) {
      resultCallback({ code: ExportResultCode.FAILED, error: new Error('the serializer returned nothing') });
      return;
    }
    const line = Buffer.concat([bytes, Buffer.from('\n')]);
    const appended = new Promise<void>((resolve) => {
      appendFile(this.path, line, (error) => {
        resultCallback(error ? { code: ExportResultCode.FAILED, error } : { code: ExportResultCode.SUCCESS });
        resolve();
      });
    });
    this.appends.add(appended);
    void appended.then(() => this.appends.delete(appended));
  }

  async forceFlush(): Promise<void> {
    await Promise.all(this.appends);
  }

  shutdown(): Promise<void> {
    return this.forceFlush();
  }
}
