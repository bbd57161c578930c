// An HTTP (or HTTPS) front on 127.0.0.1 for a real backend, whose behaviour a test switches at run time:
// pass-through, slow, an error status, reset mid-response, requests held until released, a closed port, and
// (for an HTTPS front) a certificate swapped for a self-signed one. Every answer says `Connection: close`,
// so no keep-alive socket carries one behaviour into the next and each request opens a fresh connection.
import { EventEmitter, once } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';

/**
 * - `pass`: forwarded to the upstream; if the upstream cannot be reached, the connection is reset.
 * - `slow`: forwarded after `slowDelayMs` (longer than the client's timeout), unless the client gave up.
 * - `error500`: answered 500 at once, never forwarded.
 * - `reset`: forwarded; the upstream's headers and half its body go back, then the connection is reset.
 * - `hold`: accepted and kept waiting (the request is in flight) until `release()` forwards it.
 */
export type ChaosMode = 'pass' | 'slow' | 'error500' | 'reset' | 'hold';

export interface ChaosProxyOptions {
  /** `http://127.0.0.1:PORT` of the real backend. */
  upstream: string;
  /** Serve HTTPS with this certificate instead of plain HTTP. */
  tls?: { cert: string; key: string };
  /** Default 5000 ms. */
  slowDelayMs?: number;
}

export interface ChaosProxy {
  readonly url: string;
  readonly port: number;
  /** HTTP requests received in full so far (a failed TLS handshake never becomes one). */
  readonly requests: number;
  /** Each of those requests' method and target (path and query, as sent), in order of arrival. */
  readonly received: ReadonlyArray<{ method: string; url: string }>;
  /** TCP connections accepted so far, TLS handshakes or not. */
  readonly connections: number;
  mode: ChaosMode;
  /** Resolves once `count` requests in all have arrived (an event, not a poll). */
  waitForRequests(count: number): Promise<void>;
  /** Forwards the requests `hold` kept waiting, in the current mode's place (as `pass`). */
  release(): void;
  /** HTTPS front only: new handshakes present this certificate. */
  setCertificate(cert: string, key: string): void;
  /** Stops listening and drops every connection: the port is closed and connecting is refused. */
  refuse(): Promise<void>;
  /** Listens again on the same port. */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

type Server = http.Server | https.Server;

/** A request as received, its body read in full. */
interface Incoming {
  method: string | undefined;
  url: string | undefined;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

export async function startChaosProxy(options: ChaosProxyOptions): Promise<ChaosProxy> {
  const upstream = new URL(options.upstream);
  const slowDelayMs = options.slowDelayMs ?? 5000;
  const events = new EventEmitter();
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let held: Array<{ req: Incoming; res: http.ServerResponse }> = [];
  const received: Array<{ method: string; url: string }> = [];
  let requests = 0;
  let connections = 0;
  let port = 0;
  let listening = false;

  /** Sends the request on; `answer` gets the upstream's answer in full. */
  function forward(req: Incoming, res: http.ServerResponse, answer: (status: number, headers: http.IncomingHttpHeaders, body: Buffer) => void): void {
    if (res.destroyed) return;
    const headers: http.OutgoingHttpHeaders = { ...req.headers, host: upstream.host, connection: 'close' };
    delete headers['keep-alive'];
    const out = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent: false }, (up) => {
      const body: Buffer[] = [];
      up.on('data', (c: Buffer) => body.push(c));
      up.on('end', () => answer(up.statusCode ?? 502, up.headers, Buffer.concat(body)));
      up.on('error', () => resetClient(res));
    });
    // The upstream is dead (or died while answering): the client sees its connection reset.
    out.on('error', () => resetClient(res));
    out.end(req.body);
  }

  function passAnswer(res: http.ServerResponse) {
    return (status: number, headers: http.IncomingHttpHeaders, body: Buffer) => {
      if (res.destroyed) return;
      res.writeHead(status, { ...withoutHopHeaders(headers), 'content-length': body.length, connection: 'close' });
      res.end(body);
    };
  }

  function pass(req: Incoming, res: http.ServerResponse): void {
    forward(req, res, passAnswer(res));
  }

  /** Counts a request once it has arrived in full, then acts on it as the mode says. */
  function handle(raw: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    raw.on('data', (c: Buffer) => chunks.push(c));
    raw.on('end', () => {
      requests += 1;
      received.push({ method: raw.method ?? '', url: raw.url ?? '' });
      events.emit('request', requests);
      act({ method: raw.method, url: raw.url, headers: raw.headers, body: Buffer.concat(chunks) }, res);
    });
  }

