import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError } from '../../../src/errors.js';
import { GlanceError } from '../../../src/glance/errors.js';
import type { ImageService } from '../../../src/glance/image-service.js';
import { GlanceTransport } from '../../../src/glance/transport.js';
import { v1Meta } from '../../../src/glance/v1/convert.js';
import { V1ImageService } from '../../../src/glance/v1/images.js';
import { HttpClient } from '../../../src/http/client.js';
import { startFakeGlanceV1, V1_TENANT, type FakeGlanceV1 } from '../../helpers/fake-glance-v1.js';
import { TOKEN } from '../../helpers/fake-openstack.js';

const DATA = Buffer.from('cirros image bytes '.repeat(500));
const MD5 = createHash('md5').update(DATA).digest('hex');
const UUID = 'fd7c225f-2f05-4e44-84bb-42848d727fe7';

let fake: FakeGlanceV1;
let http: HttpClient;
let images: V1ImageService;

beforeEach(async () => {
  fake = await startFakeGlanceV1();
  http = new HttpClient({ userAgent: 'glance-test', timeoutMs: 5000, tls: { insecure: false } });
  images = new V1ImageService(new GlanceTransport(http, fake.url, TOKEN));
});
afterEach(async () => {
  await http.close();
  await fake.close();
});

async function* chunks(data: Buffer): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += 1000) {
    yield data.subarray(offset, offset + 1000);
  }
}

async function all<T>(generator: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of generator) {
    items.push(item);
  }
  return items;
}

