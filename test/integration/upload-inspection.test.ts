/**
 * The inspection before upload against the real cloud, with images qemu-img makes: what is
 * refused leaves no image (asked of the API), --disk-format auto creates the image with the
 * format found, --no-inspect uploads anyway, and an image that existed stays as it was.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qemuImg, scratchDirectory } from '../helpers/disk-images.js';
import { createImage, digest, getImage, ImageJanitor, imagesNamed, ours, parseShowTable } from './helpers.js';

const janitor = new ImageJanitor('inspect');
const scratch = scratchDirectory();
const files = {
  raw: scratch.file('disk.raw'),
  qcow2: scratch.file('disk.qcow2'),
  vmdk: scratch.file('disk.vmdk'),
  backed: scratch.file('backed.qcow2'),
  fixedVhd: scratch.file('fixed.vhd'),
};
let server: Server;
let baseUrl: string;

beforeAll(async () => {
  writeFileSync(files.raw, randomBytes(3 * 1024 * 1024));
  qemuImg('convert', '-f', 'raw', '-O', 'qcow2', files.raw, files.qcow2);
  qemuImg('convert', '-f', 'raw', '-O', 'vmdk', '-o', 'subformat=streamOptimized', files.raw, files.vmdk);
  qemuImg('create', '-f', 'qcow2', '-b', files.qcow2, '-F', 'qcow2', files.backed, '3M');
  qemuImg('convert', '-f', 'raw', '-O', 'vpc', '-o', 'subformat=fixed', files.raw, files.fixedVhd);
  server = createServer((request, response) => {
    const data = readFileSync(files.qcow2);
    response.writeHead(200, { 'content-length': String(data.length) }).end(data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await janitor.cleanup();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  scratch.remove();
});

const CREATE = (name: string, ...args: string[]): string[] => ['image-create', '--name', name, '--container-format', 'bare', ...args];

describe('refused: no image is created', () => {
  it.each([
    ['a qcow2 file as raw', () => ['--disk-format', 'raw', '--file', files.qcow2], () => `${files.qcow2} is qcow2, not raw; pass --disk-format qcow2\n`],
    ['a raw file as qcow2', () => ['--disk-format', 'qcow2', '--file', files.raw], () => `${files.raw} is raw, not qcow2; pass --disk-format raw\n`],
    [
      'a qcow2 with a backing file',
      () => ['--disk-format', 'qcow2', '--file', files.backed],
      () => `${files.backed} is a qcow2 image that is not safe to upload: backing file ${JSON.stringify(files.qcow2)}\n`,
    ],
  ])('image-create --file: %s', async (_label, args, message) => {
    const name = janitor.name('refused');
    const run = await ours(CREATE(name, ...args()));
    expect([run.code, run.stdout, run.stderr]).toEqual([1, '', message()]);
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('image-create-via-import --file: a qcow2 as raw', async () => {
    const name = janitor.name('import');
    const run = await ours(['image-create-via-import', '--name', name, '--disk-format', 'raw', '--container-format', 'bare', '--file', files.qcow2]);
    expect([run.code, run.stderr]).toEqual([1, `${files.qcow2} is qcow2, not raw; pass --disk-format qcow2\n`]);
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('image-create from a pipe: cut from its first bytes, the image made for it deleted', async () => {
    const name = janitor.name('pipe');
    const run = await ours(CREATE(name, '--disk-format', 'raw'), { stdin: { pipe: files.qcow2 } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Deleted image [0-9a-f-]{36}: the inspection refused its data\.\nstdin is qcow2, not raw; pass --disk-format qcow2\n$/);
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('image-create from a file on stdin, refused only at its end (a fixed VHD as raw): the image made for it deleted', async () => {
    const name = janitor.name('vhd');
    const run = await ours(CREATE(name, '--disk-format', 'raw'), { stdin: { file: files.fixedVhd } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^Deleted image [0-9a-f-]{36}: the inspection refused its data\.\nstdin is vhd, not raw; pass --disk-format vhd\n$/);
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('image-create --copy-from through the client: the URL is inspected as it streams', async () => {
    const name = janitor.name('url');
    const url = `${baseUrl}/disk.img`;
    const run = await ours(CREATE(name, '--disk-format', 'raw', '--copy-from', url, '--copy-from-mode', 'client'));
    expect(run.code).toBe(1);
    expect(run.stderr.split('\n').at(-2)).toBe(`${url} is qcow2, not raw; pass --disk-format qcow2`);
    expect(await imagesNamed(name)).toEqual([]);
  });
});

describe('an image that exists is compared with its disk_format, and stays as it was when refused', () => {
  it.each([
    ['image-upload --file', (id: string) => ['image-upload', id, '--file', files.qcow2], undefined],
    ['image-upload from a pipe', (id: string) => ['image-upload', id], files.qcow2],
    ['image-stage --file', (id: string) => ['image-stage', id, '--file', files.qcow2], undefined],
    ['image-stage from a pipe', (id: string) => ['image-stage', id], files.qcow2],
  ])('%s', async (_label, args, pipe) => {
    const queued = janitor.trackImage(await createImage({ name: janitor.name('queued'), disk_format: 'raw', container_format: 'bare' }));
    const run = await ours(args(queued.id), pipe ? { stdin: { pipe } } : {});
    expect([run.code, run.stderr]).toEqual([1, `${pipe ? 'stdin' : files.qcow2} is qcow2, not raw; pass --disk-format qcow2\n`]);
    const after = await getImage(queued.id);
    expect([after?.status, after?.size ?? null]).toEqual(['queued', null]);
  });
});

describe('accepted', () => {
  it('--disk-format auto --file: the image gets the format found (a stream-optimised VMDK)', async () => {
    const name = janitor.name('auto');
    const run = await ours(CREATE(name, '--disk-format', 'auto', '--file', files.vmdk));
    janitor.trackShown(run.stdout);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(parseShowTable(run.stdout)).toMatchObject({ disk_format: 'vmdk', status: 'active', checksum: digest('md5', readFileSync(files.vmdk)) });
  });

  it('--disk-format auto from a pipe: read ahead, then all of it uploaded', async () => {
    const name = janitor.name('auto-pipe');
    const run = await ours(CREATE(name, '--disk-format', 'auto'), { stdin: { pipe: files.qcow2 } });
    janitor.trackShown(run.stdout);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(parseShowTable(run.stdout)).toMatchObject({ disk_format: 'qcow2', status: 'active', os_hash_value: digest('sha512', readFileSync(files.qcow2)) });
  });

  it('image-create-via-import --disk-format auto --file --wait', async () => {
    const name = janitor.name('auto-import');
    const run = await ours(['image-create-via-import', '--name', name, '--disk-format', 'auto', '--container-format', 'bare', '--file', files.qcow2, '--wait']);
    janitor.trackShown(run.stdout);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(parseShowTable(run.stdout)).toMatchObject({ disk_format: 'qcow2', status: 'active' });
  });

  it('--no-inspect uploads a qcow2 as raw (the rare format this client does not know)', async () => {
    const name = janitor.name('unchecked');
    const run = await ours(CREATE(name, '--disk-format', 'raw', '--file', files.qcow2, '--no-inspect'));
    janitor.trackShown(run.stdout);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect(parseShowTable(run.stdout)).toMatchObject({ disk_format: 'raw', status: 'active' });
  });

  it('image-upload of a file of the image\'s format', async () => {
    const queued = janitor.trackImage(await createImage({ name: janitor.name('upload'), disk_format: 'qcow2', container_format: 'bare' }));
    const run = await ours(['image-upload', queued.id, '--file', files.qcow2]);
    expect([run.code, run.stderr]).toEqual([0, '']);
    expect((await getImage(queued.id))?.status).toBe('active');
  });
});
