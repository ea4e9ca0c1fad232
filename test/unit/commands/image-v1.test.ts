import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest, image } from '../../helpers/fake-openstack.js';
import { qcow2Bytes } from '../../helpers/disk-images.js';

const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
/** A qcow2, as the guide's --disk-format says: the inspection refuses data of another format. */
const DATA = qcow2Bytes(Buffer.from('cirros '.repeat(3000)));
const MD5 = createHash('md5').update(DATA).digest('hex');
const SHA512 = createHash('sha512').update(DATA).digest('hex');
const GUIDE = ['image-create', '--name', 'cirros-0.3.2-x86_64', '--disk-format', 'qcow2', '--container-format', 'bare'];
const ACTIVE = image({ name: 'cirros-0.3.2-x86_64', checksum: MD5, os_hash_algo: 'sha512', os_hash_value: SHA512, size: DATA.length, os_distro: 'cirros' });

const cloud = fakeCloudPerTest({ issuesToken: true });

describe('the install guide on a v2 cloud', () => {
  it('--is-public True < file: uploads, and prints the v1 table the guide shows', async () => {
    cloud
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('GET', `/v2/images/${ID}`, 200, ACTIVE);
    const run = await runCli([...GUIDE, '--is-public', 'True', '--progress'], { env: cloud.env, stdinKind: 'file', stdinData: DATA });
    expect(run.stderr).toBe('');
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual({
      name: 'cirros-0.3.2-x86_64',
      disk_format: 'qcow2',
      container_format: 'bare',
      visibility: 'public',
    });
    const rows = run.stdout.split('\n').filter((line) => line.startsWith('| ')).map((line) => line.split('|')[1]!.trim());
    expect(rows).toEqual([
      'Property', "Property 'os_distro'", 'checksum', 'container_format', 'created_at', 'deleted', 'deleted_at', 'disk_format', 'id',
      'is_public', 'min_disk', 'min_ram', 'name', 'owner', 'protected', 'size', 'status', 'updated_at',
    ]);
    expect(run.stdout).toContain('| created_at           | 2026-11-25T11:53:58.000000           |');
    expect(run.stdout).toContain('| deleted_at           | None                                 |');
    expect(run.stdout).toContain('| is_public            | True                                 |');
  });

  it('--copy-from through the client streams the URL into the upload and verifies it', async () => {
    cloud
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('GET', '/files/cirros.img', 200, DATA, { 'content-length': String(DATA.length) })
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('GET', `/v2/images/${ID}`, 200, ACTIVE);
    const run = await runCli([...GUIDE, '--is-public=true', '--copy-from', `${cloud.url}/files/cirros.img`, '--copy-from-mode', 'client'], {
      env: cloud.env,
    });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    const put = cloud.requests.find((request) => request.method === 'PUT')!;
    expect(put.body.equals(DATA)).toBe(true);
    // The URL is anyone's: the Keystone token must not go there.
    const fetch = cloud.requests.find((request) => request.path === '/files/cirros.img')!;
    expect(fetch.headers['x-auth-token']).toBeUndefined();
    expect(put.headers['x-openstack-image-size']).toBe(String(DATA.length));
    expect(run.stdout).toContain(`| checksum             | ${MD5}     |`);
  });

  it('--copy-from a URL that answers 404 fails clearly and leaves no image', async () => {
    cloud
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('GET', '/files/missing.img', 404, 'not here')
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli([...GUIDE, '--copy-from', `${cloud.url}/files/missing.img`, '--copy-from-mode', 'client'], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`Deleted image ${ID}: its upload did not complete.\nUnable to read ${cloud.url}/files/missing.img: HTTP 404\n`);
  });

  it('--checksum that does not match the data removes the image', async () => {
    cloud
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('GET', `/v2/images/${ID}`, 200, ACTIVE)
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli([...GUIDE, '--checksum', '0'.repeat(32)], { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `Deleted image ${ID}: its upload did not complete.\nChecksum mismatch: --checksum is ${'0'.repeat(32)} but the image data has ${MD5}\n`,
    );
  });

  it('--location adds a location, and says clearly when the cloud refuses', async () => {
    cloud
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PATCH', `/v2/images/${ID}`, 403, "<html>\n <body>\n  <h1>403 Forbidden</h1>\n  It's not allowed to add locations if locations are invisible.<br /><br />\n </body>\n</html>", {
        'content-type': 'text/html',
      })
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli([...GUIDE, '--location', 'http://127.0.0.1:8000/x.img'], { env: cloud.env });
    expect(JSON.parse(cloud.requests[2]!.text)).toEqual([{ op: 'add', path: '/locations/-', value: { url: 'http://127.0.0.1:8000/x.img', metadata: {} } }]);
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `Deleted image ${ID}: its location could not be added.\n` +
        "This cloud did not accept the image location http://127.0.0.1:8000/x.img: HTTP 403 Forbidden: It's not allowed to add locations if locations are invisible.\n",
    );
  });

  it('refuses contradictory or incomplete v1 options before any request', async () => {
    const both = await runCli([...GUIDE, '--is-public', 'False', '--visibility', 'public'], { env: cloud.env });
    expect([both.exitCode, both.stderr]).toEqual([1, '--is-public False contradicts --visibility public\n']);
    const formats = await runCli(['image-create', '--copy-from', 'http://127.0.0.1:1/x'], { env: cloud.env });
    expect([formats.exitCode, formats.stderr]).toEqual([1, 'error: Must provide --disk-format, --container-format when using --copy-from.\n']);
    const bool = await runCli([...GUIDE, '--is-public', 'maybe'], { env: cloud.env });
    expect(bool.exitCode).toBe(2);
    expect(cloud.requests).toEqual([]);
  });
});

