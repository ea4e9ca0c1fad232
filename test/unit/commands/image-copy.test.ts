/**
 * image-copy against the loopback fake: the source in RegionOne at /, the destination in
 * RegionTwo at /region-two (the fake catalog's), or a clouds.yaml cloud on the same fake.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest, image, TOKEN } from '../../helpers/fake-openstack.js';

const SOURCE = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
const COPY = 'c0b1e5d4-7a2f-4e0c-9d3b-55aa00112233';
const DATA = Buffer.from('image bytes to copy '.repeat(4000));
const MD5 = createHash('md5').update(DATA).digest('hex');
const SHA512 = createHash('sha512').update(DATA).digest('hex');
const THERE = '/region-two/v2/images';

/** An active image with what image-copy carries over, and what it must not. */
const SOURCE_IMAGE = image({
  id: SOURCE,
  name: 'cirros',
  size: DATA.length,
  checksum: MD5,
  os_hash_algo: 'sha512',
  os_hash_value: SHA512,
  min_disk: 1,
  min_ram: 64,
  protected: true,
  tags: ['golden'],
  visibility: 'public',
  virtual_size: 1073741824,
  os_distro: 'cirros',
  hw_disk_bus: 'scsi',
  os_glance_importing_to_stores: '',
  direct_url: 'file:///var/lib/glance/images/x',
});

