/** image-stage and image-import against the loopback fake cloud. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest, image } from '../../helpers/fake-openstack.js';
import { qcow2Bytes } from '../../helpers/disk-images.js';

const ID = '75749029-c994-4b1e-aa5a-70bdec91e7ec';
const TASK = 'e85cf18f-e4c9-4d81-9da7-ab4fcc113d12';
/** A qcow2, as the image record's disk_format says: the inspection refuses data of another format. */
const DATA = qcow2Bytes(Buffer.from('bytes to stage '.repeat(500)));
const METHODS = { 'import-methods': { description: 'Import methods available.', type: 'array', value: ['glance-direct', 'web-download', 'copy-image'] } };
const STORES = { stores: [{ id: 'fast', description: 'Fast file store', default: 'true' }, { id: 'cheap', description: 'Cheap file store' }] };
const URI = 'http://127.0.0.1:8000/cirros.qcow2';

const dir = mkdtempSync(join(tmpdir(), 'glance-import-image-'));
const FILE = join(dir, 'cirros.img');
writeFileSync(FILE, DATA);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function task(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return { id: TASK, type: 'api_image_import', status: 'processing', message: '', image_id: ID, created_at: '2026-11-25T11:07:29.000000', ...fields };
}

const cloud = fakeCloudPerTest({ issuesToken: true });
/** The image as image-create left it: the inspection reads its disk_format before staging. */
const QUEUED = image({ id: ID, status: 'queued', disk_format: 'qcow2' });

