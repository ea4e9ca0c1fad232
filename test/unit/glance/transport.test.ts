/** The transport's 401 policy, against the loopback fake with a token source that records what it is asked. */
import { createServer, type AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlanceError } from '../../../src/glance/errors.js';
import { fixedToken, GlanceTransport, type TokenSource } from '../../../src/glance/transport.js';
import { HttpClient } from '../../../src/http/client.js';
import { fakeCloudPerTest } from '../../helpers/fake-openstack.js';

const cloud = fakeCloudPerTest();
let http: HttpClient;
beforeEach(() => {
  http = new HttpClient({ userAgent: 'glance-test', timeoutMs: 5000, tls: { insecure: false } });
});
afterEach(async () => {
  await http.close();
});

/** A login session in miniature: `cached` is the token it starts with, `fresh` what a renewal gives. */
class RecordingSource implements TokenSource {
  readonly calls: string[] = [];
  private current: string;
  private vouched: boolean;

  private readonly movedTo: string | undefined;

  constructor(
    cached: string,
    private readonly fresh: string | undefined,
    options: { confirmed: boolean; movedTo?: string },
  ) {
    this.current = cached;
    this.vouched = options.confirmed;
    this.movedTo = options.movedTo;
  }

  async token(): Promise<string> {
    return this.current;
  }
  async renew(refused: string): Promise<string | undefined> {
    this.calls.push(`renew ${refused}`);
    if (refused !== this.current || this.fresh === undefined || this.current === this.fresh) {
      return undefined;
    }
    this.current = this.fresh;
    this.vouched = true;
    return this.fresh;
  }
  async forget(refused: string): Promise<void> {
    this.calls.push(`forget ${refused}`);
  }
  confirm(token: string): void {
    this.calls.push(`confirm ${token}`);
    if (token === this.current) {
      this.vouched = true;
    }
  }
  confirmed(): boolean {
    return this.vouched;
  }
  async relocate(unreachable: string): Promise<string | undefined> {
    this.calls.push(`relocate ${unreachable}`);
    if (this.movedTo !== undefined && this.fresh !== undefined) {
      this.current = this.fresh;
    }
    return this.movedTo;
  }
}

/** A loopback URL nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

/** A stream that counts how often it is read from the start. */
function countedStream(data: Buffer): { stream: Readable; starts: () => number } {
  let starts = 0;
  const stream = new Readable({
    read() {
      starts++;
      this.push(data);
      this.push(null);
    },
  });
  return { stream, starts: () => starts };
}

/** Glance's error for a refused request, as commands see it. */
const UNAUTHORIZED = { constructor: GlanceError, status: 401, message: 'HTTP HTTPUnauthorized' };

const tokensOf = (): string[] => cloud.requests.map((request) => request.headers['x-auth-token']!);

describe('a 401 from Glance', () => {
  it('renews the token once and replays a JSON request once, body and all', async () => {
    cloud.on('POST', '/v2/images', 401, '').on('POST', '/v2/images', 201, { id: 'x' });
    const tokens = new RecordingSource('cached', 'fresh', { confirmed: false });
    const transport = new GlanceTransport(http, cloud.url, tokens);
    expect(await transport.json('POST', '/v2/images', { body: { json: { name: 'x' } } })).toEqual({ id: 'x' });
    expect(cloud.log()).toEqual(['POST /v2/images', 'POST /v2/images']);
    expect(cloud.requests.map((request) => [request.headers['x-auth-token'], request.text])).toEqual([
      ['cached', '{"name":"x"}'],
      ['fresh', '{"name":"x"}'],
    ]);
    expect(tokens.calls).toEqual(['renew cached', 'confirm fresh']);
  });

  it('replays a request without a body the same way', async () => {
    cloud.on('GET', '/v2/images/x', 401, '').on('GET', '/v2/images/x', 200, { id: 'x' });
    const transport = new GlanceTransport(http, cloud.url, new RecordingSource('cached', 'fresh', { confirmed: false }));
    expect(await transport.json('GET', '/v2/images/x')).toEqual({ id: 'x' });
    expect(tokensOf()).toEqual(['cached', 'fresh']);
  });

  it('a second 401 is the error: one renewal, two requests', async () => {
    cloud.on('DELETE', '/v2/images/x', 401, '').on('DELETE', '/v2/images/x', 401, '');
    const tokens = new RecordingSource('cached', 'fresh', { confirmed: false });
    await expect(new GlanceTransport(http, cloud.url, tokens).discard('DELETE', '/v2/images/x')).rejects.toMatchObject(UNAUTHORIZED);
    expect(tokensOf()).toEqual(['cached', 'fresh']);
    expect(tokens.calls).toEqual(['renew cached']);
  });

  it('stands when there is no new token to be had', async () => {
    cloud.on('GET', '/v2/images/x', 401, '');
    const tokens = new RecordingSource('fresh-login', undefined, { confirmed: true });
    await expect(new GlanceTransport(http, cloud.url, tokens).json('GET', '/v2/images/x')).rejects.toMatchObject(UNAUTHORIZED);
    expect(cloud.log()).toEqual(['GET /v2/images/x']);
    expect(tokens.calls).toEqual(['renew fresh-login']);
  });

  it('any other answer vouches for the token', async () => {
    cloud.on('GET', '/v2/images/x', 404, '');
    const tokens = new RecordingSource('cached', 'fresh', { confirmed: false });
    await expect(new GlanceTransport(http, cloud.url, tokens).json('GET', '/v2/images/x')).rejects.toMatchObject({ constructor: GlanceError, status: 404 });
    expect([tokens.calls, tokens.confirmed()]).toEqual([['confirm cached'], true]);
  });
});

