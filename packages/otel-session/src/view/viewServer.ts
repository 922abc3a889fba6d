import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError } from '../CliError.js';
import { loadSessionFile } from '../files/loadSessionFile.js';
import { renderViewerPage } from '../viewer/page.js';
import { viewerAssets } from '../viewer/viewerAssets.js';
import { watchFile } from './watchFile.js';

/**
 * The HTTP server behind `otel-session view`: the viewer page at `/`, the file at `/session.json`, and
 * with `live`, each new state of the file pushed to `/events` as Server-Sent Events. It binds 127.0.0.1
 * only and answers only requests addressed to 127.0.0.1 or localhost by name, so that neither the
 * network nor a web page using DNS rebinding can read the session.
 */

export interface ViewServerOptions {
  path: string;
  /** 0 picks a free port. */
  port: number;
  live: boolean;
}

export interface ViewServer {
  url: string;
  close(): Promise<void>;
}

const HEARTBEAT_MS = 15_000;

async function currentJson(path: string): Promise<{ json: string; title: string }> {
  const file = await loadSessionFile(path);
  return { json: JSON.stringify(file), title: file.session.title ?? file.session.id };
}

export async function startViewServer({ path, port, live }: ViewServerOptions): Promise<ViewServer> {
  const clients = new Set<ServerResponse>();
  let lastSent = '';

  // Reads are chained, so that a burst of change events costs at most one extra read and states are
  // pushed in order. A state that does not parse (a writer that is not atomic, caught mid-write) is
  // skipped: the next change brings a whole one.
  let reading: Promise<void> = Promise.resolve();
  let queued = false;
  const push = () => {
    if (queued) return;
    queued = true;
    reading = reading.then(async () => {
      queued = false;
      try {
        const { json } = await currentJson(path);
        if (json === lastSent) return;
        lastSent = json;
        for (const client of clients) client.write(`event: session\ndata: ${json}\n\n`);
      } catch {
        // Skipped, as above.
      }
    });
  };

  let allowedHosts = new Set<string>();
  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (!allowedHosts.has(request.headers.host ?? '')) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden: use http://127.0.0.1 or http://localhost\n');
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const route = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (route === '/events' && live) {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
      response.write('retry: 1000\n\n');
      clients.add(response);
      request.on('close', () => clients.delete(response));
      // A new client gets the current state at once; the others only hear of changes.
      const { json } = await currentJson(path).catch(() => ({ json: '' }));
      if (json) response.write(`event: session\ndata: ${json}\n\n`);
      return;
    }
    if (route !== '/' && route !== '/index.html' && route !== '/session.json') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    let state;
    try {
      state = await currentJson(path);
    } catch (error) {
      response.writeHead(503, { 'content-type': 'text/plain' }).end(`${(error as Error).message}\n`);
      return;
    }
    const body = route === '/session.json' ? state.json : renderViewerPage({ sessionJson: state.json, title: state.title, live }, await viewerAssets());
    response.writeHead(200, {
      'content-type': route === '/session.json' ? 'application/json' : 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500);
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new CliError(error.code === 'EADDRINUSE' ? `port ${port} is in use: pick another with --port, or leave it out` : error.message)),
    );
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  allowedHosts = new Set([`127.0.0.1:${bound}`, `localhost:${bound}`]);

  const stopWatching = live ? watchFile(path, push) : () => {};
  const heartbeat = setInterval(() => {
    for (const client of clients) client.write(': ping\n\n');
  }, HEARTBEAT_MS);
  heartbeat.unref();

  return {
    url: `http://127.0.0.1:${bound}/`,
    close: async () => {
      stopWatching();
      clearInterval(heartbeat);
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