  function act(req: Incoming, res: http.ServerResponse): void {
    switch (proxy.mode) {
      case 'pass':
        return pass(req, res);
      case 'slow': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          pass(req, res);
        }, slowDelayMs);
        timers.add(timer);
        res.on('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
      case 'error500':
        res.writeHead(500, { 'content-type': 'text/plain', connection: 'close' });
        res.end('chaos proxy: injected failure\n');
        return;
      case 'reset':
        return forward(req, res, (status, headers, body) => {
          if (res.destroyed) return;
          res.writeHead(status, { ...withoutHopHeaders(headers), 'content-length': body.length, connection: 'close' });
          // Half the body reaches the client before the connection is reset under it.
          res.write(body.subarray(0, Math.floor(body.length / 2)), () => resetClient(res));
        });
      case 'hold':
        held.push({ req, res });
        return;
    }
  }

  const server: Server = options.tls ? https.createServer({ cert: options.tls.cert, key: options.tls.key }, handle) : http.createServer(handle);
  // Connections, not requests, for a TLS front whose handshakes fail.
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // A client refusing our certificate ends the handshake; that is the point, not an error of the proxy.
  server.on('tlsClientError', () => undefined);

  async function listen(): Promise<void> {
    server.listen(port, '127.0.0.1');
    await once(server, 'listening');
    port = (server.address() as AddressInfo).port;
    listening = true;
  }

  function dropAll(): void {
    for (const t of timers) clearTimeout(t);
    timers.clear();
    held = [];
    for (const s of sockets) s.destroy();
    sockets.clear();
  }

  async function stopListening(): Promise<void> {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    dropAll();
    await closed;
  }

  await listen();
  const scheme = options.tls ? 'https' : 'http';

  const proxy: ChaosProxy = {
    get url() {
      return `${scheme}://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    get requests() {
      return requests;
    },
    get connections() {
      return connections;
    },
    received,
    mode: 'pass',
    waitForRequests(count) {
      if (requests >= count) return Promise.resolve();
      return new Promise((resolve) => {
        const onRequest = (n: number) => {
          if (n < count) return;
          events.off('request', onRequest);
          resolve();
        };
        events.on('request', onRequest);
      });
    },
    release() {
      const waiting = held;
      held = [];
      for (const { req, res } of waiting) pass(req, res);
    },
    setCertificate(cert, key) {
      if (!(server instanceof https.Server)) throw new Error('setCertificate needs an HTTPS front');
      server.setSecureContext({ cert, key });
    },
    refuse: stopListening,
    async reopen() {
      if (!listening) await listen();
    },
    close: stopListening,
  };
  return proxy;
}

/** Resets the client's connection (RST, not a clean close), as a process dying under it would. */
function resetClient(res: http.ServerResponse): void {
  const socket = res.socket;
  if (!socket || socket.destroyed) return;
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

function withoutHopHeaders(headers: http.IncomingHttpHeaders): http.OutgoingHttpHeaders {
  const out: http.OutgoingHttpHeaders = { ...headers };
  for (const name of ['connection', 'keep-alive', 'transfer-encoding', 'content-length']) delete out[name];
  return out;
}

/**
 * A certificate for 127.0.0.1 and localhost that signs itself: no CA anyone trusts vouches for it (generated
 * with `openssl req -x509 -newkey ec`, valid until 2126; the key is public on purpose, for tests only).
 */
export const SELF_SIGNED_CERT_PEM = `-----BEGIN CERTIFICATE-----
MIIBvDCCAWOgAwIBAgIULxcof/57pHp1sTraW032BmKvfekwCgYIKoZIzj0EAwIw
JTEjMCEGA1UEAwwaUHJvZExlbnMgY2hhb3Mgc2VsZi1zaWduZWQwIBcNMjYxMTI2
MDYzMzE2WhgPMjEyNjExMDIwNjMzMTZaMCUxIzAhBgNVBAMMGlByb2RMZW5zIGNo
YW9zIHNlbGYtc2lnbmVkMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEQ31Fkijm
iD/fM0VY370tOcoE4rrzQQGmxrP/8NlKrZ24g90wGfaf8EfolTulX4YE7MOjHV+2
RZ2JFSOdVtrfu6NvMG0wHQYDVR0OBBYEFJyePi1+8z7UPXAcggRRbxNlEES3MB8G
A1UdIwQYMBaAFJyePi1+8z7UPXAcggRRbxNlEES3MA8GA1UdEwEB/wQFMAMBAf8w
GgYDVR0RBBMwEYcEfwAAAYIJbG9jYWxob3N0MAoGCCqGSM49BAMCA0cAMEQCIElO
qvx2rFqCWJLThsUBSiiUgLZ2CSQdQYYigJRmQBqRAiB4fjE33oqJ6yutUTVoXBLu
9PM+xZZ3iu67R5U8S3zqWw==
-----END CERTIFICATE-----
`;

export const SELF_SIGNED_KEY_PEM = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg7gyHdJXQ6KQpWYa6
JFPGMg/LEJ/CAJORXv9JlG3+kEuhRANCAARDfUWSKOaIP98zRVjfvS05ygTiuvNB
AabGs//w2UqtnbiD3TAZ9p/wR+iVO6VfhgTsw6MdX7ZFnYkVI51W2t+7
-----END PRIVATE KEY-----
`;