describe('a streamed body', () => {
  const DATA = Buffer.from('image bytes that can be read once');

  it('with a cached token nothing has vouched for: a probe first, which renews the token before the first byte', async () => {
    cloud.on('GET', '/v2/images?limit=1', 401, '').on('PUT', '/v2/images/x/file', 204);
    const tokens = new RecordingSource('cached', 'fresh', { confirmed: false });
    const data = countedStream(DATA);
    const lines: string[] = [];
    const transport = new GlanceTransport(http, cloud.url, tokens, (line) => lines.push(line));
    await transport.discard('PUT', '/v2/images/x/file', { body: { stream: data.stream } });
    expect(cloud.log()).toEqual(['GET /v2/images?limit=1', 'PUT /v2/images/x/file']);
    expect(tokensOf()).toEqual(['cached', 'fresh']);
    expect(cloud.requests[1]!.body.equals(DATA)).toBe(true);
    expect(data.starts()).toBe(1);
    expect(lines).toEqual(['checking the token before sending data that cannot be sent twice']);
  });

  it('is never sent twice: a 401 on it is the error, and the token is forgotten', async () => {
    cloud.on('GET', '/v2/images?limit=1', 200, { images: [] }).on('PUT', '/v2/images/x/file', 401, '');
    const tokens = new RecordingSource('cached', 'fresh', { confirmed: false });
    const data = countedStream(DATA);
    const upload = new GlanceTransport(http, cloud.url, tokens).discard('PUT', '/v2/images/x/file', { body: { stream: data.stream } });
    await expect(upload).rejects.toMatchObject(UNAUTHORIZED);
    expect(cloud.log()).toEqual(['GET /v2/images?limit=1', 'PUT /v2/images/x/file']);
    expect(tokens.calls).toEqual(['confirm cached', 'forget cached']);
    expect(data.starts()).toBe(1);
  });

  it('a probe refused with no token to replace it fails before any data is read', async () => {
    cloud.on('GET', '/v2/images?limit=1', 401, '');
    const data = countedStream(DATA);
    const upload = new GlanceTransport(http, cloud.url, new RecordingSource('cached', undefined, { confirmed: false })).discard('PUT', '/v2/images/x/file', { body: { stream: data.stream } });
    await expect(upload).rejects.toMatchObject(UNAUTHORIZED);
    expect(cloud.log()).toEqual(['GET /v2/images?limit=1']);
    expect(data.starts()).toBe(0);
  });

  it('a probe Glance answers otherwise (403) lets the upload go ahead with the same token', async () => {
    cloud.on('GET', '/v2/images?limit=1', 403, '').on('PUT', '/v2/images/x/file', 204);
    await new GlanceTransport(http, cloud.url, new RecordingSource('cached', 'fresh', { confirmed: false })).discard('PUT', '/v2/images/x/file', {
      body: { stream: Readable.from([DATA]) },
    });
    expect(tokensOf()).toEqual(['cached', 'cached']);
  });

  it('probes in the API version of the upload (v1)', async () => {
    cloud.on('GET', '/v1/images?limit=1', 200, { images: [] }).on('POST', '/v1/images', 201, { image: { id: 'x' } });
    await new GlanceTransport(http, cloud.url, new RecordingSource('cached', 'fresh', { confirmed: false })).discard('POST', '/v1/images', {
      body: { stream: Readable.from([DATA]) },
    });
    expect(cloud.log()).toEqual(['GET /v1/images?limit=1', 'POST /v1/images']);
  });

  it('with a token already vouched for: no probe', async () => {
    cloud.on('PUT', '/v2/images/x/file', 204);
    await new GlanceTransport(http, cloud.url, new RecordingSource('fresh-login', undefined, { confirmed: true })).discard('PUT', '/v2/images/x/file', {
      body: { stream: Readable.from([DATA]) },
    });
    expect(cloud.log()).toEqual(['PUT /v2/images/x/file']);
  });
});

