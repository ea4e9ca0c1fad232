/**
 * An in-memory Glance speaking only the Image API v1, on a real node:http server on 127.0.0.1.
 *
 * No packaged Glance serves v1 any more (it was removed in Rocky), so this is built from the
 * documented behaviour (python-glanceclient's v1 manager, the reference's section 3, and Glance's
 * own v1 API and registry code up to Queens):
 *
 *   GET  /versions, GET /              300, only v1.1 (CURRENT) and v1.0 (SUPPORTED)
 *   POST /v1/images                    x-image-meta-* headers, optional data (chunked or not),
 *                                      x-glance-api-copy-from (copied after the answer, like
 *                                      Glance's background copy), x-image-meta-location
 *   GET  /v1/images, /v1/images/detail filters name, status, container_format, disk_format,
 *                                      size_min, size_max, min_ram, min_disk, protected,
 *                                      is_public (True/False/None), changes-since, property-K=V;
 *                                      sort_key/sort_dir (default created_at desc); limit (25,
 *                                      at most 1000) + marker paging; deleted images only with
 *                                      changes-since
 *   HEAD /v1/images/{id}               metadata as headers (null fields left out), deleted too
 *   GET  /v1/images/{id}               data + the same headers; 404 unless active
 *   PUT  /v1/images/{id}               headers; x-glance-registry-purge-props (true when absent,
 *                                      false when data comes along); data only while queued
 *                                      (409 otherwise); location/copy-from only while queued
 *   DELETE /v1/images/{id}             protected → 403; marks the image deleted
 *   GET/PUT /v1/images/{id}/members, PUT/DELETE /v1/images/{id}/members/{tenant},
 *   GET /v1/shared-images/{tenant}
 *
 * Errors are Glance's webob HTML pages (the client asks for any type), e.g. "404 Not Found: Image
 * <id> not found.". The caller is a non-admin member of `tenant` who sees every image (no
 * visibility rules). Every request is recorded, body included.
 */
import { createHash, randomUUID } from 'node:crypto';
import { createServer, get as httpGet, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RecordedRequest } from './fake-openstack.js';

export const V1_TENANT = 'c1b1bd7d0b6f4b0c8e1bbfd51d1b1f2a';

/** An image as the fake keeps it (the v1 registry's columns). */
export interface StoredV1Image {
  id: string;
  name: string | null;
  status: string;
  is_public: boolean;
  protected: boolean;
  deleted: boolean;
  deleted_at: string | null;
  size: number | null;
  min_disk: number;
  min_ram: number;
  checksum: string | null;
  disk_format: string | null;
  container_format: string | null;
  owner: string | null;
  created_at: string;
  updated_at: string;
  properties: Record<string, string | null>;
  /** Not shown to clients (Glance redacts it). */
  location: string | null;
  data: Buffer | undefined;
}

export interface V1Membership {
  member_id: string;
  can_share: boolean;
}

export interface V1VersionEntry {
  id: string;
  status: string;
}

const CORE_HEADERS = new Set([
  'location',
  'size',
  'is_public',
  'disk_format',
  'container_format',
  'name',
  'status',
  'copy_from',
  'uri',
  'checksum',
  'created_at',
  'updated_at',
  'deleted_at',
  'min_ram',
  'min_disk',
  'owner',
  'store',
  'id',
  'protected',
  'deleted',
  'virtual_size',
]);
const DISK_FORMATS = ['ami', 'ari', 'aki', 'vhd', 'vhdx', 'vmdk', 'raw', 'qcow2', 'vdi', 'iso', 'ploop'];
const CONTAINER_FORMATS = ['ami', 'ari', 'aki', 'bare', 'ovf', 'ova', 'docker'];
const STORES = ['file', 'http', 'swift', 'rbd', 'cinder', 'sheepdog', 'vsphere'];
const SORT_KEYS = ['name', 'status', 'container_format', 'disk_format', 'size', 'id', 'created_at', 'updated_at'];
const FILTERS = ['name', 'status', 'container_format', 'disk_format', 'min_ram', 'min_disk', 'size_min', 'size_max', 'is_public', 'changes-since', 'protected'];

