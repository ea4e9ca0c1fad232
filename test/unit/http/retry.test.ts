/** The retry policy: which requests, which failures, how long between attempts; against the loopback fake. */
import { createServer } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InterruptedError } from '../../../src/errors.js';
import { HttpClient, type HttpClientOptions } from '../../../src/http/client.js';
import { ConnectionError, HttpError } from '../../../src/http/errors.js';
import { MAX_RETRY_AFTER_MS, parseRetryAfter, replayable, retryable, retryDelay, transientCause, type RetryTiming } from '../../../src/http/retry.js';
import { fakeCloudPerTest } from '../../helpers/fake-openstack.js';

describe('retryDelay', () => {
  it('doubles from 0.5 s, half of it jittered', () => {
    expect([1, 2, 3, 4].map((retry) => retryDelay(retry, undefined, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((retry) => retryDelay(retry, undefined, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect(retryDelay(2, undefined, () => 0.5)).toBe(750);
  });

  it('stops growing at 30 s', () => {
    expect(retryDelay(20, undefined, () => 1)).toBe(30_000);
  });

  it('waits at least what Retry-After asks, and not at all for more than a minute', () => {
    expect(retryDelay(1, 5000, () => 1)).toBe(5000);
    expect(retryDelay(4, 1000, () => 1)).toBe(4000);
    expect(retryDelay(1, MAX_RETRY_AFTER_MS, () => 1)).toBe(MAX_RETRY_AFTER_MS);
    expect(retryDelay(1, MAX_RETRY_AFTER_MS + 1000, () => 1)).toBeUndefined();
  });
});

describe('parseRetryAfter', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('Fri, 04 Dec 2026 07:00:00 GMT');
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('Fri, 04 Dec 2026 07:00:10 GMT', now)).toBe(10_000);
    expect(parseRetryAfter('Fri, 04 Dec 2026 06:00:00 GMT', now)).toBe(0);
  });

  it('ignores what it cannot read', () => {
    expect([undefined, '', 'soon', '-1', '1.5'].map((value) => parseRetryAfter(value))).toEqual([undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('what may be sent again', () => {
  it('a body in memory can be replayed; a stream cannot', () => {
    expect(replayable(undefined)).toBe(true);
    expect(replayable({ json: { name: 'x' } })).toBe(true);
    expect(replayable({ stream: Readable.from([]) })).toBe(false);
  });

  it('GET, HEAD, PUT and DELETE with a replayable body; never POST or PATCH', () => {
    expect(['GET', 'HEAD', 'PUT', 'DELETE', 'POST', 'PATCH'].map((method) => retryable(method, { json: {} }))).toEqual([true, true, true, true, false, false]);
    expect(retryable('PUT', { stream: Readable.from([]) })).toBe(false);
  });

  it('502, 503, 504, a refused or lost connection are transient; other statuses, timeouts and TLS are not', () => {
    const http = (status: number): HttpError => new HttpError('GET', 'http://x/', status, {}, '');
    expect([502, 503, 504, 500, 404, 401].map((status) => transientCause(http(status)))).toEqual(['HTTP 502', 'HTTP 503', 'HTTP 504', undefined, undefined, undefined]);
    const socket = (code: string): Error => Object.assign(new Error(code), { code });
    expect(['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'SELF_SIGNED_CERT_IN_CHAIN', 'ENOTFOUND'].map((code) => transientCause(socket(code)))).toEqual([
      'connection refused',
      'the connection was lost',
      'the connection was lost',
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(transientCause(new ConnectionError('refused', 'http://x/', 'ECONNREFUSED', 'refused'))).toBe('connection refused');
  });
});

describe('HttpClient retries', () => {
  const cloud = fakeCloudPerTest();
  let clients: HttpClient[] = [];
  let lines: string[];
  let pauses: number[];
  beforeEach(() => {
    lines = [];
    pauses = [];
  });
  afterEach(async () => {
    await Promise.all(clients.map((client) => client.close()));
    clients = [];
  });
  const timing: RetryTiming = { pause: async (ms) => void pauses.push(ms), random: () => 1 };
  const client = (options: Partial<HttpClientOptions> = {}): HttpClient => {
    const created = new HttpClient({ userAgent: 'test', timeoutMs: 5000, tls: { insecure: false }, retries: 3, notice: (line) => lines.push(line), timing, ...options });
    clients.push(created);
    return created;
  };

  it('sends a GET again after 503s and returns the answer that came', async () => {
    cloud.on('GET', '/v2/images', 503, '').on('GET', '/v2/images', 502, '').on('GET', '/v2/images', 200, { images: [] });
    const response = await client().send({ method: 'GET', url: `${cloud.url}/v2/images` });
    expect(await response.json()).toEqual({ images: [] });
    expect(cloud.log()).toEqual(['GET /v2/images', 'GET /v2/images', 'GET /v2/images']);
    expect(lines).toEqual([
      `Retrying GET ${cloud.url}/v2/images after HTTP 503 (attempt 2 of 4) in 0.5 s`,
      `Retrying GET ${cloud.url}/v2/images after HTTP 502 (attempt 3 of 4) in 1 s`,
    ]);
    expect(pauses).toEqual([500, 1000]);
  });

  it('gives up after --retries more attempts, with the last error', async () => {
    for (let answer = 0; answer < 3; answer++) {
      cloud.on('DELETE', '/v2/images/x', 504, '');
    }
    await expect(client({ retries: 2 }).send({ method: 'DELETE', url: `${cloud.url}/v2/images/x` })).rejects.toMatchObject({ status: 504 });
    expect(cloud.log()).toHaveLength(3);
    expect(lines).toHaveLength(2);
  });

  it('--retries 0 sends once', async () => {
    cloud.on('GET', '/v2/images', 503, '');
    await expect(client({ retries: 0 }).send({ method: 'GET', url: `${cloud.url}/v2/images` })).rejects.toMatchObject({ status: 503 });
    expect([cloud.log().length, lines]).toEqual([1, []]);
  });

  it('replays a PUT of JSON, body and all', async () => {
    cloud.on('PUT', '/v2/images/x/members/p', 503, '').on('PUT', '/v2/images/x/members/p', 200, { status: 'accepted' });
    await client().send({ method: 'PUT', url: `${cloud.url}/v2/images/x/members/p`, body: { json: { status: 'accepted' } } });
    expect(cloud.requests.map((request) => request.text)).toEqual(['{"status":"accepted"}', '{"status":"accepted"}']);
  });

  it('never sends a POST, a PATCH or a streamed PUT twice', async () => {
    cloud.on('POST', '/v2/images', 503, '').on('PATCH', '/v2/images/x', 503, '').on('PUT', '/v2/images/x/file', 503, '');
    const http = client();
    await expect(http.send({ method: 'POST', url: `${cloud.url}/v2/images`, body: { json: {} } })).rejects.toMatchObject({ status: 503 });
    await expect(http.send({ method: 'PATCH', url: `${cloud.url}/v2/images/x`, body: { json: [] } })).rejects.toMatchObject({ status: 503 });
    await expect(http.send({ method: 'PUT', url: `${cloud.url}/v2/images/x/file`, body: { stream: Readable.from([Buffer.from('data')]) } })).rejects.toMatchObject({ status: 503 });
    expect([cloud.log().length, lines]).toEqual([3, []]);
  });

  it('does not wait for a Retry-After of more than a minute', async () => {
    cloud.on('GET', '/v2/images', 503, '', { 'retry-after': '3600' });
    await expect(client().send({ method: 'GET', url: `${cloud.url}/v2/images` })).rejects.toMatchObject({ status: 503 });
    expect([cloud.log().length, lines]).toEqual([1, []]);
  });

  it('retries a reset connection', async () => {
    cloud.route('GET', '/v2/images', (_request, response) => response.socket?.resetAndDestroy()).on('GET', '/v2/images', 200, { images: [] });
    const response = await client().send({ method: 'GET', url: `${cloud.url}/v2/images` });
    expect(await response.json()).toEqual({ images: [] });
    expect(lines).toEqual([`Retrying GET ${cloud.url}/v2/images after the connection was lost (attempt 2 of 4) in 0.5 s`]);
  });

  it('retries a refused connection, then names it', async () => {
    const url = await closedPort();
    await expect(client().send({ method: 'GET', url })).rejects.toThrow(`Unable to establish connection to ${url}: connect ECONNREFUSED`);
    expect(lines).toEqual([1, 2, 3].map((n) => `Retrying GET ${url} after connection refused (attempt ${n + 1} of 4) in ${[0.5, 1, 2][n - 1]} s`));
  });

  it('masks a password in the URL it names', async () => {
    const url = (await closedPort()).replace('http://', 'http://user:secret@');
    await expect(client({ retries: 1 }).send({ method: 'GET', url })).rejects.toThrow();
    expect(lines).toEqual([`Retrying GET ${url.replace(':secret@', ':***@')} after connection refused (attempt 2 of 2) in 0.5 s`]);
  });

  it('Ctrl-C during the wait stops with InterruptedError', async () => {
    cloud.on('GET', '/v2/images', 503, '');
    const controller = new AbortController();
    const stopping: RetryTiming = {
      random: () => 1,
      pause: async () => {
        controller.abort();
        throw new InterruptedError();
      },
    };
    await expect(client({ timing: stopping }).send({ method: 'GET', url: `${cloud.url}/v2/images`, signal: controller.signal })).rejects.toBeInstanceOf(InterruptedError);
    expect(cloud.log()).toEqual(['GET /v2/images']);
  });
});

async function closedPort(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v2/images`;
}