describe('a fixed token (token-only mode)', () => {
  it('never renews: a 401 is the error at once, and nothing is replayed', async () => {
    cloud.on('POST', '/v2/images', 401, '');
    await expect(new GlanceTransport(http, cloud.url, fixedToken('given')).json('POST', '/v2/images', { body: { json: {} } })).rejects.toMatchObject(UNAUTHORIZED);
    expect(cloud.log()).toEqual(['POST /v2/images']);
    expect(tokensOf()).toEqual(['given']);
  });

  it('is vouched for from the start: an upload goes without a probe', async () => {
    cloud.on('PUT', '/v2/images/x/file', 204);
    await new GlanceTransport(http, cloud.url, 'given').discard('PUT', '/v2/images/x/file', { body: { stream: Readable.from([Buffer.from('x')]) } });
    expect(cloud.log()).toEqual(['PUT /v2/images/x/file']);
  });
});

/** A client that retries `retries` times at once, its retry lines going to `lines`. */
function retryingClient(retries: number, lines: string[]): HttpClient {
  return new HttpClient({
    userAgent: 'glance-test',
    timeoutMs: 5000,
    tls: { insecure: false },
    retries,
    notice: (line) => lines.push(line),
    timing: { pause: async () => undefined, random: () => 1 },
  });
}

describe('retries and the 401 policy together', () => {
  let retrying: HttpClient;
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    retrying = retryingClient(3, lines);
  });
  afterEach(async () => {
    await retrying.close();
  });

  it('a 503 is retried with the same token; a 401 after it renews the token once', async () => {
    cloud.on('GET', '/v2/images/x', 503, '').on('GET', '/v2/images/x', 401, '').on('GET', '/v2/images/x', 200, { id: 'x' });
    const tokens = new RecordingSource('cached', 'fresh', { confirmed: false });
    expect(await new GlanceTransport(retrying, cloud.url, tokens).json('GET', '/v2/images/x')).toEqual({ id: 'x' });
    expect(tokensOf()).toEqual(['cached', 'cached', 'fresh']);
    expect(tokens.calls).toEqual(['renew cached', 'confirm fresh']);
    expect(lines).toEqual([`Retrying GET ${cloud.url}/v2/images/x after HTTP 503 (attempt 2 of 4) in 0.5 s`]);
  });

  it('the replay after a 401 gets retries of its own', async () => {
    cloud.on('PUT', '/v2/images/x/tags/t', 401, '').on('PUT', '/v2/images/x/tags/t', 502, '').on('PUT', '/v2/images/x/tags/t', 204);
    await new GlanceTransport(retrying, cloud.url, new RecordingSource('cached', 'fresh', { confirmed: false })).discard('PUT', '/v2/images/x/tags/t');
    expect(tokensOf()).toEqual(['cached', 'fresh', 'fresh']);
  });

  it('an upload is neither retried nor replayed: a 503 on it is the error', async () => {
    cloud.on('PUT', '/v2/images/x/file', 503, '');
    const data = countedStream(Buffer.from('once'));
    const upload = new GlanceTransport(retrying, cloud.url, 'given').discard('PUT', '/v2/images/x/file', { body: { stream: data.stream } });
    await expect(upload).rejects.toMatchObject({ constructor: GlanceError, status: 503 });
    expect([cloud.log(), data.starts(), lines]).toEqual([['PUT /v2/images/x/file'], 1, []]);
  });

  it('the token probe before an upload is retried like any GET', async () => {
    cloud.on('GET', '/v2/images?limit=1', 503, '').on('GET', '/v2/images?limit=1', 200, { images: [] }).on('PUT', '/v2/images/x/file', 204);
    await new GlanceTransport(retrying, cloud.url, new RecordingSource('cached', 'fresh', { confirmed: false })).discard('PUT', '/v2/images/x/file', {
      body: { stream: Readable.from([Buffer.from('x')]) },
    });
    expect(cloud.log()).toEqual(['GET /v2/images?limit=1', 'GET /v2/images?limit=1', 'PUT /v2/images/x/file']);
  });
});