const TITLES: Record<number, string> = {
  400: '400 Bad Request',
  401: '401 Unauthorized',
  403: '403 Forbidden',
  404: '404 Not Found',
  405: '405 Method Not Allowed',
  409: '409 Conflict',
  413: '413 Request Entity Too Large',
  500: '500 Internal Server Error',
};
const EXPLANATIONS: Record<number, string> = {
  400: 'The server could not comply with the request since it is either malformed or otherwise incorrect.',
  401: 'This server could not verify that you are authorized to access the document you requested.',
  403: 'Access was denied to this resource.',
  404: 'The resource could not be found.',
  405: 'The method is not allowed for this resource.',
  409: 'There was a conflict when trying to complete your request.',
  413: 'The request is larger than the server is willing or able to process.',
  500: 'The server has either erred or is incapable of performing the requested operation.',
};

/** A webob error page. `explanation` replaces the class's default text; `detail` comes after it. */
export function webobHtml(status: number, text: { explanation?: string; detail?: string }): string {
  const title = TITLES[status] ?? `${status} Error`;
  const explanation = text.explanation ?? EXPLANATIONS[status] ?? '';
  return (
    `<html>\n <head>\n  <title>${title}</title>\n </head>\n <body>\n  <h1>${title}</h1>\n` +
    `  ${explanation}<br /><br />\n${text.detail ?? ''}\n\n\n </body>\n</html>`
  );
}

class HttpFailure extends Error {
  constructor(
    readonly status: number,
    readonly text: { explanation?: string; detail?: string },
  ) {
    super(text.explanation ?? text.detail ?? String(status));
  }
}

const fail = (status: number, explanation: string): HttpFailure => new HttpFailure(status, { explanation });
const failDetail = (status: number, detail: string): HttpFailure => new HttpFailure(status, { detail });

export class FakeGlanceV1 {
  readonly requests: RecordedRequest[] = [];
  readonly images = new Map<string, StoredV1Image>();
  readonly members = new Map<string, V1Membership[]>();
  /** URLs served to x-glance-api-copy-from and x-image-meta-location without a network fetch. */
  readonly remote = new Map<string, Buffer>();
  /** What GET /versions lists. */
  versions: V1VersionEntry[] = [
    { id: 'v1.1', status: 'CURRENT' },
    { id: 'v1.0', status: 'SUPPORTED' },
  ];
  tenant = V1_TENANT;
  /** When set, requests without this x-auth-token get 401. */
  requiredToken: string | undefined;
  url = '';
  private server: Server | undefined;
  private clock = 0;
  private readonly pending = new Set<Promise<void>>();
  private readonly injected: { method: string; path: string | RegExp; status: number; explanation: string }[] = [];

