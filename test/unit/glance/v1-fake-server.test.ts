/** The fake v1 Glance itself: the documented server behaviour the V1ImageService tests rely on. */
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GlanceError } from '../../../src/glance/errors.js';
import { GlanceTransport } from '../../../src/glance/transport.js';
import { HttpClient } from '../../../src/http/client.js';
import { startFakeGlanceV1, webobHtml, type FakeGlanceV1 } from '../../helpers/fake-glance-v1.js';
import { TOKEN } from '../../helpers/fake-openstack.js';

let fake: FakeGlanceV1;
let http: HttpClient;
let transport: GlanceTransport;

beforeEach(async () => {
  fake = await startFakeGlanceV1();
  http = new HttpClient({ userAgent: 'glance-test', timeoutMs: 5000, tls: { insecure: false } });
  transport = new GlanceTransport(http, fake.url, TOKEN);
});
afterEach(async () => {
  await http.close();
  await fake.close();
});

async function detail(query: [string, string][]): Promise<string[]> {
  const body = await transport.json<{ images: { name: string }[] }>('GET', '/v1/images/detail', { query });
  return body.images.map((image) => image.name);
}

async function failure(promise: Promise<unknown>): Promise<GlanceError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GlanceError);
  return error as GlanceError;
}

describe('fake v1 Glance', () => {
  it('sorts by created_at desc unless asked, pages with limit and marker, and hides deleted images', async () => {
    const a = fake.addImage({ name: 'a', size: 10 });
    fake.addImage({ name: 'b', size: 30 });
    fake.addImage({ name: 'c', size: 20 });
    fake.addImage({ name: 'gone', status: 'deleted', deleted: true });
    expect(await detail([])).toEqual(['c', 'b', 'a']);
    expect(await detail([['sort_key', 'size'], ['sort_dir', 'asc']])).toEqual(['a', 'c', 'b']);
    expect(await detail([['limit', '1'], ['sort_key', 'name'], ['sort_dir', 'asc'], ['marker', a.id]])).toEqual(['b']);
    expect(await detail([['changes-since', '2000-01-01T00:00:00']])).toContain('gone');
  });

  it('filters by the v1 filters and property-KEY', async () => {
    fake.addImage({ name: 'small', size: 5, is_public: true, disk_format: 'raw', properties: { os_distro: 'cirros' } });
    fake.addImage({ name: 'big', size: 500, is_public: false, disk_format: 'qcow2', properties: { os_distro: 'ubuntu' } });
    expect(await detail([['size_min', '100']])).toEqual(['big']);
    expect(await detail([['size_max', '100']])).toEqual(['small']);
    expect(await detail([['is_public', 'True']])).toEqual(['small']);
    expect(await detail([['is_public', 'None'], ['sort_key', 'name'], ['sort_dir', 'asc']])).toEqual(['big', 'small']);
    expect(await detail([['disk_format', 'qcow2']])).toEqual(['big']);
    expect(await detail([['property-os_distro', 'cirros']])).toEqual(['small']);
  });

  it("refuses bad filters, sort keys and markers with Glance's messages", async () => {
    expect((await failure(detail([['size_min', 'x']]))).message).toBe('HTTP 400 Bad Request: Bad value passed to filter size_min got x');
    expect((await failure(detail([['sort_key', 'owner']]))).message).toContain('Unsupported sort_key. Acceptable values: name, status');
    expect((await failure(detail([['marker', 'nope']]))).message).toContain('Invalid marker. Image could not be found.');
  });

  it('answers HEAD with the non-null fields as headers, properties lower-cased', async () => {
    const image = fake.addImage({ name: 'x', properties: { OS_Distro: 'cirros', empty: null } });
    const response = await transport.request('HEAD', `/v1/images/${image.id}`);
    await response.discard();
    expect(response.headers['x-image-meta-name']).toBe('x');
    expect(response.headers['x-image-meta-is_public']).toBe('False');
    expect(response.headers['x-image-meta-size']).toBe('0');
    expect(response.headers['x-image-meta-property-os_distro']).toBe('cirros');
    expect(response.headers['x-image-meta-property-empty']).toBeUndefined();
    expect(response.headers['x-image-meta-checksum']).toBeUndefined();
    expect(response.headers['x-image-meta-deleted_at']).toBeUndefined();
  });

  it('purges properties on PUT unless told not to, and never while data comes along', async () => {
    const image = fake.addImage({ name: 'x', properties: { a: '1', b: '2' } });
    await transport.discard('PUT', `/v1/images/${image.id}`, { headers: { 'x-image-meta-property-c': '3' } });
    expect(fake.image(image.id)!.properties).toEqual({ c: '3' });
    await transport.discard('PUT', `/v1/images/${image.id}`, { headers: { 'x-glance-registry-purge-props': 'false', 'x-image-meta-property-d': '4' } });
    expect(fake.image(image.id)!.properties).toEqual({ c: '3', d: '4' });
    await transport.discard('PUT', `/v1/images/${image.id}`, {
      headers: { 'x-image-meta-disk_format': 'raw', 'x-image-meta-container_format': 'bare', 'x-image-meta-property-e': '5' },
      body: { stream: Readable.from([Buffer.from('data')]) },
    });
    expect(fake.image(image.id)!.properties).toEqual({ c: '3', d: '4', e: '5' });
    expect(fake.image(image.id)!.status).toBe('active');
  });

  it("refuses unknown x-image-meta-* headers, multiple sources, and data without formats", async () => {
    expect((await failure(transport.discard('POST', '/v1/images', { headers: { 'x-image-meta-colour': 'red' } }))).message).toBe(
      'HTTP 400 Bad Request: Bad header: x-image-meta-colour',
    );
    expect(
      (
        await failure(
          transport.discard('POST', '/v1/images', {
            headers: { 'x-image-meta-location': 'http://a/b', 'x-glance-api-copy-from': 'http://a/c' },
          }),
        )
      ).message,
    ).toBe("HTTP 400 Bad Request: It's invalid to provide multiple image sources.");
    expect((await failure(transport.discard('POST', '/v1/images', { body: { stream: Readable.from([Buffer.from('data')]) } }))).message).toBe(
      'HTTP 400 Bad Request: Disk format is not specified.',
    );
  });

  it('kills an upload whose supplied checksum does not match', async () => {
    const error = await failure(
      transport.discard('POST', '/v1/images', {
        headers: { 'x-image-meta-disk_format': 'raw', 'x-image-meta-container_format': 'bare', 'x-image-meta-checksum': '0'.repeat(32) },
        body: { stream: Readable.from([Buffer.from('data')]) },
      }),
    );
    expect(error.message).toMatch(/^HTTP 400 Bad Request: Supplied checksum \(0{32}\) and checksum generated from uploaded image \([0-9a-f]{32}\) did not match/);
    expect([...fake.images.values()][0]!.status).toBe('killed');
  });

  it('kills a background copy whose source fails', async () => {
    await transport.discard('POST', '/v1/images', { headers: { 'x-glance-api-copy-from': 'http://127.0.0.1:1/missing.img' } });
    await fake.settled();
    expect([...fake.images.values()][0]!.status).toBe('killed');
  });

  it('answers unknown paths with a webob 404 page, and GET /members/{id} with 405', async () => {
    expect((await failure(transport.discard('GET', '/v2/images'))).message).toBe('HTTP 404 Not Found: The resource could not be found.');
    const image = fake.addImage({ name: 'x' });
    expect((await failure(transport.discard('GET', `/v1/images/${image.id}/members/t`))).status).toBe(405);
  });

  it('can require a token, and fail a chosen request once', async () => {
    fake.requiredToken = 'other';
    expect((await failure(transport.discard('GET', '/v1/images/detail'))).status).toBe(401);
    fake.requiredToken = undefined;
    fake.failNext('GET', '/v1/images/detail', 500, 'Boom');
    expect((await failure(transport.discard('GET', '/v1/images/detail'))).message).toBe('HTTP 500 Internal Server Error: Boom');
    await transport.discard('GET', '/v1/images/detail');
  });

  it("writes webob's page layout", () => {
    expect(webobHtml(404, { explanation: 'Image x not found.' })).toBe(
      '<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  Image x not found.<br /><br />\n\n\n\n </body>\n</html>',
    );
  });
});
