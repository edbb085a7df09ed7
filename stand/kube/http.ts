// The Kubernetes API stand-in's HTTP plumbing: JSON answers, JSON bodies, and one port for http and https.
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Socket } from 'node:net';
import { selfSignedCert } from './tls.js';
import { KubeError, badRequest } from './status.js';

export const JSON_TYPE = 'application/json';
const MAX_BODY = 8 * 1024 * 1024;

export function send(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'content-type': JSON_TYPE, 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

export async function readJson(req: IncomingMessage, optional = false): Promise<unknown> {
  // kubectl sends protobuf for some built-in types; client-go retries with JSON on 415.
  const type = req.headers['content-type'] ?? '';
  if (type && !/json/i.test(type)) {
    throw new KubeError(
      415,
      'UnsupportedMediaType',
      `the body of the request was in an unknown format - accepted media types include: application/json, application/json-patch+json, application/merge-patch+json`,
    );
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new KubeError(413, 'RequestEntityTooLarge', 'the request body is too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) {
    if (optional) return undefined;
    throw badRequest('the request body is empty');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw badRequest(`the request body is not valid JSON: ${(err as Error).message}`);
  }
}

/** A listening port that serves plain HTTP and TLS alike, and closes with every connection dropped. */
export interface DualListener {
  port: number;
  close(): Promise<void>;
}

/**
 * Plain HTTP and TLS on one port, told apart by the first byte (0x16 = TLS handshake): client-node
 * and undici are happy with http, but kubectl never sends a token over plain http (kubectl#744).
 */
export async function listenDual(host: string, port: number, onRequest: RequestListener): Promise<DualListener> {
  const httpServer = createServer(onRequest);
  const tlsServer = createTlsServer(selfSignedCert(), onRequest);
  const sockets = new Set<Socket>();
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy()); // a reset before the first byte must not crash the stand
    socket.once('data', (head) => {
      socket.pause();
      socket.unshift(head);
      (head[0] === 0x16 ? tlsServer : httpServer).emit('connection', socket);
      process.nextTick(() => socket.resume());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      httpServer.closeAllConnections();
      tlsServer.closeAllConnections();
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
