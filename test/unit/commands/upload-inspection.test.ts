/**
 * The inspection before upload (image-create, image-create-via-import, image-upload,
 * image-stage) against the loopback fake: what is refused never reaches Glance whole, and an
 * image made for refused data is deleted.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { qcow2Bytes } from '../../helpers/disk-images.js';
import { fakeCloudPerTest, image, type RecordedRequest } from '../../helpers/fake-openstack.js';

const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
const CREATE = ['image-create', '--name', 'cirros', '--container-format', 'bare'];
/** A qcow2 of 3 MiB: the inspection decides from its first cluster (64 KiB). */
const QCOW2 = qcow2Bytes(randomBytes(3 * 1024 * 1024));
const RAW = randomBytes(2 * 1024 * 1024);
/** Raw data ending in a fixed VHD's footer: raw while it streams, vhd once its end has passed. */
const FIXED_VHD = Buffer.concat([RAW, vhdFooter(RAW.length)]);

const dir = mkdtempSync(join(tmpdir(), 'glance-upload-inspection-'));
const file = (name: string, data: Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, data);
  return path;
};
const QCOW2_FILE = file('disk.qcow2', QCOW2);
const RAW_FILE = file('disk.raw', RAW);
const BACKED_FILE = file('backed.qcow2', qcow2Bytes(Buffer.alloc(0), { backingFile: '/etc/shadow' }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function vhdFooter(size: number): Buffer {
  const footer = Buffer.alloc(512);
  footer.write('conectix', 0, 'latin1');
  footer.write('qem2', 28, 'latin1');
  footer.writeBigUInt64BE(BigInt(size), 48);
  footer.writeUInt32BE(2, 60); // fixed
  return footer;
}

const cloud = fakeCloudPerTest();

/** The request the client cut short; the fake records it once its server has seen the connection go. */
async function cutRequest(method: string): Promise<RecordedRequest> {
  for (let waited = 0; waited < 2000; waited += 20) {
    const found = cloud.requests.find((request) => request.method === method);
    if (found) {
      expect(found.aborted).toBe(true);
      return found;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no ${method} request arrived`);
}

function uploaded(data: Buffer, fields: Record<string, unknown> = {}): Record<string, unknown> {
  return image({ size: data.length, checksum: null, os_hash_value: null, ...fields });
}

describe('image-create --file', () => {
  it('refuses a file of another format before any request: one line naming what it is', async () => {
    const run = await runCli([...CREATE, '--disk-format', 'raw', '--file', QCOW2_FILE], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', `${QCOW2_FILE} is qcow2, not raw; pass --disk-format qcow2\n`]);
    expect(cloud.log()).toEqual([]);
  });

  it('refuses an unsafe image before any request, whatever its disk format', async () => {
    const run = await runCli([...CREATE, '--disk-format', 'qcow2', '--file', BACKED_FILE], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `${BACKED_FILE} is a qcow2 image that is not safe to upload: backing file "/etc/shadow"\n`]);
    expect(cloud.log()).toEqual([]);
  });

  it('--disk-format auto creates the image with the format found', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('GET', `/v2/images/${ID}`, 200, uploaded(QCOW2));
    const run = await runCli([...CREATE, '--disk-format', 'auto', '--file', QCOW2_FILE], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual({ name: 'cirros', disk_format: 'qcow2', container_format: 'bare' });
    expect(cloud.requests[2]!.body.equals(QCOW2)).toBe(true);
  });

  it('--no-inspect uploads what it is given', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued', disk_format: 'raw' }))
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('GET', `/v2/images/${ID}`, 200, uploaded(QCOW2, { disk_format: 'raw' }));
    const run = await runCli([...CREATE, '--disk-format', 'raw', '--file', QCOW2_FILE, '--no-inspect'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(cloud.requests[2]!.body.equals(QCOW2)).toBe(true);
  });

  it('takes raw data for the disk formats the inspector has no reader for (ami, aki, ari)', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued', disk_format: 'ami' }))
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('GET', `/v2/images/${ID}`, 200, uploaded(RAW, { disk_format: 'ami' }));
    const run = await runCli(['image-create', '--name', 'm', '--container-format', 'ami', '--disk-format', 'ami', '--file', RAW_FILE], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
  });

  it.each([
    ['without data', ['--disk-format', 'auto'], '--disk-format auto needs image data to inspect: --file, or a file or a pipe on stdin'],
    ['with --no-inspect', ['--disk-format', 'auto', '--file', QCOW2_FILE, '--no-inspect'], '--disk-format auto needs the inspection: it cannot be used with --no-inspect'],
    [
      'with --copy-from',
      ['--disk-format', 'auto', '--copy-from', 'http://127.0.0.1:1/x.img'],
      '--disk-format auto inspects the data this client uploads: use it with --file or stdin, not --copy-from',
    ],
  ])('--disk-format auto %s is an error before any request', async (_label, args, message) => {
    const run = await runCli([...CREATE, ...args], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `${message}\n`]);
    expect(cloud.log()).toEqual([]);
  });
});

describe('image-create from stdin', () => {
  it('refuses a stream of another format from its first bytes: the upload is cut and the image deleted', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued', disk_format: 'raw' }))
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli([...CREATE, '--disk-format', 'raw'], { env: cloud.env, stdinKind: 'pipe', stdinData: QCOW2, stdinChunkSize: 64 * 1024 });
    expect([run.exitCode, run.stdout]).toEqual([1, '']);
    expect(run.stderr).toBe(`Deleted image ${ID}: the inspection refused its data.\nstdin is qcow2, not raw; pass --disk-format qcow2\n`);
    expect(cloud.log().filter((line) => !line.startsWith('PUT'))).toEqual(['POST /v3/auth/tokens', 'POST /v2/images', `DELETE /v2/images/${ID}`]);
    // Refused with the first chunk, which is held back: not a byte went out (the request may not have either).
    await new Promise((resolve) => setTimeout(resolve, 100));
    const puts = cloud.requests.filter((request) => request.method === 'PUT');
    expect(puts.filter((put) => !put.aborted || put.body.length > 0)).toEqual([]);
  });

  it('holds the last chunk back until the end is inspected: Glance never gets all of refused data, even with its size announced', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued', disk_format: 'raw' }))
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli([...CREATE, '--disk-format', 'raw'], { env: cloud.env, stdinKind: 'file', stdinData: FIXED_VHD, stdinChunkSize: 64 * 1024 });
    expect([run.exitCode, run.stderr]).toEqual([1, `Deleted image ${ID}: the inspection refused its data.\nstdin is vhd, not raw; pass --disk-format vhd\n`]);
    const put = await cutRequest('PUT');
    expect(put.headers['content-length']).toBe(String(FIXED_VHD.length));
    expect(put.body.length).toBeGreaterThan(0);
    expect(put.body.length).toBeLessThan(FIXED_VHD.length);
    expect(cloud.log()).toContain(`DELETE /v2/images/${ID}`);
  });

  it('--disk-format auto reads the first bytes ahead, creates the image with their format, then uploads all of it', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('GET', `/v2/images/${ID}`, 200, uploaded(QCOW2));
    const run = await runCli([...CREATE, '--disk-format', 'auto'], { env: cloud.env, stdinKind: 'pipe', stdinData: QCOW2, stdinChunkSize: 64 * 1024 });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(cloud.requests[1]!.text)).toMatchObject({ disk_format: 'qcow2' });
    expect(cloud.requests[2]!.body.equals(QCOW2)).toBe(true);
  });

  it('--disk-format auto refuses an unsafe stream before the image is created', async () => {
    const backed = qcow2Bytes(randomBytes(200 * 1024), { backingFile: 'base.img' });
    const run = await runCli([...CREATE, '--disk-format', 'auto'], { env: cloud.env, stdinKind: 'pipe', stdinData: backed, stdinChunkSize: 64 * 1024 });
    expect([run.exitCode, run.stderr]).toEqual([1, 'stdin is a qcow2 image that is not safe to upload: backing file "base.img"\n']);
    expect(cloud.log()).toEqual([]);
  });
});

describe('image-create --copy-from through the client', () => {
  it('inspects the URL as it streams and deletes the image it refuses', async () => {
    cloud
      .keystoneIssuesToken()
      .on('POST', '/v2/images', 201, image({ status: 'queued', disk_format: 'raw' }))
      .on('GET', '/files/disk.img', 200, QCOW2, { 'content-length': String(QCOW2.length) })
      .on('DELETE', `/v2/images/${ID}`, 204);
    const url = `${cloud.url}/files/disk.img`;
    const run = await runCli([...CREATE, '--disk-format', 'raw', '--copy-from', url, '--copy-from-mode', 'client'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `Deleted image ${ID}: the inspection refused its data.\n${url} is qcow2, not raw; pass --disk-format qcow2\n`]);
    expect(cloud.requests.filter((request) => request.method === 'PUT' && !request.aborted)).toEqual([]);
  });
});

describe('image-create-via-import', () => {
  it('refuses a file before the first request', async () => {
    const run = await runCli(['image-create-via-import', '--name', 'x', '--disk-format', 'raw', '--container-format', 'bare', '--file', QCOW2_FILE], {
      env: cloud.env,
    });
    expect([run.exitCode, run.stderr]).toEqual([1, `${QCOW2_FILE} is qcow2, not raw; pass --disk-format qcow2\n`]);
    expect(cloud.log()).toEqual([]);
  });

  it('stages data on stdin through the inspection, deleting the image it refuses', async () => {
    cloud
      .keystoneIssuesToken()
      .on('GET', '/v2/info/import', 200, { 'import-methods': { value: ['glance-direct'] } })
      .on('POST', '/v2/images', 201, image({ status: 'queued', disk_format: 'raw' }))
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli(['image-create-via-import', '--name', 'x', '--disk-format', 'raw', '--container-format', 'bare'], {
      env: cloud.env,
      stdinKind: 'pipe',
      stdinData: QCOW2,
      stdinChunkSize: 64 * 1024,
    });
    expect([run.exitCode, run.stderr]).toEqual([1, `Deleted image ${ID}: the inspection refused its data.\nstdin is qcow2, not raw; pass --disk-format qcow2\n`]);
    expect(cloud.requests.filter((request) => request.path.endsWith('/stage') && !request.aborted)).toEqual([]);
  });
});

describe('image-upload and image-stage: the image exists, its disk_format is the one to match', () => {
  it('image-upload refuses an unsafe file before any request', async () => {
    const run = await runCli(['image-upload', ID, '--file', BACKED_FILE], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(cloud.log()).toEqual([]);
  });

  it('image-upload compares the file with the image record and sends nothing when they differ', async () => {
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, image({ status: 'queued', disk_format: 'raw' }));
    const run = await runCli(['image-upload', ID, '--file', QCOW2_FILE], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `${QCOW2_FILE} is qcow2, not raw; pass --disk-format qcow2\n`]);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET /v2/images/${ID}`]);
  });

  it('image-upload uploads a file of the record format, and --no-inspect skips the GET', async () => {
    cloud
      .keystoneIssuesToken()
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'queued', disk_format: 'qcow2' }))
      .on('PUT', `/v2/images/${ID}/file`, 204)
      .on('GET', `/v2/images/${ID}`, 200, uploaded(QCOW2));
    const run = await runCli(['image-upload', ID, '--file', QCOW2_FILE], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET /v2/images/${ID}`, `PUT /v2/images/${ID}/file`, `GET /v2/images/${ID}`]);

    cloud.requests.length = 0;
    cloud.keystoneIssuesToken().on('PUT', `/v2/images/${ID}/file`, 204).on('GET', `/v2/images/${ID}`, 200, uploaded(QCOW2, { disk_format: 'raw' }));
    const unchecked = await runCli(['image-upload', ID, '--file', QCOW2_FILE, '--no-inspect'], { env: cloud.env });
    expect([unchecked.exitCode, unchecked.stderr]).toEqual([0, '']);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `PUT /v2/images/${ID}/file`, `GET /v2/images/${ID}`]);
  });

  it('image-stage cuts a refused stream and leaves the image, which the user made, in place', async () => {
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, image({ status: 'queued', disk_format: 'raw' }));
    const run = await runCli(['image-stage', ID], { env: cloud.env, stdinKind: 'pipe', stdinData: QCOW2, stdinChunkSize: 64 * 1024 });
    expect([run.exitCode, run.stderr]).toEqual([1, 'stdin is qcow2, not raw; pass --disk-format qcow2\n']);
    expect(cloud.log().filter((line) => !line.startsWith('PUT'))).toEqual(['POST /v3/auth/tokens', `GET /v2/images/${ID}`]);
    expect(cloud.requests.filter((request) => request.method === 'PUT' && !request.aborted)).toEqual([]);
  });
});

describe('help', () => {
  it('documents --no-inspect and --disk-format auto', async () => {
    for (const command of ['image-create', 'image-create-via-import']) {
      const help = (await runCli(['help', command])).stdout.replace(/\s+/g, ' ');
      expect(help).toContain('or auto: the format the inspection finds in the data (--file or stdin).');
      expect(help).toContain('--no-inspect Upload the data without inspecting it first.');
    }
    for (const command of ['image-upload', 'image-stage']) {
      expect((await runCli(['help', command])).stdout).toContain('--no-inspect');
    }
  });
});