describe('image-stage', () => {
  it('reads the disk format, streams the file to the staging area with its size, checks the staged size, prints nothing', async () => {
    cloud
      .on('GET', `/v2/images/${ID}`, 200, QUEUED)
      .on('PUT', `/v2/images/${ID}/stage`, 204)
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'uploading', size: DATA.length }));
    const run = await runCli(['image-stage', '--file', FILE, ID], { env: cloud.env });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('');
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET /v2/images/${ID}`, `PUT /v2/images/${ID}/stage`, `GET /v2/images/${ID}`]);
    const put = cloud.requests[2]!;
    expect(put.body.equals(DATA)).toBe(true);
    expect(put.headers['x-openstack-image-size']).toBe(String(DATA.length));
    expect(put.headers['content-type']).toBe('application/octet-stream');
  });

  it('stages piped stdin, with --size when given', async () => {
    cloud
      .on('GET', `/v2/images/${ID}`, 200, QUEUED)
      .on('PUT', `/v2/images/${ID}/stage`, 204)
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'uploading', size: DATA.length }));
    const run = await runCli(['image-stage', ID, '--size', String(DATA.length)], { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
    expect(run.exitCode).toBe(0);
    expect(cloud.requests[2]!.body.equals(DATA)).toBe(true);
    expect(cloud.requests[2]!.headers['x-openstack-image-size']).toBe(String(DATA.length));
  });

  it('refuses to stage nothing (the reference stages an empty body)', async () => {
    const run = await runCli(['image-stage', ID], { env: cloud.env, stdinKind: 'null-device' });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('No image data to stage: use --file <FILE>, or redirect a file or a pipe into stdin\n');
    expect(cloud.log()).toEqual([]);
  });

  it('fails when Glance staged another size', async () => {
    cloud.on('GET', `/v2/images/${ID}`, 200, QUEUED).on('PUT', `/v2/images/${ID}/stage`, 204).on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'uploading', size: 3 }));
    const run = await runCli(['image-stage', '--file', FILE, ID], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`Staging verification failed for image ${ID}: Glance staged 3 bytes but ${DATA.length} were sent\n`);
  });

  it("prints Glance's refusal", async () => {
    cloud.on('GET', `/v2/images/${ID}`, 200, QUEUED).on('PUT', `/v2/images/${ID}/stage`, 409, { message: 'Image status transition from uploading to uploading is not allowed', code: 409, title: 'Conflict' });
    const run = await runCli(['image-stage', '--file', FILE, ID], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('HTTP Image status transition from uploading to uploading is not allowed\n');
  });
});

describe('image-import', () => {
  it('glance-direct by default: checks the method and the image, imports, prints the image read back', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'uploading', size: DATA.length }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'uploading', size: DATA.length, os_glance_import_task: TASK }));
    const run = await runCli(['image-import', ID], { env: cloud.env });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(cloud.log()).toEqual([
      'POST /v3/auth/tokens',
      'GET /v2/info/import',
      `GET /v2/images/${ID}`,
      `POST /v2/images/${ID}/import`,
      `GET /v2/images/${ID}`,
    ]);
    expect(cloud.requests[3]!.text).toBe('{"method":{"name":"glance-direct"}}');
    expect(cloud.requests[3]!.headers['content-type']).toBe('application/json');
    expect(run.stdout).toContain(`| os_glance_import_task | ${TASK} |`);
  });

  it('copy-image --stores: one store check, stores in the body with all_stores_must_succeed false', async () => {
    cloud
      .on('GET', '/v2/info/stores', 200, STORES)
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'active' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'active' }));
    const run = await runCli(['image-import', '--import-method', 'copy-image', '--stores', 'cheap', ID], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(cloud.log().slice(1, 3)).toEqual(['GET /v2/info/stores', 'GET /v2/info/import']);
    expect(cloud.requests[4]!.text).toBe('{"method":{"name":"copy-image"},"stores":["cheap"],"all_stores_must_succeed":false}');
  });

  it('copy-image --all-stores True --allow-failure False: all_stores only', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'active' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'active' }));
    const run = await runCli(['image-import', '--import-method', 'copy-image', '--all-stores', 'True', '--allow-failure', 'False', ID], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(cloud.requests[3]!.text).toBe('{"method":{"name":"copy-image"},"all_stores":true}');
  });

  it('web-download --uri with --store as x-image-meta-store', async () => {
    cloud
      .on('GET', '/v2/info/stores', 200, STORES)
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'queued' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'queued' }));
    const run = await runCli(['image-import', '--import-method', 'web-download', '--uri', URI, '--store', 'cheap', ID], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(cloud.requests[4]!.text).toBe(`{"method":{"name":"web-download","uri":"${URI}"}}`);
    expect(cloud.requests[4]!.headers['x-image-meta-store']).toBe('cheap');
  });

  it('glance-download passes the remote region, image and interface', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, { 'import-methods': { value: ['glance-download'] } })
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'queued' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'queued' }));
    const run = await runCli(
      ['image-import', '--import-method', 'glance-download', '--remote-region', 'RegionTwo', '--remote-image-id', 'r1', '--remote-service-interface', 'internal', ID],
      { env: cloud.env },
    );
    expect(run.exitCode).toBe(0);
    expect(cloud.requests[3]!.text).toBe(
      '{"method":{"name":"glance-download","glance_service_interface":"internal","glance_region":"RegionTwo","glance_image_id":"r1"}}',
    );
  });

  const cases: [string, string[], { requests: string[]; image?: Record<string, unknown>; stores?: boolean; methods?: unknown; methodsStatus?: number }, string][] = [
    ['--store with --stores', ['--store', 'fast', '--stores', 'cheap'], { requests: [] }, 'Only one of --store, --stores and --all-stores can be provided'],
    ['an unknown store', ['--stores', 'cheap,slow'], { requests: ['GET /v2/info/stores'], stores: true }, "Store 'slow' is not valid for this cloud. Valid values can be retrieved with stores-info command."],
    ['a cloud without image import', [], { requests: ['GET /v2/info/import'], methodsStatus: 404 }, 'Target Glance does not support Image Import workflow'],
    ['a method the cloud lacks', ['--import-method', 'glance-download'], { requests: ['GET /v2/info/import'] }, "Import method 'glance-download' is not valid for this cloud. Valid values can be retrieved with import-info command."],
    ['web-download without --uri', ['--import-method', 'web-download'], { requests: ['GET /v2/info/import'] }, 'Provide URI for web-download import method.'],
    ['--uri with another method', ['--import-method', 'copy-image', '--uri', URI], { requests: ['GET /v2/info/import'] }, "Import method should be 'web-download' if URI is provided."],
    [
      'glance-download without the remote image',
      ['--import-method', 'glance-download', '--remote-region', 'RegionTwo'],
      { requests: ['GET /v2/info/import'], methods: { 'import-methods': { value: ['glance-download'] } } },
      "Provide REMOTE_IMAGE_ID and remote-region for 'glance-download' import method.",
    ],
    ['--remote-region with another method', ['--remote-region', 'RegionTwo'], { requests: ['GET /v2/info/import'] }, "Import method should be 'glance-download' if REMOTE REGION is provided."],
    ['--remote-image-id with another method', ['--remote-image-id', 'r1'], { requests: ['GET /v2/info/import'] }, "Import method should be 'glance-download' if REMOTE IMAGE ID is provided."],
    ['copy-image without stores', ['--import-method', 'copy-image'], { requests: ['GET /v2/info/import'] }, "Provide either --stores or --all-stores for 'copy-image' import method."],
    [
      'an image without formats',
      [],
      { requests: ['GET /v2/info/import', `GET /v2/images/${ID}`], image: image({ id: ID, status: 'uploading', disk_format: null }) },
      "The 'container_format' and 'disk_format' properties must be set on an image before it can be imported.",
    ],
    [
      'glance-direct on a queued image',
      [],
      { requests: ['GET /v2/info/import', `GET /v2/images/${ID}`], image: image({ id: ID, status: 'queued' }) },
      "The 'glance-direct' import method can only be applied to an image in status 'uploading'",
    ],
    [
      'web-download on an active image',
      ['--import-method', 'web-download', '--uri', URI],
      { requests: ['GET /v2/info/import', `GET /v2/images/${ID}`], image: image({ id: ID, status: 'active' }) },
      "The 'web-download' import method can only be applied to an image in status 'queued'",
    ],
    [
      'copy-image on a queued image',
      ['--import-method', 'copy-image', '--all-stores', 'true'],
      { requests: ['GET /v2/info/import', `GET /v2/images/${ID}`], image: image({ id: ID, status: 'queued' }) },
      "The 'copy-image' import method can only be used on an image with status 'active'.",
    ],
  ];

  for (const [title, args, { requests, image: shown, stores, methods, methodsStatus }, message] of cases) {
    it(`refuses ${title}, in the reference words`, async () => {
      if (stores) {
        cloud.on('GET', '/v2/info/stores', 200, STORES);
      }
      if (requests.includes('GET /v2/info/import')) {
        cloud.on('GET', '/v2/info/import', methodsStatus ?? 200, methodsStatus ? '' : (methods ?? METHODS));
      }
      if (shown) {
        cloud.on('GET', `/v2/images/${ID}`, 200, shown);
      }
      const run = await runCli(['image-import', ...args, ID], { env: cloud.env });
      expect(run.stderr).toBe(`${message}\n`);
      expect(run.exitCode).toBe(1);
      expect(cloud.log()).toEqual(requests.length > 0 ? ['POST /v3/auth/tokens', ...requests] : []);
    });
  }

  it('--wait follows the copy until no store is left to import to, then prints the image', async () => {
    cloud
      .on('GET', '/v2/info/stores', 200, STORES)
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'active', stores: 'fast' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'active', stores: 'fast', os_glance_import_task: TASK, os_glance_importing_to_stores: 'cheap' }))
      .on('GET', `/v2/images/${ID}/tasks`, 200, { tasks: [task()] })
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'active', stores: 'fast,cheap', os_glance_importing_to_stores: '', os_glance_failed_import: '' }))
      .on('GET', `/v2/images/${ID}/tasks`, 200, { tasks: [task({ status: 'success', message: 'Copied 0 MiB' })] });
    const run = await runCli(['image-import', '--import-method', 'copy-image', '--stores', 'cheap', '--wait', ID], { env: cloud.env });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('| stores                        | fast,cheap ');
  });

  it('--wait exits 1 with the task message when the copy fails, and leaves the image alone', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'active', stores: 'fast' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'active', stores: 'fast', os_glance_importing_to_stores: '', os_glance_failed_import: 'cheap' }))
      .on('GET', `/v2/images/${ID}/tasks`, 200, { tasks: [task({ status: 'failure', message: 'Store cheap is full' })] });
    const run = await runCli(['image-import', '--import-method', 'copy-image', '--all-stores', 'True', '--wait', ID], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(`Import of image ${ID} failed: Store cheap is full (failed stores: cheap)\n`);
  });

  it('--wait reports stores that failed while others succeeded (--allow-failure)', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'active', stores: 'fast' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'active', stores: 'fast', os_glance_importing_to_stores: '', os_glance_failed_import: 'cheap' }))
      .on('GET', `/v2/images/${ID}/tasks`, 200, { tasks: [task({ status: 'success', message: 'Copied 0 MiB' })] });
    const run = await runCli(['image-import', '--import-method', 'copy-image', '--all-stores', 'True', '--wait', ID], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`Image ${ID} was imported into fast but not into cheap: Copied 0 MiB (failed stores: cheap)\n`);
  });

  it('--wait follows the image alone on a cloud without the image tasks API', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'uploading' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'importing', os_glance_import_task: TASK }))
      .on('GET', `/v2/images/${ID}/tasks`, 404, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'active' }));
    const run = await runCli(['image-import', '--wait', ID], { env: cloud.env });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(cloud.log().filter((line) => line.endsWith('/tasks'))).toHaveLength(1);
  });

  it('--wait stops at Ctrl-C and says the import may still be running', async () => {
    const controller = new AbortController();
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('GET', `/v2/images/${ID}`, 200, image({ id: ID, status: 'uploading' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .route('GET', `/v2/images/${ID}`, (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(image({ id: ID, status: 'importing', os_glance_import_task: TASK })));
      })
      .route('GET', `/v2/images/${ID}/tasks`, (_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ tasks: [task()] }));
        setTimeout(() => controller.abort(), 10);
      });
    const run = await runCli(['image-import', '--wait', ID], { env: cloud.env, signal: controller.signal });
    expect(run.exitCode).not.toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`Stopped waiting: image ${ID} may still be importing; see glance image-show ${ID}\n`);
  });
});
