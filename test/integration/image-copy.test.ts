/**
 * image-copy against the real cloud: between two clouds.yaml entries (the admin and demo
 * projects), and to another region (one the test adds to Keystone for the cache node). A
 * copy cut half-way, by the source or by the destination, leaves nothing on the destination:
 * node:http proxies in front of Glance cut the download or refuse the upload.
 */
import { randomBytes } from 'node:crypto';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qemuImg, scratchDirectory } from '../helpers/disk-images.js';
import { cloud, createImage, digest, getImage, ImageJanitor, imagesNamed, ours, parseShowTable, tokenFor, type ApiImage } from './helpers.js';

const janitor = new ImageJanitor('copy');
const scratch = scratchDirectory();
let data: Buffer;
/** admin's image, with what image-copy carries over. */
let source: ApiImage;
const proxies: Server[] = [];

/** clouds.yaml of the test cloud, plus entries of our own; the copy reads it through OS_CLIENT_CONFIG_FILE. */
function cloudsFile(extra = ''): string {
  const path = join(scratch.path, `clouds-${randomBytes(3).toString('hex')}.yaml`);
  writeFileSync(path, readFileSync(join(cloud().state, 'clouds.yaml'), 'utf8') + extra);
  return path;
}

/**
 * A proxy to Glance that passes everything on, except: with `cutDownloadAfter`, an image
 * download is cut after that many bytes; with `refuseUploads`, an upload gets a 413.
 */
async function glanceProxy(options: { cutDownloadAfter?: number; refuseUploads?: boolean }): Promise<string> {
  const target = new URL(cloud().glanceUrl);
  const server = createServer((incoming, outgoing) => {
    if (options.refuseUploads && incoming.method === 'PUT' && incoming.url?.endsWith('/file')) {
      // Once the data has come, as a store that finds itself full.
      incoming.resume().on('end', () => {
        outgoing.writeHead(413, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify({ message: 'Image exceeds the storage quota', code: 413, title: 'Request Entity Too Large' }));
      });
      return;
    }
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: incoming.url, headers: incoming.headers },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        const cut = options.cutDownloadAfter;
        if (cut !== undefined && incoming.method === 'GET' && incoming.url?.endsWith('/file')) {
          let passed = 0;
          answer.on('data', (chunk: Buffer) => {
            if (passed + chunk.length >= cut) {
              outgoing.write(chunk.subarray(0, cut - passed));
              answer.destroy();
              outgoing.destroy();
              return;
            }
            passed += chunk.length;
            outgoing.write(chunk);
          });
          return;
        }
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxies.push(server);
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const raw = scratch.file('disk.raw');
  writeFileSync(raw, randomBytes(4 * 1024 * 1024));
  const qcow2 = scratch.file('disk.qcow2');
  qemuImg('convert', '-f', 'raw', '-O', 'qcow2', raw, qcow2);
  data = readFileSync(qcow2);
  source = janitor.trackImage(
    await createImage(
      {
        name: janitor.name('source'),
        disk_format: 'qcow2',
        container_format: 'bare',
        min_disk: 1,
        min_ram: 128,
        tags: ['golden', 'copy-test'],
        os_distro: 'cirros',
        hw_disk_bus: 'scsi',
        protected: true,
      },
      { data },
    ),
  );
});