describe('v1 tables on a v2 cloud', () => {
  it('image-list prints the v1 columns when a v1 option is used, with v1 filters translated', async () => {
    cloud.on('GET', '/v2/images?size_min=10&updated_at=gte:2026-01-01&limit=200&sort_key=name&sort_dir=asc', 200, {
      images: [ACTIVE, image({ id: 'aaaaaaaa-0000-0000-0000-000000000001', name: 'empty', size: 0, status: 'queued', disk_format: null, container_format: null })],
    });
    const run = await runCli(['image-list', '--size-min', '10', '--changes-since', '2026-01-01'], { env: cloud.env });
    expect(run.stdout).toBe(
      [
        '+--------------------------------------+---------------------+-------------+------------------+-------+--------+',
        '| ID                                   | Name                | Disk Format | Container Format | Size  | Status |',
        '+--------------------------------------+---------------------+-------------+------------------+-------+--------+',
        `| ${ID} | cirros-0.3.2-x86_64 | qcow2       | bare             | ${DATA.length} | active |`,
        '| aaaaaaaa-0000-0000-0000-000000000001 | empty               |             |                  |       | queued |',
        '+--------------------------------------+---------------------+-------------+------------------+-------+--------+',
        '',
      ].join('\n'),
    );
  });

  it('image-show with --os-image-api-version 1 omits null fields, as v1 HEAD answers did', async () => {
    cloud
      .on('GET', '/versions', 300, { versions: [{ id: 'v2.16', status: 'CURRENT' }, { id: 'v2.0', status: 'SUPPORTED' }] })
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'queued' }));
    const run = await runCli(['--os-image-api-version', '1', 'image-show', ID], { env: cloud.env });
    // Asked for v1, the client checks what the cloud offers, and speaks v2 to a v2 cloud.
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', 'GET /versions', `GET /v2/images/${ID}`]);
    expect(run.stdout).not.toContain('deleted_at');
    expect(run.stdout).not.toContain('| checksum');
    expect(run.stdout).toContain('| deleted          | False                                |');
    expect(run.stdout).toContain('| is_public        | True                                 |');
  });

  it('image-update --is-public False --purge-props sends one patch and prints the v1 table', async () => {
    cloud
      .on('GET', `/v2/images/${ID}`, 200, { ...ACTIVE, foo: 'bar' })
      .on('PATCH', `/v2/images/${ID}`, 200, { ...ACTIVE, visibility: 'private', os_distro: 'ubuntu' });
    const run = await runCli(['image-update', ID, '--is-public', 'False', '--property', 'os_distro=ubuntu', '--purge-props'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(cloud.requests[2]!.text)).toEqual([
      { op: 'replace', path: '/os_distro', value: 'ubuntu' },
      { op: 'replace', path: '/visibility', value: 'private' },
      { op: 'remove', path: '/foo' },
    ]);
    expect(run.stdout).toContain('| is_public            | False ');
    expect(run.stdout).toContain("| Property 'os_distro' | ubuntu ");
  });
});
