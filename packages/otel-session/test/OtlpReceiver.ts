import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

/**
 * A local OTLP/HTTP trace receiver on 127.0.0.1 that records what it is sent and answers as told:
 * by default 200 with an empty ExportTraceServiceResponse, as a collector does. Like the Collector's
 * receiver it takes `Content-Encoding: gzip` bodies, and answers 400 to a body it cannot decode or parse.
 */

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** The size of the body as sent, compressed or not. */
  bytes: number;
  body: { resourceSpans: Array<{ resource?: unknown; scopeSpans: Array<{ scope?: unknown; spans: Array<{ spanId: string }> }> }> };
}

export interface Answer {
  status: number;
  body: string;
  contentType?: string;
}

export class OtlpReceiver {
  readonly requests: ReceivedRequest[] = [];
  answer: (request: ReceivedRequest) => Answer = () => ({ status: 200, body: '{}' });
  private server: Server | undefined;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const raw = Buffer.concat(chunks);
        let body: ReceivedRequest['body'];
        try {
          body = JSON.parse((req.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw).toString('utf8'));
        } catch (error) {
          res.writeHead(400, { 'content-type': 'text/plain' }).end(`cannot read the body: ${(error as Error).message}`);
          return;
        }
        const request: ReceivedRequest = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, bytes: raw.byteLength, body };
        this.requests.push(request);
        const answer = this.answer(request);
        res.writeHead(answer.status, { 'content-type': answer.contentType ?? 'application/json' }).end(answer.body);
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Span ids in the order received, over all requests. */
  spanIds(): string[] {
    return this.requests.flatMap((r) => r.body.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans.map((s) => s.spanId))));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}