const dir = mkdtempSync(join(tmpdir(), 'glance-copy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const cloud = fakeCloudPerTest({ issuesToken: true });

/** The source's record and data. */
function sourceAnswers(data = DATA): void {
  cloud.on('GET', `/v2/images/${SOURCE}`, 200, SOURCE_IMAGE).on('GET', `/v2/images/${SOURCE}/file`, 200, data, { 'content-length': String(data.length) });
}

function copied(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return image({ id: COPY, name: 'cirros', size: DATA.length, checksum: MD5, os_hash_algo: 'sha512', os_hash_value: SHA512, os_distro: 'cirros', hw_disk_bus: 'scsi', ...fields });
}

/** The destination's Keystone and Glance take the copy: create, upload, read back, protect. */
function destinationAccepts(): void {
  cloud
    .keystoneIssuesToken()
    .on('POST', THERE, 201, copied({ status: 'queued', size: null, checksum: null, os_hash_value: null }))
    .on('PUT', `${THERE}/${COPY}/file`, 204)
    .on('GET', `${THERE}/${COPY}`, 200, copied())
    .on('PATCH', `${THERE}/${COPY}`, 200, copied({ protected: true }));
}

describe('image-copy --to-region', () => {
  it('streams the data into a new image there with the record carried over, checks its hash, then protects it', async () => {
    sourceAnswers();
    destinationAccepts();
    const run = await runCli(['image-copy', SOURCE, '--to-region', 'RegionTwo', '-f', 'json'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(cloud.log()).toEqual([
      'POST /v3/auth/tokens',
      `GET /v2/images/${SOURCE}`,
      'POST /v3/auth/tokens',
      `GET /v2/images/${SOURCE}/file`,
      `POST ${THERE}`,
      `PUT ${THERE}/${COPY}/file`,
      `GET ${THERE}/${COPY}`,
      `PATCH ${THERE}/${COPY}`,
    ]);
    // No visibility (the destination's default), nothing Glance sets itself, nothing in os_glance_*; protected comes last.
    expect(JSON.parse(cloud.requests[4]!.text)).toEqual({
      name: 'cirros',
      disk_format: 'qcow2',
      container_format: 'bare',
      min_disk: 1,
      min_ram: 64,
      tags: ['golden'],
      os_distro: 'cirros',
      hw_disk_bus: 'scsi',
    });
    const put = cloud.requests[5]!;
    expect([put.body.equals(DATA), put.headers['content-length']]).toEqual([true, String(DATA.length)]);
    expect(JSON.parse(cloud.requests[7]!.text)).toEqual([{ op: 'replace', path: '/protected', value: true }]);
    expect(JSON.parse(run.stdout)).toMatchObject({ id: COPY, protected: true, os_hash_value: SHA512 });
  });

  it('a source cut half-way resumes where it stopped, and the copy is whole', async () => {
    cloud
      .on('GET', `/v2/images/${SOURCE}`, 200, SOURCE_IMAGE)
      .route('GET', `/v2/images/${SOURCE}/file`, (_request, response) => {
        response.writeHead(200, { 'content-length': String(DATA.length) });
        response.write(DATA.subarray(0, 1000));
        setTimeout(() => response.destroy(), 50);
      })
      .route('GET', `/v2/images/${SOURCE}/file`, (request, response) => {
        expect(request.headers.range).toBe('bytes=1000-');
        response.writeHead(206, { 'content-length': String(DATA.length - 1000), 'content-range': `bytes 1000-${DATA.length - 1}/${DATA.length}` });
        response.end(DATA.subarray(1000));
      });
    destinationAccepts();
    const run = await runCli(['image-copy', SOURCE, '--to-region', 'RegionTwo', '-f', 'value', '-c', 'id'], { env: cloud.env });
    expect([run.exitCode, run.stdout]).toEqual([0, `${COPY}\n`]);
    expect(run.stderr).toMatch(/^Retrying GET .* from byte 1000 after the connection was lost/);
    expect(cloud.requests.find((request) => request.method === 'PUT')!.body.equals(DATA)).toBe(true);
  });

  it('--name, --visibility and --no-properties', async () => {
    sourceAnswers();
    destinationAccepts();
    const run = await runCli(['image-copy', SOURCE, '--to-region', 'RegionTwo', '--name', 'copy', '--visibility', 'private', '--no-properties'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(cloud.requests.find((request) => request.method === 'POST' && request.path === THERE)!.text)).toEqual({
      name: 'copy',
      disk_format: 'qcow2',
      container_format: 'bare',
      min_disk: 1,
      min_ram: 64,
      tags: ['golden'],
      visibility: 'private',
    });
  });

  it('--progress draws a bar on a terminal, cleared at the end', async () => {
    sourceAnswers();
    destinationAccepts();
    const run = await runCli(['image-copy', SOURCE, '--to-region', 'RegionTwo', '--progress'], { env: cloud.env, stderrIsTTY: true });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain('Copying');
    expect(run.stderr).toContain('100%');
  });

  it('--dry-run prints what would be created and creates nothing', async () => {
    cloud.on('GET', `/v2/images/${SOURCE}`, 200, SOURCE_IMAGE).keystoneIssuesToken();
    const run = await runCli(['image-copy', SOURCE, '--to-region', 'RegionTwo', '--dry-run', '-f', 'json'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe(`Dry run: nothing was created; this is the image image-copy would create at ${cloud.url}/region-two.\n`);
    expect(JSON.parse(run.stdout)).toEqual({
      name: 'cirros',
      disk_format: 'qcow2',
      container_format: 'bare',
      min_disk: 1,
      min_ram: 64,
      tags: ['golden'],
      os_distro: 'cirros',
      hw_disk_bus: 'scsi',
      protected: true,
      size: DATA.length,
      os_hash_algo: 'sha512',
      os_hash_value: SHA512,
    });
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET /v2/images/${SOURCE}`, 'POST /v3/auth/tokens']);
  });

  it("refuses the source's own endpoint", async () => {
    cloud.on('GET', `/v2/images/${SOURCE}`, 200, SOURCE_IMAGE).keystoneIssuesToken();
    const run = await runCli(['image-copy', SOURCE, '--to-region', 'RegionOne'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `--to-region RegionOne: the image endpoint there is the source's own (${cloud.url})\n`]);
  });
});

describe('image-copy --to-cloud', () => {
  it('logs in to the destination as its clouds.yaml entry says, whatever the OS_* variables of the source', async () => {
    const clouds = join(dir, 'clouds.yaml');
    writeFileSync(
      clouds,
      `clouds:\n  backup:\n    auth:\n      auth_url: ${cloud.url}/v3\n      username: backup-user\n      password: backup-secret\n      project_name: backup\n      user_domain_name: Default\n      project_domain_name: Default\n    region_name: RegionTwo\n`,
    );
    sourceAnswers();
    destinationAccepts();
    const run = await runCli(['image-copy', SOURCE, '--to-cloud', 'backup'], { env: { ...cloud.env, OS_CLIENT_CONFIG_FILE: clouds } });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    const logins = cloud.requests.filter((request) => request.path === '/v3/auth/tokens').map((request) => JSON.parse(request.text).auth);
    expect(logins.map((auth) => [auth.identity.password.user.name, auth.scope.project.name])).toEqual([
      ['admin', 'admin'],
      ['backup-user', 'backup'],
    ]);
    expect(cloud.requests.find((request) => request.method === 'PUT')!.headers['x-auth-token']).toBe(TOKEN);
  });

  it('needs a destination: a usage error', async () => {
    const run = await runCli(['image-copy', SOURCE], { env: cloud.env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('glance image-copy: error: one of the arguments --to-cloud --to-region is required');
    expect(cloud.log()).toEqual([]);
  });
});

describe('image-copy failures leave nothing on the destination', () => {
  it('an image that is not active is not copied, and the destination is not contacted', async () => {
    cloud.on('GET', `/v2/images/${SOURCE}`, 200, { ...SOURCE_IMAGE, status: 'queued' });
    const run = await runCli(['image-copy', SOURCE, '--to-region', 'RegionTwo'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `Image ${SOURCE} is queued: only an active image has data to copy\n`]);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET /v2/images/${SOURCE}`]);
  });

  it('the source cut half-way, with no retries left: the new image is deleted', async () => {
    cloud
      .on('GET', `/v2/images/${SOURCE}`, 200, SOURCE_IMAGE)
      .route('GET', `/v2/images/${SOURCE}/file`, (_request, response) => {
        response.writeHead(200, { 'content-length': String(DATA.length) });
        response.write(DATA.subarray(0, 1000));
        setTimeout(() => response.destroy(), 50);
      })
      .keystoneIssuesToken()
      .on('POST', THERE, 201, copied({ status: 'queued' }))
      .on('DELETE', `${THERE}/${COPY}`, 204);
    const run = await runCli(['--retries', '0', 'image-copy', SOURCE, '--to-region', 'RegionTwo'], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^Deleted image ${COPY}: the copy did not complete\\.\\nDownload of image '${SOURCE}' failed.+\\n$`));
    expect(cloud.requests.filter((request) => request.method === 'PUT' && !request.aborted)).toEqual([]);
  });

  it('data that does not match the source record never completes the upload: the last chunk waits for the check', async () => {
    const corrupt = Buffer.from(DATA);
    corrupt[0] = corrupt[0]! ^ 0xff;
    sourceAnswers(corrupt);
    cloud.keystoneIssuesToken().on('POST', THERE, 201, copied({ status: 'queued' })).on('DELETE', `${THERE}/${COPY}`, 204);
    const run = await runCli(['image-copy', SOURCE, '--to-region', 'RegionTwo'], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^Deleted image ${COPY}: the copy did not complete\\.\\nCorrupt image download\\. Hash was [0-9a-f]{128} expected ${SHA512}\\n$`));
    expect(cloud.requests.filter((request) => request.method === 'PUT' && !request.aborted)).toEqual([]);
  });

  it('the destination refuses the data', async () => {
    sourceAnswers();
    cloud
      .keystoneIssuesToken()
      .on('POST', THERE, 201, copied({ status: 'queued' }))
      .on('PUT', `${THERE}/${COPY}/file`, 413, { message: 'Image exceeds the storage quota', code: 413, title: 'Request Entity Too Large' })
      .on('DELETE', `${THERE}/${COPY}`, 204);
    const run = await runCli(['image-copy', SOURCE, '--to-region', 'RegionTwo'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `Deleted image ${COPY}: the copy did not complete.\nHTTP Image exceeds the storage quota\n`]);
  });

  it("the destination's hash differs from the source's", async () => {
    sourceAnswers();
    cloud
      .keystoneIssuesToken()
      .on('POST', THERE, 201, copied({ status: 'queued' }))
      .on('PUT', `${THERE}/${COPY}/file`, 204)
      .on('GET', `${THERE}/${COPY}`, 200, copied({ os_hash_value: '0'.repeat(128) }))
      .on('DELETE', `${THERE}/${COPY}`, 204);
    const run = await runCli(['image-copy', SOURCE, '--to-region', 'RegionTwo'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([
      1,
      `Deleted image ${COPY}: the copy did not complete.\nUpload verification failed for image ${COPY}: os_hash_value is ${'0'.repeat(128)} but the data sent has sha512 ${SHA512}\n`,
    ]);
    expect(cloud.log()).not.toContain(`PATCH ${THERE}/${COPY}`);
  });
});