describe('an endpoint that does not answer', () => {
  it('with a cached token: the catalog may be stale, so the request goes where a new login says (a JSON body too)', async () => {
    const stale = await closedPortUrl();
    cloud.on('POST', '/v2/images', 201, { id: 'x' }).on('GET', '/v2/images/x', 200, { id: 'x' });
    const tokens = new RecordingSource('cached', 'fresh', { confirmed: false, movedTo: cloud.url });
    const transport = new GlanceTransport(http, stale, tokens);
    expect(await transport.json('POST', '/v2/images', { body: { json: { name: 'x' } } })).toEqual({ id: 'x' });
    expect(transport.endpoint).toBe(cloud.url);
    expect(await transport.json('GET', '/v2/images/x')).toEqual({ id: 'x' });
    expect(cloud.requests.map((request) => [request.method, request.path, request.headers['x-auth-token'], request.text])).toEqual([
      ['POST', '/v2/images', 'fresh', '{"name":"x"}'],
      ['GET', '/v2/images/x', 'fresh', ''],
    ]);
    expect(tokens.calls).toEqual([`relocate ${stale}`, 'confirm fresh', 'confirm fresh']);
  });

  it('a streamed body is read once: the probe finds the endpoint gone before the first byte', async () => {
    const stale = await closedPortUrl();
    cloud.on('GET', '/v2/images?limit=1', 200, { images: [] }).on('PUT', '/v2/images/x/file', 204);
    const data = countedStream(Buffer.from('bytes'));
    const transport = new GlanceTransport(http, stale, new RecordingSource('cached', 'fresh', { confirmed: false, movedTo: cloud.url }));
    await transport.discard('PUT', '/v2/images/x/file', { body: { stream: data.stream } });
    expect(cloud.log()).toEqual(['GET /v2/images?limit=1', 'PUT /v2/images/x/file']);
    expect(data.starts()).toBe(1);
  });

  it('with a token something vouched for, or with nowhere else to go, the failure stands', async () => {
    const stale = await closedPortUrl();
    const vouched = new RecordingSource('fresh-login', undefined, { confirmed: true, movedTo: cloud.url });
    await expect(new GlanceTransport(http, stale, vouched).json('GET', '/v2/images/x')).rejects.toThrow(/^Unable to establish connection to /);
    expect(vouched.calls).toEqual([]);
    const nowhere = new RecordingSource('cached', 'fresh', { confirmed: false });
    await expect(new GlanceTransport(http, stale, nowhere).json('GET', '/v2/images/x')).rejects.toThrow(/^Unable to establish connection to /);
    expect(nowhere.calls).toEqual([`relocate ${stale}`]);
  });
});

describe('an endpoint that does not answer, with retries on', () => {
  let retrying: HttpClient;
  const lines: string[] = [];
  beforeEach(() => {
    lines.length = 0;
    retrying = retryingClient(2, lines);
  });
  afterEach(async () => {
    await retrying.close();
  });

  it('with a cached token, a new login is asked for the endpoint before any retry of the old one', async () => {
    const stale = await closedPortUrl();
    cloud.on('GET', '/v2/images/x', 200, { id: 'x' });
    const tokens = new RecordingSource('cached', 'fresh', { confirmed: false, movedTo: cloud.url });
    expect(await new GlanceTransport(retrying, stale, tokens).json('GET', '/v2/images/x')).toEqual({ id: 'x' });
    expect([tokens.calls, lines]).toEqual([[`relocate ${stale}`, 'confirm fresh'], []]);
  });

  it('when the catalog still names the endpoint, it is retried as any other request', async () => {
    const stale = await closedPortUrl();
    const tokens = new RecordingSource('cached', 'fresh', { confirmed: false });
    await expect(new GlanceTransport(retrying, stale, tokens).json('GET', '/v2/images/x')).rejects.toThrow(/^Unable to establish connection to /);
    expect(tokens.calls).toEqual([`relocate ${stale}`]);
    expect(lines).toEqual([
      `Retrying GET ${stale}/v2/images/x after connection refused (attempt 2 of 3) in 0.5 s`,
      `Retrying GET ${stale}/v2/images/x after connection refused (attempt 3 of 3) in 1 s`,
    ]);
  });
});
