/** The image commands against a cloud older than Rocky, which offers only the Image API v1. */
import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startFakeGlanceV1, type FakeGlanceV1 } from '../../helpers/fake-glance-v1.js';
import { qcow2Bytes } from '../../helpers/disk-images.js';

/** A qcow2, as --disk-format says: the inspection refuses data of another format. */
const DATA = qcow2Bytes(Buffer.from('v1 image bytes '.repeat(500)));
const MD5 = createHash('md5').update(DATA).digest('hex');

let glance: FakeGlanceV1;
let env: Record<string, string>;
beforeEach(async () => {
  glance = await startFakeGlanceV1();
  // Token-only mode with a versioned URL: /v1 selects the v1 API, as in python-glanceclient.
  env = { OS_AUTH_TOKEN: 'tok', OS_IMAGE_URL: `${glance.url}/v1` };
});
afterEach(async () => {
  await glance.close();
});

describe('a v1-only cloud', () => {
  it('image-create uploads the data with x-image-meta headers and prints the v1 table', async () => {
    const run = await runCli(['image-create', '--name', 'cirros', '--disk-format', 'qcow2', '--container-format', 'bare', '--is-public', 'True', '--property', 'os_distro=cirros'], {
      env,
      stdinKind: 'pipe',
      stdinData: DATA,
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const post = glance.requests.find((request) => request.method === 'POST')!;
    expect(post.path).toBe('/v1/images');
    expect(post.headers['x-image-meta-name']).toBe('cirros');
    expect(post.headers['x-image-meta-is_public']).toBe('True');
    expect(post.headers['x-image-meta-property-os_distro']).toBe('cirros');
    const stored = [...glance.images.values()][0]!;
    expect(stored.data?.equals(DATA)).toBe(true);
    expect(run.stdout).toContain(`| checksum             | ${MD5}     |`);
    expect(run.stdout).toContain("| Property 'os_distro' | cirros                               |");
    expect(run.stdout).toContain('| is_public            | True                                 |');
  });

  it('image-list pages through /v1/images/detail and prints the v1 columns', async () => {
    for (const name of ['a', 'b', 'c']) {
      glance.addImage({ name, data: DATA, id: `0000000${name === 'a' ? 1 : name === 'b' ? 2 : 3}-0000-4000-8000-000000000000` });
    }
    const run = await runCli(['image-list', '--page-size', '2'], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout.split('\n')[1]).toBe('| ID                                   | Name | Disk Format | Container Format | Size | Status |');
    expect(run.stdout.split('\n').filter((line) => / active \|$/.test(line))).toHaveLength(3);
    expect(glance.log().filter((line) => line.startsWith('GET /v1/images/detail'))).toHaveLength(2);
  });

  it('image-show finds an image by name, as v1 did', async () => {
    const image = glance.addImage({ name: 'by-name', data: DATA });
    const run = await runCli(['image-show', 'by-name'], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`\\| id +\\| ${image.id} +\\|`));
    expect(run.stdout).toContain('| name             | by-name ');
  });

  it('image-show of an unknown name says so in the reference words', async () => {
    const run = await runCli(['image-show', 'nothing-like-this'], { env });
    expect([run.exitCode, run.stderr]).toEqual([1, "No image with a name or ID of 'nothing-like-this' exists.\n"]);
  });

  it('image-download verifies against the v1 checksum header', async () => {
    const image = glance.addImage({ name: 'dl', data: DATA });
    const run = await runCli(['image-download', image.id], { env });
    expect(run.exitCode).toBe(0);
    expect(run.stdoutBytes.equals(DATA)).toBe(true);
  });

  it('image-update and image-delete work on v1', async () => {
    const image = glance.addImage({ name: 'old', data: DATA });
    const update = await runCli(['image-update', image.id, '--name', 'new', '--min-ram', '64'], { env });
    expect(update.exitCode).toBe(0);
    expect(glance.image(image.id)!.name).toBe('new');
    expect(glance.image(image.id)!.min_ram).toBe(64);
    const remove = await runCli(['image-delete', image.id], { env });
    expect(remove.exitCode).toBe(0);
    expect(glance.image(image.id)!.deleted).toBe(true);
  });
});

describe('v2-only commands on a v1-only cloud', () => {
  const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
  it.each([
    ['image-tag-update', [ID, 'golden']],
    ['image-tag-delete', [ID, 'golden']],
    ['image-tasks', [ID]],
    ['image-deactivate', [ID]],
    ['image-reactivate', [ID]],
    ['image-import', [ID, '--import-method', 'web-download', '--uri', 'http://127.0.0.1:9/x.img']],
    ['image-stage', [ID]],
    ['image-create-via-import', ['--name', 'x', '--disk-format', 'raw', '--container-format', 'bare']],
  ])('%s fails in one line and sends no v2 URL', async (name, args) => {
    const run = await runCli([name, ...args], { env, stdinKind: 'pipe', stdinData: DATA });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', `${name} is not available in Image API v1\n`]);
    expect(glance.log().filter((line) => line.includes('/v2/'))).toEqual([]);
  });
});

describe('machine output on a v1-only cloud', () => {
  it('image-show -f json: the v1 record, properties under their own names, JSON types', async () => {
    const image = glance.addImage({ name: 'json', data: DATA, properties: { os_distro: 'cirros' } });
    const run = await runCli(['image-show', image.id, '-f', 'json'], { env });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ id: image.id, name: 'json', size: DATA.length, is_public: false, protected: false, checksum: MD5, os_distro: 'cirros' });
  });

  it('image-list -f value -c ID -c Size: the v1 columns, sizes as numbers', async () => {
    const image = glance.addImage({ name: 'value', data: DATA });
    const run = await runCli(['image-list', '-f', 'value', '-c', 'ID', '-c', 'Size'], { env });
    expect([run.exitCode, run.stdout]).toEqual([0, `${image.id} ${DATA.length}\n`]);
  });
});

describe('member-* on a v1-only cloud', () => {
  it('member-create with --can-share, member-list by image and by tenant, member-delete', async () => {
    const image = glance.addImage({ name: 'shared', data: DATA });
    const tenant = 'a9b461c6532143879b812fd3aba13ae5';
    const create = await runCli(['member-create', image.id, tenant, '--can-share'], { env });
    expect([create.exitCode, create.stdout, create.stderr]).toEqual([0, '', '']);
    const byImage = await runCli(['member-list', '--image-id', image.id], { env });
    expect(byImage.stdout.split('\n')[1]).toBe('| Image ID                             | Member ID                        | Can Share |');
    expect(byImage.stdout).toContain(`| ${image.id} | ${tenant} | True      |`);
    const byTenant = await runCli(['member-list', '--tenant-id', tenant], { env });
    expect(byTenant.stdout).toContain(`| ${image.id} | ${tenant} | True      |`);
    const neither = await runCli(['member-list'], { env });
    expect([neither.exitCode, neither.stderr]).toEqual([1, 'Unable to list all members. Specify --image-id or --tenant-id\n']);
    const both = await runCli(['member-list', '--image-id', image.id, '--tenant-id', tenant], { env });
    expect(both.stderr).toBe('Unable to filter members by both --image-id and --tenant-id.\n');
    const remove = await runCli(['member-delete', image.id, tenant], { env });
    expect(remove.exitCode).toBe(0);
    const after = await runCli(['member-list', '--image-id', image.id], { env });
    expect(after.stdout).not.toContain(tenant);
  });
});
