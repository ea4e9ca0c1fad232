/**
 * The Icehouse-era install guide's commands, pasted verbatim (only the URLs point at 127.0.0.1),
 * against today's Keystone v3 + Glance v2; --copy-from in both modes; and verify-install.
 */
import { execFileSync } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cloud, digest, ImageJanitor, imagesNamed, listRows, ours, parseShowTable, type RunOptions } from './helpers.js';

const IMAGE_NAME = 'cirros-0.3.2-x86_64';
const janitor = new ImageJanitor('guide');
const directory = mkdtempSync(join(tmpdir(), 'glance-guide-'));
/** The guide's image: a qcow2, as the commands it gives say (the client inspects what it uploads). */
const imageFile = join(directory, 'cirros-0.3.2-x86_64-disk.img');
/** Raw data, for the commands here that say --disk-format raw. */
const rawFile = join(directory, 'disk.raw');
let server: Server;
let baseUrl: string;

/** The guide's openrc: Keystone v2.0 URL and OS_TENANT_NAME. */
function guideEnvironment(): RunOptions {
  const admin = cloud().credentials.admin;
  return {
    as: 'none',
    env: {
      OS_USERNAME: admin.OS_USERNAME,
      OS_PASSWORD: admin.OS_PASSWORD,
      OS_TENANT_NAME: admin.OS_PROJECT_NAME,
      OS_AUTH_URL: cloud().keystoneUrl.replace(/\/v3\/?$/, '/v2.0'),
    },
  };
}

beforeAll(async () => {
  writeFileSync(rawFile, randomBytes(2 * 1024 * 1024 + 123));
  execFileSync('qemu-img', ['convert', '-f', 'raw', '-O', 'qcow2', rawFile, imageFile]);
  server = createServer((request, response) => {
    const file = request.url === '/cirros-0.3.2-x86_64-disk.img' ? imageFile : request.url === '/disk.raw' ? rawFile : undefined;
    if (file) {
      const data = readFileSync(file);
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(data.length) });
      response.end(data);
    } else {
      response.writeHead(404).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await janitor.cleanup();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(directory, { recursive: true, force: true });
});

const MD5 = (file = imageFile): string => digest('md5', readFileSync(file));

describe('the install guide, verbatim', () => {
  it('image-create --is-public True --progress < file', async () => {
    const run = await ours(
      ['image-create', '--name', IMAGE_NAME, '--disk-format', 'qcow2', '--container-format', 'bare', '--is-public', 'True', '--progress'],
      { ...guideEnvironment(), stdin: { file: imageFile } },
    );
    if (run.code === 0) {
      janitor.trackShown(run.stdout);
    }
    expect(run.code).toBe(0);
    // One line: the cloud has no Keystone v2.0, so the client says it used v3.
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(/v3/);
    const shown = parseShowTable(run.stdout);
    expect(Object.keys(shown)).toEqual([
      'checksum', 'container_format', 'created_at', 'deleted', 'deleted_at', 'disk_format', 'id', 'is_public',
      'min_disk', 'min_ram', 'name', 'owner', 'protected', 'size', 'status', 'updated_at',
    ]);
    expect(shown).toMatchObject({ checksum: MD5(), is_public: 'True', deleted: 'False', deleted_at: 'None', status: 'active', name: IMAGE_NAME });
  });

  it('image-list prints the guide\'s columns', async () => {
    const run = await ours(['image-list'], guideEnvironment());
    expect(run.code).toBe(0);
    expect(run.stdout.split('\n')[1]).toMatch(/^\| ID +\| Name +\| Disk Format \| Container Format \| Size +\| Status \|$/);
    expect(listRows(run.stdout).some((row) => row[1] === IMAGE_NAME && row[2] === 'qcow2' && row[5] === 'active')).toBe(true);
  });

  it('image-create --copy-from URL: the cloud fetches it (web-download) and the image ends active', async () => {
    const run = await ours(
      [
        'image-create',
        `--name=${IMAGE_NAME}`,
        '--disk-format=qcow2',
        '--container-format=bare',
        '--is-public=true',
        '--copy-from',
        `${baseUrl}/cirros-0.3.2-x86_64-disk.img`,
      ],
      guideEnvironment(),
    );
    if (run.code === 0) {
      janitor.trackShown(run.stdout);
    }
    expect(run.code).toBe(0);
    const shown = parseShowTable(run.stdout);
    expect(shown).toMatchObject({ checksum: MD5(), status: 'active', is_public: 'True' });
  });
});

describe('--copy-from', () => {
  it('--copy-from-mode client streams the URL through the client', async () => {
    const name = janitor.name('client');
    const run = await ours([
      'image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare',
      '--copy-from', `${baseUrl}/disk.raw`, '--copy-from-mode', 'client',
    ]);
    if (run.code === 0) {
      janitor.trackShown(run.stdout);
    }
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(parseShowTable(run.stdout)).toMatchObject({ checksum: MD5(rawFile), status: 'active' });
  });

  it('a URL that answers 404 fails with the import task\'s message and leaves no image', async () => {
    const name = janitor.name('missing');
    const run = await ours([
      'image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare',
      '--copy-from', `${baseUrl}/missing.img`, '--copy-from-mode', 'server',
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^Deleted image [0-9a-f-]{36}: /m);
    // Glance's task says only "Task failed due to Internal Error" for a URL that answers 404.
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^Import of image [0-9a-f-]{36} failed: Task failed/);
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('--checksum that does not match leaves no image', async () => {
    const name = janitor.name('checksum');
    const run = await ours(
      ['image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare', '--checksum', '0'.repeat(32)],
      { stdin: { file: rawFile } },
    );
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toBe(`Checksum mismatch: --checksum is ${'0'.repeat(32)} but the image data has ${MD5(rawFile)}`);
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('--location says clearly that this cloud does not allow locations, and leaves no image', async () => {
    const name = janitor.name('location');
    const run = await ours(['image-create', '--name', name, '--disk-format', 'raw', '--container-format', 'bare', '--location', `${baseUrl}/x.img`]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim().split('\n').at(-1)).toMatch(/^This cloud did not accept the image location http:\/\/127\.0\.0\.1:\d+\/x\.img: HTTP 403 Forbidden/);
    expect(await imagesNamed(name)).toEqual([]);
  });
});

describe('verify-install', () => {
  it('passes against the local cloud and leaves nothing behind', async () => {
    const run = await ours(['verify-install']);
    expect([run.code, run.stderr]).toEqual([0, '']);
    const results = listRows(run.stdout).slice(1).map((row) => row[1]);
    expect(results).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    // Both directions are checked with the cloud's os_hash_algo, not md5.
    const details = listRows(run.stdout).slice(1).map((row) => row[3]);
    expect([details[2], details[5]]).toEqual(['1048576 bytes, sha512 verified', '1048576 bytes, sha512 verified']);
    expect(await imagesNamed('verify-install-')).toEqual([]);
  });

  it('fails with a clear report when Glance does not answer', async () => {
    const run = await ours(['--os-image-url', 'http://127.0.0.1:9', 'verify-install']);
    expect(run.code).toBe(1);
    const rows = listRows(run.stdout).slice(1);
    expect(rows.map((row) => row[1])).toEqual(['ok', 'FAILED', 'skipped', 'skipped', 'skipped', 'skipped', 'skipped']);
    expect(run.stderr).toBe(
      "Image service verification failed at 'create an image record': Unable to establish connection to http://127.0.0.1:9/v2/images: connect ECONNREFUSED 127.0.0.1:9\n",
    );
  });
});