  async start(): Promise<this> {
    this.server = createServer((request, response) => void this.handle(request, response));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    await this.settled();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  /** Waits for background copies (x-glance-api-copy-from) to finish. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) {
      await Promise.all([...this.pending]);
    }
  }

  /** The recorded requests as "METHOD path" lines, in order. */
  log(): string[] {
    return this.requests.map((request) => `${request.method} ${request.path}`);
  }

  /** The next request matching method and path fails with this status and explanation (once). */
  failNext(method: string, path: string | RegExp, status: number, explanation: string): this {
    this.injected.push({ method, path, status, explanation });
    return this;
  }

  /** Seeds an image (active with data when `data` is given, else queued). */
  addImage(fields: Partial<StoredV1Image> & { data?: Buffer } = {}): StoredV1Image {
    const now = this.now();
    const data = fields.data;
    const id = fields.id ?? randomUUID();
    const image: StoredV1Image = {
      id,
      name: null,
      status: data ? 'active' : 'queued',
      is_public: false,
      protected: false,
      deleted: false,
      deleted_at: null,
      size: data ? data.length : 0,
      min_disk: 0,
      min_ram: 0,
      checksum: data ? md5(data) : null,
      disk_format: data ? 'raw' : null,
      container_format: data ? 'bare' : null,
      owner: this.tenant,
      created_at: now,
      updated_at: now,
      properties: {},
      location: data ? `file:///var/lib/glance/images/${id}` : null,
      ...fields,
      data,
    };
    this.images.set(image.id, image);
    return image;
  }

  image(id: string): StoredV1Image | undefined {
    return this.images.get(id);
  }

  /** The JSON Glance's v1 API returns for an image (location redacted). */
  record(image: StoredV1Image): Record<string, unknown> {
    return {
      id: image.id,
      name: image.name,
      status: image.status,
      is_public: image.is_public,
      protected: image.protected,
      deleted: image.deleted,
      deleted_at: image.deleted_at,
      size: image.size,
      min_disk: image.min_disk,
      min_ram: image.min_ram,
      checksum: image.checksum,
      disk_format: image.disk_format,
      container_format: image.container_format,
      owner: image.owner,
      created_at: image.created_at,
      updated_at: image.updated_at,
      properties: { ...image.properties },
    };
  }

  /** utils.image_meta_to_http_headers: non-null fields as x-image-meta-*, properties as x-image-meta-property-<lower-cased key>. */
  metaHeaders(image: StoredV1Image): Record<string, string> {
    const headers: Record<string, string> = {};
    const record = this.record(image);
    for (const [key, value] of Object.entries(record)) {
      if (key === 'properties' || value === null || value === undefined) {
        continue;
      }
      headers[`x-image-meta-${key}`] = wire(pythonStr(value));
    }
    for (const [key, value] of Object.entries(image.properties)) {
      if (value !== null) {
        headers[`x-image-meta-property-${key.toLowerCase()}`] = wire(value);
      }
    }
    if (image.checksum) {
      headers.etag = image.checksum;
    }
    return headers;
  }

  private now(): string {
    const date = new Date(Date.UTC(2026, 0, 1) + this.clock++ * 1000);
    return `${date.toISOString().slice(0, 19)}.000000`;
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
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
    const hasBody = body.length > 0 || /chunked/i.test(recorded.headers['transfer-encoding'] ?? '');
    try {
      const injected = this.injected.findIndex(
        (entry) =>
          entry.method === recorded.method &&
          (typeof entry.path === 'string' ? entry.path === recorded.path.split('?')[0] : entry.path.test(recorded.path)),
      );
      if (injected >= 0) {
        const [entry] = this.injected.splice(injected, 1);
        throw fail(entry!.status, entry!.explanation);
      }
      if (this.requiredToken !== undefined && recorded.headers['x-auth-token'] !== this.requiredToken) {
        throw fail(401, 'Authentication required');
      }
      this.route(recorded, hasBody, response);
    } catch (error) {
      if (!(error instanceof HttpFailure)) {
        throw error;
      }
      const page = webobHtml(error.status, error.text);
      response.writeHead(error.status, { 'content-type': 'text/html; charset=UTF-8', 'x-openstack-request-id': requestId() });
      response.end(recorded.method === 'HEAD' ? undefined : page);
    }
  }

  private route(request: RecordedRequest, hasBody: boolean, response: ServerResponse): void {
    const url = new URL(request.path, 'http://fake');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const method = request.method;
    let match: RegExpExecArray | null;

    if ((path === '/versions' || path === '/') && method === 'GET') {
      return this.json(response, 300, {
        versions: this.versions.map((version) => ({
          id: version.id,
          status: version.status,
          links: [{ rel: 'self', href: `${this.url}/${version.id.split('.')[0]}/` }],
        })),
      });
    }
    if (path === '/v1/images' && method === 'POST') {
      return this.create(request, hasBody, response);
    }
    if ((path === '/v1/images' || path === '/v1/images/detail') && method === 'GET') {
      const images = this.list(url.searchParams);
      const detailed = path.endsWith('/detail');
      return this.json(response, 200, {
        images: images.map((image) =>
          detailed
            ? this.record(image)
            : {
                id: image.id,
                name: image.name,
                disk_format: image.disk_format,
                container_format: image.container_format,
                checksum: image.checksum,
                size: image.size,
              },
        ),
      });
    }
    if (path === '/v1/images/detail' && method === 'HEAD') {
      throw fail(405, 'This operation is currently not permitted on Glance images details.');
    }
    if ((match = /^\/v1\/images\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(match[1]!);
      switch (method) {
        case 'HEAD':
          return this.head(id, response);
        case 'GET':
          return this.download(id, response);
        case 'PUT':
          return this.update(id, request, hasBody, response);
        case 'DELETE':
          return this.remove(id, response);
      }
    }
    if ((match = /^\/v1\/images\/([^/]+)\/members$/.exec(path))) {
      const id = decodeURIComponent(match[1]!);
      if (method === 'GET') {
        this.memberImage(id);
        return this.json(response, 200, { members: (this.members.get(id) ?? []).map((member) => ({ ...member })) });
      }
      if (method === 'PUT') {
        this.memberImage(id);
        const document = parseJson(request.text) as { memberships?: { member_id: string; can_share?: boolean }[] };
        this.members.set(
          id,
          (document.memberships ?? []).map((entry) => ({ member_id: entry.member_id, can_share: Boolean(entry.can_share) })),
        );
        response.writeHead(204, { 'x-openstack-request-id': requestId() }).end();
        return;
      }
    }
    if ((match = /^\/v1\/images\/([^/]+)\/members\/([^/]+)$/.exec(path))) {
      const id = decodeURIComponent(match[1]!);
      const memberId = decodeURIComponent(match[2]!);
      if (method === 'PUT') {
        this.memberImage(id);
        const document = (request.text ? parseJson(request.text) : {}) as { member?: { can_share?: unknown } };
        const list = this.members.get(id) ?? [];
        const existing = list.find((member) => member.member_id === memberId);
        const canShare = document.member && 'can_share' in document.member ? Boolean(document.member.can_share) : undefined;
        if (existing) {
          existing.can_share = canShare ?? existing.can_share;
        } else {
          list.push({ member_id: memberId, can_share: canShare ?? false });
        }
        this.members.set(id, list);
        response.writeHead(204, { 'x-openstack-request-id': requestId() }).end();
        return;
      }
      if (method === 'DELETE') {
        this.memberImage(id);
        const list = this.members.get(id) ?? [];
        const index = list.findIndex((member) => member.member_id === memberId);
        if (index < 0) {
          throw fail(404, 'Membership could not be found.');
        }
        list.splice(index, 1);
        response.writeHead(204, { 'x-openstack-request-id': requestId() }).end();
        return;
      }
      throw failDetail(405, `The method ${method} is not allowed for this resource.`);
    }
    if ((match = /^\/v1\/shared-images\/([^/]+)$/.exec(path)) && method === 'GET') {
      const tenant = decodeURIComponent(match[1]!);
      const shared: { image_id: string; can_share: boolean }[] = [];
      for (const [imageId, list] of this.members) {
        const image = this.images.get(imageId);
        for (const member of list) {
          if (member.member_id === tenant && image && !image.deleted) {
            shared.push({ image_id: imageId, can_share: member.can_share });
          }
        }
      }
      return this.json(response, 200, { shared_images: shared });
    }
    throw new HttpFailure(404, {});
  }

  private create(request: RecordedRequest, hasBody: boolean, response: ServerResponse): void {
    const meta = parseMetaHeaders(request.headers);
    const copyFrom = request.headers['x-glance-api-copy-from'];
    validateFormats(meta);
    const location = (meta.location as string | null | undefined) ?? undefined;
    if ([copyFrom, location, hasBody ? 'data' : undefined].filter(Boolean).length >= 2) {
      throw fail(400, "It's invalid to provide multiple image sources.");
    }
    const store = meta.store as string | null | undefined;
    if (store && !STORES.includes(store)) {
      throw fail(400, `Required store ${store} is invalid`);
    }
    if (hasBody || location) {
      if (!meta.disk_format) throw fail(400, 'Disk format is not specified.');
      if (!meta.container_format) throw fail(400, 'Container format is not specified.');
    }
    const id = (meta.id as string | null | undefined) ?? randomUUID();
    if (this.images.has(id)) {
      throw fail(409, `An image with identifier ${id} already exists`);
    }
    const now = this.now();
    const image: StoredV1Image = {
      id,
      name: (meta.name as string | null | undefined) ?? null,
      status: meta.size === 0 && !hasBody && !copyFrom && !location ? 'active' : 'queued',
      is_public: (meta.is_public as boolean | undefined) ?? false,
      protected: (meta.protected as boolean | undefined) ?? false,
      deleted: false,
      deleted_at: null,
      size: (meta.size as number | null | undefined) ?? 0,
      min_disk: (meta.min_disk as number | null | undefined) ?? 0,
      min_ram: (meta.min_ram as number | null | undefined) ?? 0,
      checksum: (meta.checksum as string | null | undefined) ?? null,
      disk_format: (meta.disk_format as string | null | undefined) ?? null,
      container_format: (meta.container_format as string | null | undefined) ?? null,
      owner: meta.owner === undefined ? this.tenant : (meta.owner as string | null),
      created_at: now,
      updated_at: now,
      properties: meta.properties as Record<string, string | null>,
      location: null,
      data: undefined,
    };
    this.images.set(id, image);
    this.activateFromSources(image, request, hasBody, location, copyFrom);
    this.json(response, 201, { image: this.record(image) }, { location: `${this.url}/v1/images/${id}`, ...etag(image) });
  }

  private update(id: string, request: RecordedRequest, hasBody: boolean, response: ServerResponse): void {
    const meta = parseMetaHeaders(request.headers);
    validateFormats(meta);
    const image = this.images.get(id);
    if (!image) {
      throw failDetail(404, `Image with identifier ${id} not found`);
    }
    if (image.status === 'deleted') {
      throw fail(403, 'Forbidden to update deleted image.');
    }
    for (const key of ['size', 'checksum'] as const) {
      if (image.status === 'active' && meta[key] !== undefined && meta[key] !== null && meta[key] !== image[key]) {
        throw fail(403, `Forbidden to modify '${key}' of active image.`);
      }
    }
    const purge = boolFromString(request.headers['x-glance-registry-purge-props'] ?? 'True') && !hasBody;
    if (hasBody && image.status !== 'queued') {
      throw failDetail(409, 'Cannot upload to an unqueued image');
    }
    const copyFrom = request.headers['x-glance-api-copy-from'];
    const location = (meta.location as string | null | undefined) ?? undefined;
    if (image.status !== 'queued' && (location || copyFrom)) {
      throw fail(400, 'Attempted to update Location field for an image not in queued status.');
    }
    if ([copyFrom, location, hasBody ? 'data' : undefined].filter(Boolean).length >= 2) {
      throw fail(400, "It's invalid to provide multiple image sources.");
    }
    for (const key of ['name', 'is_public', 'protected', 'size', 'min_disk', 'min_ram', 'checksum', 'disk_format', 'container_format', 'owner'] as const) {
      if (key in meta) {
        (image as unknown as Record<string, unknown>)[key] = meta[key];
      }
    }
    const properties = meta.properties as Record<string, string | null>;
    image.properties = purge ? { ...properties } : { ...image.properties, ...properties };
    image.updated_at = this.now();
    if (image.status === 'queued' && (hasBody || location || copyFrom)) {
      if ((hasBody || location) && !image.disk_format) throw fail(400, 'Disk format is not specified.');
      if ((hasBody || location) && !image.container_format) throw fail(400, 'Container format is not specified.');
      this.activateFromSources(image, request, hasBody, location, copyFrom);
    }
    this.json(response, 200, { image: this.record(image) }, etag(image));
  }

  /** _handle_source: stores uploaded data, points at a location, or starts a background copy. */
  private activateFromSources(
    image: StoredV1Image,
    request: RecordedRequest,
    hasBody: boolean,
    location: string | undefined,
    copyFrom: string | undefined,
  ): void {
    if (hasBody) {
      const data = request.body;
      const checksum = md5(data);
      const suppliedSize = image.size;
      if (suppliedSize && suppliedSize !== data.length) {
        image.status = 'killed';
        throw fail(
          400,
          `Supplied size (${suppliedSize}) and size generated from uploaded image (${data.length}) did not match. Setting image status to 'killed'.`,
        );
      }
      if (image.checksum && image.checksum !== checksum) {
        image.status = 'killed';
        throw fail(
          400,
          `Supplied checksum (${image.checksum}) and checksum generated from uploaded image (${checksum}) did not match. Setting image status to 'killed'.`,
        );
      }
      Object.assign(image, { data, size: data.length, checksum, status: 'active', location: `file:///var/lib/glance/images/${image.id}` });
    } else if (location) {
      const remote = this.remote.get(location);
      Object.assign(image, { location, status: 'active', size: image.size || (remote?.length ?? 0), data: remote });
    } else if (copyFrom) {
      const copy = this.fetchSource(copyFrom)
        .then((data) => {
          Object.assign(image, { data, size: data.length, checksum: md5(data), status: 'active', updated_at: this.now() });
        })
        .catch(() => {
          Object.assign(image, { status: 'killed', updated_at: this.now() });
        })
        .finally(() => this.pending.delete(copy));
      this.pending.add(copy);
    }
  }

  private async fetchSource(url: string): Promise<Buffer> {
    const known = this.remote.get(url);
    if (known) {
      return known;
    }
    return new Promise<Buffer>((resolve, reject) => {
      httpGet(url, (answer) => {
        if (answer.statusCode !== 200) {
          answer.resume();
          reject(new Error(`HTTP ${answer.statusCode}`));
          return;
        }
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => resolve(Buffer.concat(chunks)));
        answer.on('error', reject);
      })
        .on('error', reject)
        .setTimeout(5000, function (this: { destroy(error: Error): void }) {
          this.destroy(new Error('timed out'));
        });
    });
  }

  private head(id: string, response: ServerResponse): void {
    const image = this.images.get(id);
    if (!image) {
      throw failDetail(404, `Image with identifier ${id} not found`);
    }
    response.writeHead(200, { 'content-type': 'text/html; charset=UTF-8', 'x-openstack-request-id': requestId(), ...this.metaHeaders(image) });
    response.end();
  }

  private download(id: string, response: ServerResponse): void {
    const image = this.images.get(id);
    if (!image) {
      throw failDetail(404, `Image with identifier ${id} not found`);
    }
    if (image.status === 'deactivated') {
      throw failDetail(403, `Image ${id} is deactivated`);
    }
    if (image.status !== 'active') {
      throw failDetail(404, `Image ${id} is not active`);
    }
    const data = image.data ?? Buffer.alloc(0);
    response.writeHead(200, {
      'content-type': 'application/octet-stream',
      'content-length': String(data.length),
      'x-openstack-request-id': requestId(),
      ...this.metaHeaders(image),
    });
    response.end(data);
  }

  private remove(id: string, response: ServerResponse): void {
    const image = this.images.get(id);
    if (!image) {
      throw failDetail(404, `Image with identifier ${id} not found`);
    }
    if (image.protected) {
      throw fail(403, 'Image is protected');
    }
    if (image.status === 'pending_delete') {
      throw fail(403, `Forbidden to delete a ${image.status} image.`);
    }
    if (image.status === 'deleted') {
      throw fail(404, `Image ${id} not found.`);
    }
    const now = this.now();
    Object.assign(image, { status: 'deleted', deleted: true, deleted_at: now, updated_at: now, data: undefined });
    response.writeHead(200, { 'content-type': 'text/html; charset=UTF-8', 'content-length': '0', 'x-openstack-request-id': requestId() });
    response.end();
  }

  private memberImage(id: string): StoredV1Image {
    const image = this.images.get(id);
    if (!image) {
      throw failDetail(404, `Image with identifier ${id} not found`);
    }
    if (image.status === 'deleted') {
      throw failDetail(404, `Image with identifier ${id} has been deleted.`);
    }
    return image;
  }

  /** The registry's image_get_all: filters, sorting, marker, limit. */
  private list(params: URLSearchParams): StoredV1Image[] {
    for (const [key, value] of params) {
      if (FILTERS.includes(key) || key.startsWith('property-')) {
        if (!validFilter(key, value)) {
          throw fail(400, `Bad value passed to filter ${key} got ${value}`);
        }
      }
    }
    const limitText = params.get('limit');
    let limit = 25;
    if (limitText !== null) {
      limit = Number(limitText);
      if (!/^-?\d+$/.test(limitText)) throw failDetail(400, 'limit param must be an integer');
      if (limit < 0) throw failDetail(400, 'limit param must be positive');
    }
    limit = Math.min(limit, 1000);
    const sortKey = params.get('sort_key') ?? 'created_at';
    const sortDir = params.get('sort_dir') ?? 'desc';
    if (!SORT_KEYS.includes(sortKey)) {
      throw failDetail(400, `Unsupported sort_key. Acceptable values: ${SORT_KEYS.join(', ')}`);
    }
    if (!['asc', 'desc'].includes(sortDir)) {
      throw failDetail(400, 'Unsupported sort_dir. Acceptable values: asc, desc');
    }
    const changesSince = params.get('changes-since');
    let since: number | undefined;
    if (changesSince !== null) {
      since = Date.parse(changesSince.endsWith('Z') || /[+-]\d\d:?\d\d$/.test(changesSince) ? changesSince : `${changesSince}Z`);
      if (Number.isNaN(since)) throw failDetail(400, 'Unrecognized changes-since value');
    }

    const matches = [...this.images.values()].filter((image) => {
      if (since === undefined ? image.deleted : Date.parse(`${image.updated_at.slice(0, 19)}Z`) < since) return false;
      for (const key of ['name', 'status', 'container_format', 'disk_format']) {
        const wanted = params.get(key);
        if (wanted !== null && (image as unknown as Record<string, unknown>)[key] !== wanted) return false;
      }
      for (const key of ['min_ram', 'min_disk'] as const) {
        const wanted = params.get(key);
        if (wanted !== null && image[key] !== Number(wanted)) return false;
      }
      const sizeMin = params.get('size_min');
      if (sizeMin !== null && (image.size ?? 0) < Number(sizeMin)) return false;
      const sizeMax = params.get('size_max');
      if (sizeMax !== null && (image.size ?? 0) > Number(sizeMax)) return false;
      const isPublic = params.get('is_public');
      if (isPublic !== null && isPublic.toLowerCase() !== 'none' && image.is_public !== boolFromString(isPublic)) return false;
      const isProtected = params.get('protected');
      if (isProtected !== null && isProtected.toLowerCase() !== 'none' && image.protected !== boolFromString(isProtected)) return false;
      for (const [key, value] of params) {
        if (key.startsWith('property-') && image.properties[key.slice('property-'.length)] !== value) return false;
      }
      return true;
    });

    const direction = sortDir === 'asc' ? 1 : -1;
    const keys = [sortKey, 'created_at', 'id'];
    matches.sort((a, b) => {
      for (const key of keys) {
        const order = compare((a as unknown as Record<string, unknown>)[key], (b as unknown as Record<string, unknown>)[key]);
        if (order !== 0) return order * direction;
      }
      return 0;
    });

    let start = 0;
    const marker = params.get('marker');
    if (marker !== null) {
      const index = matches.findIndex((image) => image.id === marker);
      if (index < 0) {
        throw failDetail(400, 'Invalid marker. Image could not be found.');
      }
      start = index + 1;
    }
    return matches.slice(start, start + limit);
  }

  private json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    response.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'x-openstack-request-id': requestId(), ...headers });
    response.end(JSON.stringify(body));
  }
}

