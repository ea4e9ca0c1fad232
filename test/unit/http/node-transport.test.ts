/**
 * Requests without a streamed body go through node:http (node-transport.ts), uploads through
 * undici: both roads must look the same to the rest of the client. A real node:http server on
 * loopback plays the cloud.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient } from '../../../src/http/client.js';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

let servers: Server[] = [];
let clients: HttpClient[] = [];
afterEach(async () => {
  await Promise.all(clients.map((client) => client.close()));
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
  servers = [];
  clients = [];
});

async function serve(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      seen.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString() });
      handler(request, response);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

function client(timeoutMs = 5000): HttpClient {
  const created = new HttpClient({ userAgent: 'glance-test', timeoutMs, tls: { insecure: false }, retries: 0 });
  clients.push(created);
  return created;
}

describe('requests through node:http', () => {
  it('send the method, the path as built, the headers and a JSON body with its length', async () => {
    const cloud = await serve((_request, response) => response.writeHead(201, { 'content-type': 'application/json', 'x-openstack-request-id': 'req-1' }).end('{"id":"a"}'));
    const response = await client().send({ method: 'POST', url: `${cloud.url}/v2/images/%2E%2E?x=1`, headers: { 'X-Auth-Token': 't' }, body: { json: { name: 'n' } } });
    expect([response.status, response.headers['x-openstack-request-id'], await response.json()]).toEqual([201, 'req-1', { id: 'a' }]);
    expect(cloud.seen).toHaveLength(1);
    expect(cloud.seen[0]).toMatchObject({ method: 'POST', url: '/v2/images/%2E%2E?x=1', body: '{"name":"n"}' });
    expect(cloud.seen[0]?.headers).toMatchObject({ 'x-auth-token': 't', 'user-agent': 'glance-test', 'content-length': '12', 'content-type': 'application/json' });
  });

  it('reuse one connection for calls in a row', async () => {
    const ports = new Set<number>();
    const cloud = await serve((request, response) => {
      ports.add(request.socket.remotePort ?? 0);
      response.end('{}');
    });
    const http = client();
    for (let call = 0; call < 3; call++) {
      await (await http.send({ method: 'GET', url: `${cloud.url}/v2/images` })).json();
    }
    expect(ports.size).toBe(1);
  });

  it('a body cut by the server is a lost connection, worded as undici words it', async () => {
    const cloud = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '1000' });
      response.write('x'.repeat(100));
      setTimeout(() => response.socket?.destroy(), 20);
    });
    const response = await client().send({ method: 'GET', url: `${cloud.url}/v2/images/a/file` });
    await expect(response.text().catch((error: unknown) => Promise.reject(response.failure(error)))).rejects.toThrow(`the connection to ${cloud.url}/v2/images/a/file was lost (other side closed)`);
  });

  it('--timeout: no answer in time, and a body that stalls, are named as such', async () => {
    const silent = await serve(() => undefined);
    await expect(client(200).send({ method: 'GET', url: `${silent.url}/v2/images` })).rejects.toThrow(
      `Error communicating with ${silent.url}/v2/images: timed out: no answer within 0.2 s (--timeout)`,
    );
    const stalling = await serve((_request, response) => {
      response.writeHead(200, { 'content-length': '1000' });
      response.write('x');
    });
    const response = await client(200).send({ method: 'GET', url: `${stalling.url}/v2/images/a/file` });
    await expect(response.text().catch((error: unknown) => Promise.reject(response.failure(error)))).rejects.toThrow(`the transfer from ${stalling.url}/v2/images/a/file stalled: no data for 0.2 s (--timeout)`);
  });

  it('a refused connection names the URL', async () => {
    const cloud = await serve(() => undefined);
    servers.pop()?.close();
    await expect(client().send({ method: 'GET', url: `${cloud.url}/v2/images` })).rejects.toThrow(`Unable to establish connection to ${cloud.url}/v2/images: connect ECONNREFUSED ${cloud.url.slice('http://'.length)}`);
  });

  it('a streamed body goes through undici, and arrives the same', async () => {
    const cloud = await serve((_request, response) => response.writeHead(204).end());
    const response = await client().send({ method: 'PUT', url: `${cloud.url}/v2/images/a/file`, body: { stream: Readable.from([Buffer.from('abc'), Buffer.from('def')]) } });
    expect(response.status).toBe(204);
    expect(cloud.seen.map((request) => [request.method, request.url, request.body])).toEqual([['PUT', '/v2/images/a/file', 'abcdef']]);
  });
});
