/**
 * A fake Keystone and Glance on a real node:http server on 127.0.0.1: intent-level helpers, so tests
 * read as "keystone issues a token, glance answers this", and every request is recorded with
 * its full body (streamed uploads included). A request without a route gets 599 and is kept
 * in `unmatched`, so tests can assert nothing unexpected was sent.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, expect } from 'vitest';

export const TOKEN = 'gAAAAAB-secret-token-value';
export const PASSWORD = 'p4ssw0rd-secret';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: Buffer;
  text: string;
  /** The client cut the body short: `body` is what arrived, and nobody answers. */
  aborted?: true;
}

type Handler = (request: RecordedRequest, response: ServerResponse) => void;

interface Route {
  method: string;
  path: string | RegExp;
  handler: Handler;
  persist: boolean;
}

export class FakeOpenStack {
  readonly requests: RecordedRequest[] = [];
  readonly unmatched: RecordedRequest[] = [];
  private readonly routes: Route[] = [];
  private server: Server | undefined;
  url = '';

  /** Starts listening on an ephemeral loopback port. */
  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** OS_* variables of an openrc for this cloud. */
  get env(): Record<string, string> {
    return {
      OS_AUTH_URL: `${this.url}/v3`,
      OS_USERNAME: 'admin',
      OS_PASSWORD: PASSWORD,
      OS_PROJECT_NAME: 'admin',
      OS_USER_DOMAIN_NAME: 'Default',
      OS_PROJECT_DOMAIN_NAME: 'Default',
    };
  }

  /** The catalog Keystone hands out: the image service is this server, public and internal, in two regions. */
  catalog(): unknown[] {
    return [
      { type: 'identity', endpoints: [{ interface: 'public', region_id: 'RegionOne', url: `${this.url}/v3` }] },
      {
        type: 'image',
        endpoints: [
          { interface: 'public', region_id: 'RegionOne', url: this.url },
          { interface: 'internal', region_id: 'RegionOne', url: `${this.url}/internal` },
          { interface: 'public', region_id: 'RegionTwo', url: `${this.url}/region-two` },
        ],
      },
    ];
  }

  /** Keystone answers POST /v3/auth/tokens with a scoped token and the catalog. */
  keystoneIssuesToken(): this {
    return this.on('POST', '/v3/auth/tokens', 201, {
      token: { expires_at: '2099-01-01T00:00:00.000000Z', catalog: this.catalog(), user: { id: 'u1' }, project: { id: 'p1' } },
    }, { 'x-subject-token': TOKEN });
  }

  /** The next request matching method and path gets this answer (once). */
  on(method: string, path: string | RegExp, status: number, body: unknown = '', headers: Record<string, string> = {}): this {
    const { data, contentType } = encode(body);
    return this.handle_(method, path, false, (_request, response) => {
      response.writeHead(status, { 'content-type': contentType, ...headers });
      response.end(data);
    });
  }

  /** A custom answer, e.g. a body cut short. */
  route(method: string, path: string | RegExp, handler: Handler, persist = false): this {
    return this.handle_(method, path, persist, handler);
  }

  /** The recorded requests as "METHOD path" lines, in order. */
  log(): string[] {
    return this.requests.map((request) => `${request.method} ${request.path}`);
  }

  private handle_(method: string, path: string | RegExp, persist: boolean, handler: Handler): this {
    this.routes.push({ method, path, handler, persist });
    return this;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let aborted = false;
    try {
      for await (const chunk of request) {
        chunks.push(chunk as Buffer);
      }
    } catch {
      aborted = true;
    }
    const body = Buffer.concat(chunks);
    const recorded: RecordedRequest = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: Object.fromEntries(Object.entries(request.headers).map(([key, value]) => [key, String(value)])),
      body,
      text: body.toString('utf8'),
    };
    this.requests.push(recorded);
    if (aborted) {
      recorded.aborted = true;
      return;
    }
    const index = this.routes.findIndex(
      (route) => route.method === recorded.method && (typeof route.path === 'string' ? route.path === recorded.path : route.path.test(recorded.path)),
    );
    if (index < 0) {
      this.unmatched.push(recorded);
      response.writeHead(599).end();
      return;
    }
    const route = this.routes[index]!;
    if (!route.persist) {
      this.routes.splice(index, 1);
    }
    route.handler(recorded, response);
  }
}

function encode(body: unknown): { data: string | Buffer; contentType: string } {
  if (Buffer.isBuffer(body)) {
    return { data: body, contentType: 'application/octet-stream' };
  }
  if (typeof body === 'string') {
    return { data: body, contentType: 'text/plain' };
  }
  return { data: JSON.stringify(body), contentType: 'application/json' };
}

/** Starts a fake cloud for one test; close it in afterEach. */
export async function startFakeOpenStack(): Promise<FakeOpenStack> {
  return new FakeOpenStack().start();
}

/**
 * A fresh fake cloud around each test of the calling file, closed afterwards, and failing the
 * test when a request got no answer. The returned object stands for the current test's cloud.
 */
export function fakeCloudPerTest(options: { issuesToken?: boolean } = {}): FakeOpenStack {
  let current: FakeOpenStack | undefined;
  beforeEach(async () => {
    current = await startFakeOpenStack();
    if (options.issuesToken) {
      current.keystoneIssuesToken();
    }
  });
  afterEach(async () => {
    const cloud = current as FakeOpenStack;
    await cloud.close();
    expect(cloud.unmatched).toEqual([]);
  });
  return new Proxy({} as FakeOpenStack, {
    get(_target, property) {
      const value: unknown = Reflect.get(current as FakeOpenStack, property);
      return typeof value === 'function' ? value.bind(current) : value;
    },
  });
}

/** A Glance image record as the API returns it. */
export function image(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01',
    name: 'cirros',
    status: 'active',
    visibility: 'public',
    protected: false,
    os_hidden: false,
    checksum: null,
    os_hash_algo: null,
    os_hash_value: null,
    size: null,
    virtual_size: null,
    disk_format: 'qcow2',
    container_format: 'bare',
    min_disk: 0,
    min_ram: 0,
    owner: '7029d37fa0fd4120bc7490157dfcec9a',
    tags: [],
    stores: 'fast',
    created_at: '2026-11-25T11:53:58Z',
    updated_at: '2026-11-25T11:53:58Z',
    self: '/v2/images/6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01',
    file: '/v2/images/6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01/file',
    schema: '/v2/schemas/image',
    ...fields,
  };
}