/** utils.get_image_meta_from_headers: core fields and properties, '' as null, ints and bools converted, unknown x-image-meta-* refused. */
function parseMetaHeaders(headers: Record<string, string>): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  const properties: Record<string, string | null> = {};
  for (const [name, raw] of Object.entries(headers)) {
    const key = name.toLowerCase();
    const value = unwire(raw);
    if (key.startsWith('x-image-meta-property-')) {
      properties[key.slice('x-image-meta-property-'.length).replaceAll('-', '_')] = value || null;
    } else if (key.startsWith('x-image-meta-')) {
      const field = key.slice('x-image-meta-'.length).replaceAll('-', '_');
      if (!CORE_HEADERS.has(field)) {
        throw fail(400, `Bad header: ${key}`);
      }
      meta[field] = value || null;
    }
  }
  meta.properties = properties;
  for (const key of ['size', 'min_disk', 'min_ram']) {
    if (meta[key] === null) {
      delete meta[key];
    } else if (key in meta) {
      const value = meta[key];
      if (!/^\s*[-+]?\d+\s*$/.test(String(value))) {
        throw fail(400, `Invalid value '${String(value)}' for parameter '${key}': Cannot convert image ${key} '${String(value)}' to an integer.`);
      }
      const number = Number.parseInt(String(value), 10);
      if (number < 0) {
        throw fail(400, `Invalid value '${number}' for parameter '${key}': Cannot be a negative value.`);
      }
      meta[key] = number;
    }
  }
  for (const key of ['is_public', 'deleted', 'protected']) {
    if (key in meta) {
      meta[key] = boolFromString(meta[key]);
    }
  }
  return meta;
}

