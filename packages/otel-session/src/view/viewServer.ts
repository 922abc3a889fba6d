import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CliError } from '../CliError.js';
import { loadSessionFile } from '../files/loadSessionFile.js';
import { renderViewerPage } from '../viewer/page.js';
import { viewerAssets } from '../viewer/viewerAssets.js';
import { watchFile } from './watchFile.js';

/**
 * The HTTP server behind `otel-session view`: the viewer page at `/<token>/`, the file at
 * `/<token>/session.json`, and with `live`, each new state of the file pushed to `/<token>/events` as
 * Server-Sent Events. It binds 127.0.0.1 only and answers only requests addressed to 127.0.0.1 or
 * localhost by name, so that neither the network nor a web page using DNS rebinding can read the session.
 * Any local user can reach 127.0.0.1, though, and the session file may be readable by its owner only: so
 * every route sits under a random token of this run (as Jupyter does), printed only to whoever started
 * it. In the path rather than the query, the page's relative URLs carry it without knowing it.
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
const TOKEN_BYTES = 24;

/** The route under `/<token>/`, or `undefined` when the path does not start with this run's token. */
function routeUnder(pathname: string, token: Buffer): string | undefined {
  const slash = pathname.indexOf('/', 1);
  if (slash === -1) return undefined;
  const given = Buffer.from(pathname.slice(1, slash));
  // Compared in constant time: a timing difference would let a local user guess it character by character.
  if (given.length !== token.length || !timingSafeEqual(given, token)) return undefined;
  return pathname.slice(slash);
}

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

  const token = randomBytes(TOKEN_BYTES).toString('base64url');
  const tokenBytes = Buffer.from(token);
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
    const route = routeUnder(new URL(request.url ?? '/', 'http://localhost').pathname, tokenBytes);
    if (route === undefined) {
      response.writeHead(403, { 'content-type': 'text/plain' }).end('forbidden: use the URL that otel-session view printed\n');
      return;
    }
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
    url: `http://127.0.0.1:${bound}/${token}/`,
    close: async () => {
      stopWatching();
      clearInterval(heartbeat);
      for (const client of clients) client.end();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