async function read(body: AsyncIterable<unknown>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of body) {
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts);
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('V1ImageService', () => {
  it('implements the version-neutral ImageService as API version 1', () => {
    const service: ImageService = images;
    expect(service.apiVersion).toBe(1);
  });

  describe('create', () => {
    it('POSTs the fields as x-image-meta-* headers and returns the v2-shaped record with the v1-only fields', async () => {
      const image = await images.create({
        name: 'cirros-0.3.2-x86_64',
        disk_format: 'qcow2',
        container_format: 'bare',
        visibility: 'public',
        protected: false,
        min_ram: 64,
        os_distro: 'cirros',
      });
      expect(fake.log()).toEqual(['POST /v1/images']);
      const headers = fake.requests[0]!.headers;
      expect(headers['x-auth-token']).toBe(TOKEN);
      expect(headers['x-image-meta-name']).toBe('cirros-0.3.2-x86_64');
      expect(headers['x-image-meta-disk_format']).toBe('qcow2');
      expect(headers['x-image-meta-container_format']).toBe('bare');
      expect(headers['x-image-meta-is_public']).toBe('True');
      expect(headers['x-image-meta-protected']).toBe('False');
      expect(headers['x-image-meta-min_ram']).toBe('64');
      expect(headers['x-image-meta-property-os_distro']).toBe('cirros');
      expect(fake.requests[0]!.body.length).toBe(0);

      expect({ ...image }).toEqual({
        id: image.id,
        name: 'cirros-0.3.2-x86_64',
        status: 'queued',
        visibility: 'public',
        is_public: true,
        protected: false,
        deleted: false,
        deleted_at: null,
        size: 0,
        min_disk: 0,
        min_ram: 64,
        checksum: null,
        disk_format: 'qcow2',
        container_format: 'bare',
        owner: V1_TENANT,
        created_at: '2026-01-01T00:00:00.000000',
        updated_at: '2026-01-01T00:00:00.000000',
        os_distro: 'cirros',
      });
      expect(v1Meta(image).properties).toEqual({ os_distro: 'cirros' });
      expect(fake.image(image.id)?.properties).toEqual({ os_distro: 'cirros' });
    });

    it('sends the image data in the same POST with createWithData (chunked, x-image-meta-size) as v1 image-create did', async () => {
      const image = await images.createWithData({ name: 'cirros', disk_format: 'qcow2', container_format: 'bare', visibility: 'public' }, chunks(DATA), {
        size: DATA.length,
      });
      expect(fake.log()).toEqual(['POST /v1/images']);
      const post = fake.requests[0]!;
      expect(post.headers['content-type']).toBe('application/octet-stream');
      expect(post.headers['transfer-encoding']).toBe('chunked');
      expect(post.headers['x-image-meta-size']).toBe(String(DATA.length));
      expect(post.body.equals(DATA)).toBe(true);
      expect(image.status).toBe('active');
      expect(image.checksum).toBe(MD5);
      expect(image.size).toBe(DATA.length);
      expect(image.deleted_at).toBeNull();
    });

    it('leaves a size the fields name alone, and says which store', async () => {
      await images.createWithData({ name: 'x', disk_format: 'raw', container_format: 'bare', size: DATA.length }, chunks(DATA), { size: 1, store: 'file' });
      expect(fake.requests[0]!.headers['x-image-meta-size']).toBe(String(DATA.length));
      expect(fake.requests[0]!.headers['x-image-meta-store']).toBe('file');
    });

    it('passes copy_from as x-glance-api-copy-from; Glance copies in the background', async () => {
      const source = await serve(DATA);
      try {
        const image = await images.create({ name: 'copied', disk_format: 'qcow2', container_format: 'bare', copy_from: source.url });
        expect(fake.requests[0]!.headers['x-glance-api-copy-from']).toBe(source.url);
        expect(fake.requests[0]!.headers['x-image-meta-copy_from']).toBeUndefined();
        expect(image.status).toBe('queued');
        await fake.settled();
        const copied = await images.get(image.id);
        expect(copied.status).toBe('active');
        expect(copied.checksum).toBe(MD5);
      } finally {
        await source.close();
      }
    });

    it('passes location as x-image-meta-location', async () => {
      fake.remote.set('http://example.com/cirros.img', DATA);
      const image = await images.create({ name: 'linked', disk_format: 'qcow2', container_format: 'bare', location: 'http://example.com/cirros.img' });
      expect(fake.requests[0]!.headers['x-image-meta-location']).toBe('http://example.com/cirros.img');
      expect(image.status).toBe('active');
      expect(image.size).toBe(DATA.length);
      expect('location' in image).toBe(false);
    });

    it('refuses tags before sending anything', async () => {
      const error = await failure(images.create({ name: 'x', tags: ['a'] }));
      expect(error).toBeInstanceOf(CliError);
      expect(error.message).toBe("The Image API v1 has no 'tags': it cannot be set on this cloud.");
      expect(fake.requests).toEqual([]);
    });

    it("reports Glance's refusals in glanceclient's words", async () => {
      const error = await failure(images.create({ name: 'x', disk_format: 'qcow9' }));
      expect(error).toBeInstanceOf(GlanceError);
      expect(error.message).toBe("HTTP 400 Bad Request: Invalid disk format 'qcow9' for image.");
    });

    it('round-trips UTF-8 names and property values through the headers', async () => {
      const created = await images.create({ name: 'café ☕', description: 'naïve' });
      const shown = await images.get(created.id);
      expect(created.name).toBe('café ☕');
      expect(shown.name).toBe('café ☕');
      expect(shown.description).toBe('naïve');
    });
  });

  describe('upload', () => {
    it('PUTs the data to /v1/images/{id} (octet-stream, chunked, size known, properties kept)', async () => {
      const created = await images.create({ name: 'cirros', disk_format: 'qcow2', container_format: 'bare', os_distro: 'cirros' });
      await images.upload(created.id, chunks(DATA), { size: DATA.length });
      const put = fake.requests[1]!;
      expect(fake.log()[1]).toBe(`PUT /v1/images/${created.id}`);
      expect(put.headers['content-type']).toBe('application/octet-stream');
      expect(put.headers['x-image-meta-size']).toBe(String(DATA.length));
      expect(put.headers['x-glance-registry-purge-props']).toBe('false');
      expect(put.body.equals(DATA)).toBe(true);
      const stored = fake.image(created.id)!;
      expect(stored.status).toBe('active');
      expect(stored.checksum).toBe(MD5);
      expect(stored.properties).toEqual({ os_distro: 'cirros' });
    });

    it('answers the updated record with uploadData, and 409 once the image is no longer queued', async () => {
      const created = await images.create({ name: 'cirros', disk_format: 'qcow2', container_format: 'bare' });
      const uploaded = await images.uploadData(created.id, chunks(DATA));
      expect(uploaded.status).toBe('active');
      expect(uploaded.deleted_at).toBeNull();
      expect(fake.requests[1]!.headers['x-image-meta-size']).toBeUndefined();
      const error = await failure(images.upload(created.id, chunks(DATA)));
      expect(error).toBeInstanceOf(GlanceError);
      expect((error as GlanceError).status).toBe(409);
      expect(error.message).toBe('HTTP 409 Conflict: There was a conflict when trying to complete your request.: Cannot upload to an unqueued image');
    });
  });

  describe('get (utils.find_resource)', () => {
    it('HEADs a UUID and converts the headers; fields HEAD leaves out stay absent', async () => {
      const seeded = fake.addImage({ id: UUID, name: 'cirros', data: DATA, is_public: true, properties: { os_distro: 'cirros' } });
      const image = await images.get(UUID);
      expect(fake.log()).toEqual([`HEAD /v1/images/${UUID}`]);
      expect({ ...image }).toEqual({
        id: UUID,
        name: 'cirros',
        status: 'active',
        visibility: 'public',
        is_public: true,
        protected: false,
        deleted: false,
        size: DATA.length,
        min_disk: 0,
        min_ram: 0,
        checksum: MD5,
        disk_format: 'raw',
        container_format: 'bare',
        owner: V1_TENANT,
        created_at: seeded.created_at,
        updated_at: seeded.updated_at,
        os_distro: 'cirros',
      });
      expect(Object.keys(v1Meta(image))).not.toContain('deleted_at');
    });

    it('looks a name up in /v1/images/detail, then HEADs the one match', async () => {
      const seeded = fake.addImage({ name: 'cirros', data: DATA });
      fake.addImage({ name: 'other' });
      const image = await images.get('cirros');
      expect(image.id).toBe(seeded.id);
      expect(fake.log()).toEqual(['GET /v1/images/detail?limit=20&name=cirros', `HEAD /v1/images/${seeded.id}`]);
    });

    it('find resolves a name to the /detail record without another request', async () => {
      const seeded = fake.addImage({ name: 'cirros' });
      const image = await images.find('cirros');
      expect(image.id).toBe(seeded.id);
      expect(image.deleted_at).toBeNull();
      expect(fake.log()).toEqual(['GET /v1/images/detail?limit=20&name=cirros']);
    });

    it("says No image with a name or ID of 'X' exists. after trying the UUID and the name", async () => {
      const error = await failure(images.get(UUID));
      expect(error).toBeInstanceOf(CliError);
      expect(error).not.toBeInstanceOf(GlanceError);
      expect(error.message).toBe(`No image with a name or ID of '${UUID}' exists.`);
      expect(fake.log()).toEqual([`HEAD /v1/images/${UUID}`, `GET /v1/images/detail?limit=20&name=${UUID}`]);
    });

    it('tries an all-digit string as an id first', async () => {
      const seeded = fake.addImage({ name: '123' });
      const image = await images.get('123');
      expect(image.id).toBe(seeded.id);
      expect(fake.log()).toEqual(['HEAD /v1/images/123', 'GET /v1/images/detail?limit=20&name=123', `HEAD /v1/images/${seeded.id}`]);
    });

    it('refuses a name that several images share', async () => {
      fake.addImage({ name: 'twin' });
      fake.addImage({ name: 'twin' });
      const error = await failure(images.get('twin'));
      expect(error.message).toBe("Multiple image matches found for 'twin', use an ID to be more specific.");
      expect((error as CliError).exitCode).toBe(1);
    });

    it('follows the name search across pages', async () => {
      for (let index = 0; index < 21; index++) {
        fake.addImage({ name: 'many' });
      }
      const error = await failure(images.get('many'));
      expect(error.message).toBe("Multiple image matches found for 'many', use an ID to be more specific.");
      expect(fake.log()).toHaveLength(2);
      expect(fake.log()[1]).toMatch(/^GET \/v1\/images\/detail\?limit=20&name=many&marker=/);
    });

    it('does not swallow errors other than 404', async () => {
      fake.failNext('HEAD', `/v1/images/${UUID}`, 403, 'Forbidden image access');
      const error = await failure(images.get(UUID));
      expect(error).toBeInstanceOf(GlanceError);
      expect((error as GlanceError).status).toBe(403);
    });
  });

  describe('list', () => {
    it('asks for 20 per page sorted by name, and follows marker=<last id> until a short page', async () => {
      for (let index = 0; index < 45; index++) {
        fake.addImage({ name: `image-${String(index).padStart(2, '0')}` });
      }
      const listed = await all(images.list({}));
      expect(listed.map((image) => image.name)).toEqual(Array.from({ length: 45 }, (_value, index) => `image-${String(index).padStart(2, '0')}`));
      expect(fake.log()).toEqual([
        'GET /v1/images/detail?limit=20&sort_key=name&sort_dir=asc',
        `GET /v1/images/detail?limit=20&sort_key=name&sort_dir=asc&marker=${listed[19]!.id}`,
        `GET /v1/images/detail?limit=20&sort_key=name&sort_dir=asc&marker=${listed[39]!.id}`,
      ]);
      expect(listed[0]!.visibility).toBe('private');
      expect(listed[0]!.deleted_at).toBeNull();
    });

    it('asks for one more page when the last one was full, and stops at an empty page', async () => {
      for (let index = 0; index < 4; index++) {
        fake.addImage({ name: `n${index}` });
      }
      expect(await all(images.list({}, { pageSize: 2 }))).toHaveLength(4);
      expect(fake.log()).toHaveLength(3);
    });

    it('stops after limit images without asking for more pages', async () => {
      for (let index = 0; index < 10; index++) {
        fake.addImage({ name: `n${index}` });
      }
      const listed = await all(images.list({}, { pageSize: 3, limit: 4 }));
      expect(listed.map((image) => image.name)).toEqual(['n0', 'n1', 'n2', 'n3']);
      expect(fake.log()).toEqual([
        'GET /v1/images/detail?limit=3&sort_key=name&sort_dir=asc',
        `GET /v1/images/detail?limit=3&sort_key=name&sort_dir=asc&marker=${listed[2]!.id}`,
      ]);
    });

    it('maps the filters: visibility to is_public, v1 filters as they are, other pairs as property-KEY, one sort key', async () => {
      fake.addImage({ name: 'a', is_public: true, disk_format: 'qcow2', properties: { os_distro: 'cirros' } });
      fake.addImage({ name: 'b', is_public: true, disk_format: 'qcow2', properties: { os_distro: 'ubuntu' } });
      fake.addImage({ name: 'c', is_public: false, disk_format: 'qcow2', properties: { os_distro: 'cirros' } });
      const listed = await all(
        images.list({
          visibility: 'public',
          properties: [
            ['os_distro', 'cirros'],
            ['disk_format', 'qcow2'],
            ['changes_since', '2020-01-01T00:00:00'],
            ['name', 'a'],
          ],
          sortKeys: ['size', 'name'],
          sortDirs: ['desc'],
        }),
      );
      expect(listed.map((image) => image.name)).toEqual(['a']);
      expect(fake.log()).toEqual([
        'GET /v1/images/detail?limit=20&sort_key=size&sort_dir=desc&property-os_distro=cirros&name=a&disk_format=qcow2&is_public=True&changes-since=2020-01-01T00:00:00',
      ]);
    });

    it('reads a v2 --sort as its first key and direction', async () => {
      await all(images.list({ sort: 'status:desc,name' }));
      expect(fake.log()).toEqual(['GET /v1/images/detail?limit=20&sort_key=status&sort_dir=desc']);
    });

    it('filters by owner on the client, asking for is_public=None, counting skipped images toward the page', async () => {
      fake.addImage({ name: 'mine-1' });
      fake.addImage({ name: 'theirs', owner: 'someone-else' });
      fake.addImage({ name: 'mine-2' });
      fake.addImage({ name: 'ownerless', owner: null });
      const listed = await all(images.list({ owner: V1_TENANT }, { pageSize: 2 }));
      expect(listed.map((image) => image.name)).toEqual(['mine-1', 'mine-2']);
      expect(fake.log()).toHaveLength(3);
      expect(fake.log()[0]).toBe('GET /v1/images/detail?limit=2&sort_key=name&sort_dir=asc&is_public=None');
      const ownerless = await all(images.list({ visibility: 'public' }, { owner: '' }));
      expect(ownerless.map((image) => image.name)).toEqual(['ownerless']);
      expect(fake.log()[3]).toBe('GET /v1/images/detail?limit=20&sort_key=name&sort_dir=asc&is_public=None');
    });

    it('refuses filters v1 cannot express before any request', async () => {
      await expect(all(images.list({ tags: ['a'] }))).rejects.toThrow('The Image API v1 cannot filter images by tag.');
      await expect(all(images.list({ member_status: 'pending', checksum: 'x' }))).rejects.toThrow(
        'The Image API v1 cannot filter images by member status, checksum.',
      );
      await expect(all(images.list({ visibility: 'community' }))).rejects.toThrow("not 'community'");
      await expect(all(images.list({ sortKeys: ['owner'] }))).rejects.toThrow(
        'sort_key must be one of the following: name, status, container_format, disk_format, size, id, created_at, updated_at.',
      );
      await expect(all(images.list({ sortDirs: ['up'] }))).rejects.toThrow('sort_dir must be one of the following: asc, desc.');
      expect(fake.requests).toEqual([]);
    });

    it('lists all images regardless of visibility with visibility all', async () => {
      fake.addImage({ name: 'a', is_public: true });
      fake.addImage({ name: 'b' });
      expect(await all(images.list({ visibility: 'all' }))).toHaveLength(2);
      expect(fake.log()).toEqual(['GET /v1/images/detail?limit=20&sort_key=name&sort_dir=asc&is_public=None']);
    });
  });

  describe('update', () => {
    it('sends add/replace as headers with purge-props false, and returns the updated record', async () => {
      const seeded = fake.addImage({ name: 'old', properties: { os_distro: 'cirros', keep: 'me' } });
      const image = await images.update(seeded.id, [
        { op: 'replace', path: '/name', value: 'new' },
        { op: 'replace', path: '/visibility', value: 'public' },
        { op: 'add', path: '/protected', value: true },
        { op: 'add', path: '/min_ram', value: 512 },
        { op: 'add', path: '/os_version', value: '0.3.2' },
        { op: 'replace', path: '/os_distro', value: 'cirros2' },
      ]);
      expect(fake.log()).toEqual([`PUT /v1/images/${seeded.id}`]);
      const headers = fake.requests[0]!.headers;
      expect(headers['x-glance-registry-purge-props']).toBe('false');
      expect(headers['x-image-meta-name']).toBe('new');
      expect(headers['x-image-meta-is_public']).toBe('True');
      expect(headers['x-image-meta-protected']).toBe('True');
      expect(headers['x-image-meta-min_ram']).toBe('512');
      expect(headers['x-image-meta-property-os_version']).toBe('0.3.2');
      expect(headers['x-image-meta-property-os_distro']).toBe('cirros2');
      expect(headers['x-image-meta-property-keep']).toBeUndefined();
      expect(image.name).toBe('new');
      expect(image.visibility).toBe('public');
      expect(image.protected).toBe(true);
      expect(image.min_ram).toBe(512);
      expect(image.deleted_at).toBeNull();
      expect(v1Meta(image).properties).toEqual({ os_distro: 'cirros2', keep: 'me', os_version: '0.3.2' });
    });

    it('removes properties by reading them (HEAD) and sending the rest with purge-props true', async () => {
      const seeded = fake.addImage({ name: 'x', properties: { os_distro: 'cirros', gone: '1', also_gone: '2', keep: 'me' } });
      const image = await images.update(seeded.id, [
        { op: 'remove', path: '/gone' },
        { op: 'remove', path: '/also_gone' },
        { op: 'add', path: '/os_distro', value: 'ubuntu' },
        { op: 'add', path: '/fresh', value: 'yes' },
      ]);
      expect(fake.log()).toEqual([`HEAD /v1/images/${seeded.id}`, `PUT /v1/images/${seeded.id}`]);
      const headers = fake.requests[1]!.headers;
      expect(headers['x-glance-registry-purge-props']).toBe('true');
      expect(
        Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('x-image-meta-property-'))),
      ).toEqual({
        'x-image-meta-property-os_distro': 'ubuntu',
        'x-image-meta-property-fresh': 'yes',
        'x-image-meta-property-keep': 'me',
      });
      expect(v1Meta(image).properties).toEqual({ os_distro: 'ubuntu', fresh: 'yes', keep: 'me' });
      expect(fake.image(seeded.id)!.properties).toEqual({ os_distro: 'ubuntu', fresh: 'yes', keep: 'me' });
    });

    it('a property added again after its removal is kept', async () => {
      const seeded = fake.addImage({ name: 'x', properties: { a: '1', b: '2' } });
      await images.update(seeded.id, [
        { op: 'remove', path: '/a' },
        { op: 'remove', path: '/b' },
        { op: 'add', path: '/b', value: '3' },
      ]);
      expect(fake.image(seeded.id)!.properties).toEqual({ b: '3' });
      expect(fake.requests[1]!.headers['x-glance-registry-purge-props']).toBe('true');
    });

    it('refuses to remove core fields or to touch tags', async () => {
      const seeded = fake.addImage({ name: 'x' });
      await expect(images.update(seeded.id, [{ op: 'remove', path: '/name' }])).rejects.toThrow("The Image API v1 cannot remove 'name'.");
      await expect(images.update(seeded.id, [{ op: 'add', path: '/tags', value: ['a'] }])).rejects.toThrow("no 'tags'");
      expect(fake.requests).toEqual([]);
    });

    it("relays Glance's refusals (a deleted image)", async () => {
      const seeded = fake.addImage({ name: 'x', status: 'deleted', deleted: true });
      const error = await failure(images.update(seeded.id, [{ op: 'replace', path: '/name', value: 'y' }]));
      expect(error.message).toBe('HTTP 403 Forbidden: Forbidden to update deleted image.');
    });
  });

  describe('delete', () => {
    it('DELETEs the image; HEAD then shows it deleted', async () => {
      const seeded = fake.addImage({ name: 'x', data: DATA });
      await images.delete(seeded.id);
      expect(fake.log()).toEqual([`DELETE /v1/images/${seeded.id}`]);
      const after = await images.get(seeded.id);
      expect(after.status).toBe('deleted');
      expect(after.deleted).toBe(true);
      expect(typeof after.deleted_at).toBe('string');
    });

    it('relays 403 for a protected image and 404 for a deleted one', async () => {
      const locked = fake.addImage({ name: 'x', protected: true });
      expect((await failure(images.delete(locked.id))).message).toBe('HTTP 403 Forbidden: Image is protected');
      const gone = fake.addImage({ name: 'y', status: 'deleted', deleted: true });
      expect((await failure(images.delete(gone.id))).message).toBe(`HTTP 404 Not Found: Image ${gone.id} not found.`);
    });
  });

  describe('download', () => {
    it('streams the data with x-image-meta-checksum as contentMd5 and the metadata headers as the image', async () => {
      const seeded = fake.addImage({ name: 'x', data: DATA, properties: { os_distro: 'cirros' } });
      const data = await images.download(seeded.id);
      expect(fake.log()).toEqual([`GET /v1/images/${seeded.id}`]);
      expect(data).toBeDefined();
      expect(data!.contentMd5).toBe(MD5);
      expect(data!.contentLength).toBe(DATA.length);
      expect(data!.image.id).toBe(seeded.id);
      expect(data!.image.os_distro).toBe('cirros');
      expect((await read(data!.body)).equals(DATA)).toBe(true);
    });

    it('relays 404 for an image that is not active', async () => {
      const seeded = fake.addImage({ name: 'x' });
      const error = await failure(images.download(seeded.id));
      expect(error).toBeInstanceOf(GlanceError);
      expect(error.message).toBe(`HTTP 404 Not Found: The resource could not be found.: Image ${seeded.id} is not active`);
    });
  });
});

/** A loopback HTTP server serving `data` at /image.img, as a --copy-from source. */
async function serve(data: Buffer): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(data.length) });
    response.end(data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/image.img`;
  return {
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