function validateFormats(meta: Record<string, unknown>): void {
  if ('disk_format' in meta && !DISK_FORMATS.includes(String(meta.disk_format))) {
    throw fail(400, `Invalid disk format '${String(meta.disk_format)}' for image.`);
  }
  if ('container_format' in meta && !CONTAINER_FORMATS.includes(String(meta.container_format))) {
    throw fail(400, `Invalid container format '${String(meta.container_format)}' for image.`);
  }
  const name = meta.name;
  if (typeof name === 'string' && name.length > 255) {
    throw fail(400, `Image name too long: ${name.length}`);
  }
}

function validFilter(key: string, value: string): boolean {
  if (['size_min', 'size_max', 'min_ram', 'min_disk'].includes(key)) {
    return /^\s*[-+]?\d+\s*$/.test(value) && Number(value) >= 0;
  }
  if (key === 'protected' || key === 'is_public') {
    return ['none', 'true', 'false', '1', '0'].includes(value.toLowerCase());
  }
  return true;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a) < String(b) ? -1 : 1;
}

function boolFromString(value: unknown): boolean {
  return ['t', 'true', 'on', 'y', 'yes', '1'].includes(String(value).trim().toLowerCase());
}

function pythonStr(value: unknown): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

/** Header values travel as UTF-8 bytes; node:http reads and writes header strings as latin1. */
function wire(value: string): string {
  return Buffer.from(value, 'utf8').toString('latin1');
}

function unwire(value: string): string {
  return Buffer.from(value, 'latin1').toString('utf8');
}

function md5(data: Buffer): string {
  return createHash('md5').update(data).digest('hex');
}

function etag(image: StoredV1Image): Record<string, string> {
  return image.checksum ? { etag: image.checksum } : {};
}

function requestId(): string {
  return `req-${randomUUID()}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw fail(400, 'Malformed JSON in request body.');
  }
}

/** Starts a fake v1 Glance for one test; close it in afterEach. */
export async function startFakeGlanceV1(): Promise<FakeGlanceV1> {
  return new FakeGlanceV1().start();
}