afterAll(async () => {
  await janitor.cleanup();
  await Promise.all(proxies.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
  scratch.remove();
});

describe('image-copy --to-cloud (admin to the demo project)', () => {
  it('copies the data and the record, checks the hash, and prints the new image', async () => {
    const name = janitor.name('copied');
    const run = await ours(['image-copy', source.id, '--to-cloud', 'os-cloud-demo', '--name', name, '-f', 'json'], { env: { OS_CLIENT_CONFIG_FILE: cloudsFile() } });
    const printed = JSON.parse(run.stdout || '{}') as ApiImage;
    if (printed.id) {
      janitor.track(printed.id);
    }
    expect([run.code, run.stderr]).toEqual([0, '']);
    const copy = (await getImage(printed.id))!;
    expect(copy).toMatchObject({
      name,
      status: 'active',
      owner: cloud().demoProjectId,
      disk_format: 'qcow2',
      container_format: 'bare',
      min_disk: 1,
      min_ram: 128,
      protected: true,
      os_distro: 'cirros',
      hw_disk_bus: 'scsi',
      size: data.length,
      checksum: digest('md5', data),
      os_hash_algo: 'sha512',
      os_hash_value: digest('sha512', data),
    });
    expect([...(copy.tags as string[])].sort()).toEqual(['copy-test', 'golden']);
    expect(printed).toMatchObject({ id: copy.id, os_hash_value: copy.os_hash_value, protected: true });
  });

  it('--dry-run prints the image it would create, and creates none', async () => {
    const name = janitor.name('dry');
    const run = await ours(['image-copy', source.id, '--to-cloud', 'os-cloud-demo', '--name', name, '--no-properties', '--dry-run', '-f', 'json'], {
      env: { OS_CLIENT_CONFIG_FILE: cloudsFile() },
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`Dry run: nothing was created; this is the image image-copy would create at ${cloud().glanceUrl}.\n`);
    expect(JSON.parse(run.stdout)).toEqual({
      name,
      disk_format: 'qcow2',
      container_format: 'bare',
      min_disk: 1,
      min_ram: 128,
      tags: source.tags,
      protected: true,
      size: data.length,
      os_hash_algo: 'sha512',
      os_hash_value: digest('sha512', data),
    });
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('the source cut half-way: the new image is deleted', async () => {
    const name = janitor.name('cut');
    const sourceUrl = await glanceProxy({ cutDownloadAfter: 1024 * 1024 });
    // Every request is cut, the resumed one too: one retry, then the copy gives up.
    const run = await ours(['--os-image-url', sourceUrl, '--retries', '1', 'image-copy', source.id, '--to-cloud', 'os-cloud-demo', '--name', name], {
      env: { OS_CLIENT_CONFIG_FILE: cloudsFile() },
    });
    expect(run.code).toBe(1);
    const file = `${sourceUrl.replace(/\/+$/, '')}/v2/images/${source.id}/file`;
    expect(run.stderr).toMatch(
      new RegExp(
        `^Retrying GET ${file} from byte \\d+ after the connection was lost \\(attempt 2 of 2\\) in [0-9.]+ s\\n` +
          `Deleted image [0-9a-f-]{36}: the copy did not complete\\.\\n` +
          `Download of image '${source.id}' failed after \\d+ of ${data.length} bytes: the connection to ${file} was lost \\(.+\\)\\n$`,
      ),
    );
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('the destination refuses the data: the new image is deleted', async () => {
    const name = janitor.name('refused');
    const demo = cloud().credentials.demo;
    const refusing = `  refusing:\n    auth:\n      auth_url: ${demo.OS_AUTH_URL}\n      username: ${demo.OS_USERNAME}\n      password: ${demo.OS_PASSWORD}\n      project_name: ${demo.OS_PROJECT_NAME}\n      user_domain_name: Default\n      project_domain_name: Default\n    image_endpoint_override: ${await glanceProxy({ refuseUploads: true })}\n`;
    const run = await ours(['image-copy', source.id, '--to-cloud', 'refusing', '--name', name], { env: { OS_CLIENT_CONFIG_FILE: cloudsFile(refusing) } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Deleted image [0-9a-f-]{36}: the copy did not complete\.\nHTTP Image exceeds the storage quota\n$/);
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('a destination that does not take the image (demo may not publish) gets nothing', async () => {
    const name = janitor.name('public');
    const run = await ours(['image-copy', source.id, '--to-cloud', 'os-cloud-demo', '--name', name, '--visibility', 'public'], { env: { OS_CLIENT_CONFIG_FILE: cloudsFile() } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^HTTP 403 Forbidden/);
    expect(await imagesNamed(name)).toEqual([]);
  });
});

describe('image-copy --to-region', () => {
  const REGION = `it-copy-${randomBytes(3).toString('hex')}`;
  let endpointId: string | undefined;

  /** Keystone's admin API, for the region and endpoint this test adds. */
  async function keystone(method: string, path: string, body?: unknown): Promise<Response> {
    return fetch(`${cloud().keystoneUrl.replace(/\/+$/, '')}${path}`, {
      method,
      headers: { 'X-Auth-Token': await tokenFor('admin'), 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  }

  beforeAll(async () => {
    // The cache node, a second glance-api of the deployment, stands for the other region's Glance.
    const services = (await (await keystone('GET', '/services?type=image')).json()) as { services: { id: string }[] };
    expect((await keystone('POST', '/regions', { region: { id: REGION } })).status).toBe(201);
    const created = await keystone('POST', '/endpoints', { endpoint: { service_id: services.services[0]!.id, interface: 'public', region_id: REGION, url: cloud().glanceCacheUrl } });
    expect(created.status).toBe(201);
    endpointId = ((await created.json()) as { endpoint: { id: string } }).endpoint.id;
  });

  afterAll(async () => {
    if (endpointId) {
      await keystone('DELETE', `/endpoints/${endpointId}`);
    }
    await keystone('DELETE', `/regions/${REGION}`);
  });

  it("copies through that region's image endpoint", async () => {
    const name = janitor.name('region');
    const run = await ours(['--debug', 'image-copy', source.id, '--to-region', REGION, '--name', name, '-f', 'value', '-c', 'id', '-c', 'os_hash_value']);
    const [id, hash] = run.stdout.trim().split(/\s+/);
    if (id) {
      janitor.track(id);
    }
    expect(run.code).toBe(0);
    // The upload went to the other region's endpoint.
    expect(run.stderr).toContain(`curl -g -i -X PUT ${cloud().glanceCacheUrl}/v2/images/${id}/file`);
    expect(hash).toBe(digest('sha512', data));
    expect((await getImage(id!))).toMatchObject({ name, status: 'active', owner: cloud().adminProjectId, protected: true });
  });

  it("refuses the source's own region", async () => {
    const run = await ours(['image-copy', source.id, '--to-region', 'RegionOne']);
    expect([run.code, run.stderr]).toEqual([1, `--to-region RegionOne: the image endpoint there is the source's own (${cloud().glanceUrl})\n`]);
  });
});
