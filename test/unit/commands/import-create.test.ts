/** image-create-via-import against the loopback fake cloud: request sequences, bodies, messages, clean-up. */
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest, image } from '../../helpers/fake-openstack.js';
import { qcow2Bytes } from '../../helpers/disk-images.js';

const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
const TASK = '17880872-5120-41b0-9233-34d744ea5d26';
/** A qcow2, as --disk-format says: the inspection refuses data of another format. */
const DATA = qcow2Bytes(Buffer.from('staged image bytes '.repeat(700)));
const MD5 = createHash('md5').update(DATA).digest('hex');
const SHA512 = createHash('sha512').update(DATA).digest('hex');
const FORMATS = ['--disk-format', 'qcow2', '--container-format', 'bare'];
const ARGS = ['image-create-via-import', '--name', 'cirros', ...FORMATS];
const URI = 'http://127.0.0.1:8000/cirros.qcow2';
const METHODS = { 'import-methods': { description: 'Import methods available.', type: 'array', value: ['glance-direct', 'web-download', 'copy-image'] } };
const STORES = { stores: [{ id: 'fast', description: 'Fast file store', default: 'true' }, { id: 'cheap', description: 'Cheap file store' }] };

const dir = mkdtempSync(join(tmpdir(), 'glance-import-create-'));
const FILE = join(dir, 'cirros.img');
writeFileSync(FILE, DATA);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function task(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: TASK,
    type: 'api_image_import',
    status: 'processing',
    owner: '7029d37fa0fd4120bc7490157dfcec9a',
    image_id: ID,
    message: '',
    result: null,
    created_at: '2026-11-25T11:06:54.000000',
    updated_at: '2026-11-25T11:06:54.000000',
    ...fields,
  };
}

const cloud = fakeCloudPerTest({ issuesToken: true });

describe('image-create-via-import, glance-direct', () => {
  it('creates, stages the file, imports, reads the image back and prints it as the reference does', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/stage`, 204)
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'uploading', size: DATA.length, os_glance_import_task: TASK, stores: undefined }));
    const run = await runCli([...ARGS, '--file', FILE], { env: cloud.env });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(cloud.log()).toEqual([
      'POST /v3/auth/tokens',
      'GET /v2/info/import',
      'POST /v2/images',
      `PUT /v2/images/${ID}/stage`,
      `POST /v2/images/${ID}/import`,
      `GET /v2/images/${ID}`,
    ]);
    expect(JSON.parse(cloud.requests[2]!.text)).toEqual({ name: 'cirros', disk_format: 'qcow2', container_format: 'bare' });
    const stage = cloud.requests[3]!;
    expect(stage.body.equals(DATA)).toBe(true);
    expect(stage.headers['content-type']).toBe('application/octet-stream');
    expect(stage.headers['x-openstack-image-size']).toBe(String(DATA.length));
    expect(cloud.requests[4]!.text).toBe('{"method":{"name":"glance-direct"}}');
    expect(cloud.requests[4]!.headers['x-image-meta-store']).toBeUndefined();
    expect(run.stdout).toBe(
      [
        '+-----------------------+--------------------------------------+',
        '| Property              | Value                                |',
        '+-----------------------+--------------------------------------+',
        '| checksum              | None                                 |',
        '| container_format      | bare                                 |',
        '| created_at            | 2026-11-25T11:53:58Z                 |',
        '| disk_format           | qcow2                                |',
        `| id                    | ${ID} |`,
        '| min_disk              | 0                                    |',
        '| min_ram               | 0                                    |',
        '| name                  | cirros                               |',
        `| os_glance_import_task | ${TASK} |`,
        '| os_hash_algo          | None                                 |',
        '| os_hash_value         | None                                 |',
        '| os_hidden             | False                                |',
        '| owner                 | 7029d37fa0fd4120bc7490157dfcec9a     |',
        '| protected             | False                                |',
        `| size                  | ${String(DATA.length).padEnd(36)} |`,
        '| status                | uploading                            |',
        '| tags                  | []                                   |',
        '| updated_at            | 2026-11-25T11:53:58Z                 |',
        '| virtual_size          | Not available                        |',
        '| visibility            | public                               |',
        '+-----------------------+--------------------------------------+',
        '',
      ].join('\n'),
    );
  });

  it('takes piped stdin as glance-direct data without --import-method, and sends no size for a pipe', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/stage`, 204)
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'uploading', size: DATA.length }));
    const run = await runCli(ARGS, { env: cloud.env, stdinKind: 'pipe', stdinData: DATA });
    expect(run.exitCode).toBe(0);
    expect(cloud.requests[3]!.body.equals(DATA)).toBe(true);
    expect(cloud.requests[3]!.headers['x-openstack-image-size']).toBeUndefined();
    expect(JSON.parse(cloud.requests[4]!.text)).toEqual({ method: { name: 'glance-direct' } });
  });

  it('sends --stores with all_stores_must_succeed false, and --store as x-image-meta-store', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('GET', '/v2/info/stores', 200, STORES)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/stage`, 204)
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'uploading', size: DATA.length }));
    const stores = await runCli([...ARGS, '--file', FILE, '--stores', 'fast,cheap'], { env: cloud.env });
    expect(stores.exitCode).toBe(0);
    // One look at the stores for both names; "stores" is not an image field.
    expect(cloud.log().filter((line) => line === 'GET /v2/info/stores')).toHaveLength(1);
    expect(JSON.parse(cloud.requests[3]!.text)).toEqual({ name: 'cirros', disk_format: 'qcow2', container_format: 'bare' });
    expect(cloud.requests[5]!.text).toBe('{"method":{"name":"glance-direct"},"stores":["fast","cheap"],"all_stores_must_succeed":false}');

    cloud.requests.length = 0;
    cloud
      .keystoneIssuesToken()
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('GET', '/v2/info/stores', 200, STORES)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/stage`, 204)
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'uploading', size: DATA.length }));
    const store = await runCli([...ARGS, '--file', FILE], { env: { ...cloud.env, OS_IMAGE_STORE: 'cheap' } });
    expect(store.exitCode).toBe(0);
    expect(cloud.requests[5]!.text).toBe('{"method":{"name":"glance-direct"}}');
    expect(cloud.requests[5]!.headers['x-image-meta-store']).toBe('cheap');
  });

  it('sends all_stores, and leaves all_stores_must_succeed out with --allow-failure False (OS_IMAGE_ALLOW_FAILURE)', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/stage`, 204)
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'uploading', size: DATA.length }));
    const run = await runCli([...ARGS, '--file', FILE, '--all-stores', 'True'], { env: { ...cloud.env, OS_IMAGE_ALLOW_FAILURE: 'False' } });
    expect(run.exitCode).toBe(0);
    expect(cloud.requests[4]!.text).toBe('{"method":{"name":"glance-direct"},"all_stores":true}');
  });

  it('deletes the new image when staging is refused, so nothing is left queued', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/stage`, 413, '<html>\n <body>\n  <h1>413 Request Entity Too Large</h1>\n  Staging area is full<br /><br />\n\n </body>\n</html>', {
        'content-type': 'text/html',
      })
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli([...ARGS, '--file', FILE], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(cloud.log().at(-1)).toBe(`DELETE /v2/images/${ID}`);
    expect(run.stderr).toBe(`Deleted image ${ID}: its data could not be staged.\nHTTP 413 Request Entity Too Large: Staging area is full\n`);
  });

  it('fails when Glance staged another size than was sent, without --wait', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/stage`, 204)
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'uploading', size: 12 }));
    const run = await runCli([...ARGS, '--file', FILE], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`Staging verification failed for image ${ID}: Glance staged 12 bytes but ${DATA.length} were sent\n`);
  });
});

describe('image-create-via-import, web-download', () => {
  it('imports from --uri and prints the queued image', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'queued', os_glance_import_task: TASK }));
    const run = await runCli([...ARGS, '--import-method', 'web-download', '--uri', URI], { env: cloud.env });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', 'GET /v2/info/import', 'POST /v2/images', `POST /v2/images/${ID}/import`, `GET /v2/images/${ID}`]);
    expect(cloud.requests[3]!.text).toBe(`{"method":{"name":"web-download","uri":"${URI}"}}`);
    expect(run.stdout).toContain(`| os_glance_import_task | ${TASK} |`);
  });

  it('takes the method from OS_IMAGE_IMPORT_METHOD', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'queued' }));
    const run = await runCli([...ARGS, '--uri', URI], { env: { ...cloud.env, OS_IMAGE_IMPORT_METHOD: 'web-download' } });
    expect(run.exitCode).toBe(0);
    expect(JSON.parse(cloud.requests[3]!.text)).toEqual({ method: { name: 'web-download', uri: URI } });
  });

  it('deletes the image when Glance refuses the import (the reference leaves it queued)', async () => {
    const uri = 'http://[::1]:8000/cirros-test.qcow2';
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on(
        'POST',
        `/v2/images/${ID}/import`,
        400,
        `<html>\n <head>\n  <title>400 Bad Request</title>\n </head>\n <body>\n  <h1>400 Bad Request</h1>\n  URI for web-download does not pass filtering: ${uri}<br /><br />\n\n\n\n </body>\n</html>`,
        { 'content-type': 'text/html' },
      )
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli([...ARGS, '--import-method', 'web-download', '--uri', uri], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(cloud.log().at(-1)).toBe(`DELETE /v2/images/${ID}`);
    expect(run.stderr).toBe(
      `Deleted image ${ID}: its import could not be started.\nHTTP 400 Bad Request: URI for web-download does not pass filtering: ${uri}\n`,
    );
  });

  it('names the image when the clean-up fails too', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('POST', `/v2/images/${ID}/import`, 500, '')
      // Glance may still be busy with the cut request: three tries before giving up.
      .on('DELETE', `/v2/images/${ID}`, 500, '')
      .on('DELETE', `/v2/images/${ID}`, 409, '')
      .on('DELETE', `/v2/images/${ID}`, 500, '');
    const run = await runCli([...ARGS, '--import-method', 'web-download', '--uri', URI], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `Image ${ID} was created but its import could not be started, and deleting it failed (HTTP HTTPInternalServerError); ` +
        `delete it with: glance image-delete ${ID}\nHTTP HTTPInternalServerError\n`,
    );
  });
});

describe('image-create-via-import, glance-download', () => {
  it('passes the remote region, image and interface on', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, { 'import-methods': { value: ['glance-direct', 'glance-download'] } })
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'queued' }));
    const run = await runCli(
      [...ARGS, '--import-method', 'glance-download', '--remote-region', 'RegionTwo', '--remote-image-id', 'remote-id'],
      { env: cloud.env },
    );
    expect(run.exitCode).toBe(0);
    expect(cloud.requests[3]!.text).toBe(
      '{"method":{"name":"glance-download","glance_service_interface":"public","glance_region":"RegionTwo","glance_image_id":"remote-id"}}',
    );
  });
});

describe('image-create-via-import without an import method', () => {
  it('creates a record only (stdin /dev/null is no data), after checking the cloud offers image import', async () => {
    cloud.on('GET', '/v2/info/import', 200, METHODS).on('POST', '/v2/images', 201, image({ status: 'queued' }));
    const run = await runCli(['image-create-via-import', '--name', 'cirros'], { env: cloud.env, stdinKind: 'null-device' });
    expect(run.exitCode).toBe(0);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', 'GET /v2/info/import', 'POST /v2/images']);
    expect(run.stdout).toContain('| status           | queued ');
  });
});

describe('image-create-via-import checks, in the reference words', () => {
  /** Each case: arguments, stdin, the requests expected before the error, the message. */
  const cases: [string, string[], { stdin?: 'pipe'; requests: string[]; stores?: boolean }, string][] = [
    ['formats with --uri', ['image-create-via-import', '--uri', URI], { requests: [] }, 'error: Must provide --disk-format, --container-format when using --uri.'],
    ['formats with stdin', ['image-create-via-import', '--disk-format', 'raw'], { stdin: 'pipe', requests: [] }, 'error: Must provide --container-format when using stdin.'],
    ['copy-image', [...ARGS, '--import-method', 'copy-image'], { requests: [] }, "Import method 'copy-image' cannot be used while creating the image."],
    [
      'a method the cloud lacks',
      [...ARGS, '--import-method', 'glance-download'],
      { requests: ['GET /v2/info/import'] },
      "Import method 'glance-download' is not valid for this cloud. Valid values can be retrieved with import-info command.",
    ],
    [
      '--store and --stores',
      [...ARGS, '--import-method', 'web-download', '--uri', URI, '--store', 'fast', '--stores', 'cheap'],
      { requests: ['GET /v2/info/import'] },
      'Only one of --store, --stores and --all-stores can be provided',
    ],
    [
      '--stores and --all-stores',
      [...ARGS, '--import-method', 'web-download', '--uri', URI, '--stores', 'cheap', '--all-stores', 'yes'],
      { requests: ['GET /v2/info/import'] },
      'Only one of --store, --stores and --all-stores can be provided',
    ],
    [
      'an unknown store',
      [...ARGS, '--import-method', 'web-download', '--uri', URI, '--stores', 'fast,slow'],
      { requests: ['GET /v2/info/import', 'GET /v2/info/stores'], stores: true },
      "Store 'slow' is not valid for this cloud. Valid values can be retrieved with stores-info command.",
    ],
    ['--uri without a method', [...ARGS, '--uri', URI], { requests: ['GET /v2/info/import'] }, 'You cannot use --uri without specifying an import method.'],
    [
      'glance-direct --store without data',
      [...ARGS, '--import-method', 'glance-direct', '--store', 'fast'],
      { requests: ['GET /v2/info/import', 'GET /v2/info/stores'], stores: true },
      '--store option should only be provided with --file option or stdin for the glance-direct import method.',
    ],
    [
      'glance-direct --all-stores without data',
      [...ARGS, '--import-method', 'glance-direct', '--all-stores', 'True'],
      { requests: ['GET /v2/info/import'] },
      '--all-stores option should only be provided with --file option or stdin for the glance-direct import method.',
    ],
    [
      'glance-direct with --uri',
      [...ARGS, '--file', FILE, '--uri', URI],
      { requests: ['GET /v2/info/import'] },
      'You cannot specify a --uri with the glance-direct import method.',
    ],
    [
      'an unreadable file',
      [...ARGS, '--file', '/nonexistent/cirros.img'],
      { requests: ['GET /v2/info/import'] },
      'File /nonexistent/cirros.img does not exist or user does not have read privileges to it.',
    ],
    [
      '--file and stdin',
      [...ARGS, '--file', FILE],
      { stdin: 'pipe', requests: ['GET /v2/info/import'] },
      'You cannot use both --file and stdin with the glance-direct import method.',
    ],
    [
      'glance-direct without data',
      [...ARGS, '--import-method', 'glance-direct'],
      { requests: ['GET /v2/info/import'] },
      'You must specify a --file or provide data via stdin for the glance-direct import method.',
    ],
    [
      'web-download --stores without --uri',
      [...ARGS, '--import-method', 'web-download', '--stores', 'fast'],
      { requests: ['GET /v2/info/import', 'GET /v2/info/stores'], stores: true },
      '--stores option should only be provided with --uri option for the web-download import method.',
    ],
    [
      'web-download without --uri',
      [...ARGS, '--import-method', 'web-download'],
      { requests: ['GET /v2/info/import'] },
      "URI is required for web-download import method. Please use '--uri <uri>'.",
    ],
    [
      'web-download with --file',
      [...ARGS, '--import-method', 'web-download', '--uri', URI, '--file', FILE],
      { requests: ['GET /v2/info/import'] },
      'You cannot specify a --file with the web-download import method.',
    ],
    [
      'web-download with data on stdin',
      [...ARGS, '--import-method', 'web-download', '--uri', URI],
      { stdin: 'pipe', requests: ['GET /v2/info/import'] },
      'You cannot pass data via stdin with the web-download import method.',
    ],
    [
      'glance-download without the remote image',
      [...ARGS, '--import-method', 'glance-download', '--remote-region', 'RegionTwo'],
      { requests: ['GET /v2/info/import'] },
      'REMOTE GlANCE REGION and REMOTE IMAGE ID are required for glance-download import method. Please use --remote-region <region> and --remote-image-id <remote-image-id>.',
    ],
    [
      'glance-download with --uri',
      [...ARGS, '--import-method', 'glance-download', '--remote-region', 'R', '--remote-image-id', 'I', '--uri', URI],
      { requests: ['GET /v2/info/import'] },
      'You cannot specify a --uri with the glance-download import method.',
    ],
  ];

  for (const [title, args, { stdin, requests, stores }, message] of cases) {
    it(title, async () => {
      const offersAll = { 'import-methods': { value: ['glance-direct', 'web-download', 'copy-image', ...(title === 'a method the cloud lacks' ? [] : ['glance-download'])] } };
      if (requests.includes('GET /v2/info/import')) {
        cloud.on('GET', '/v2/info/import', 200, offersAll);
      }
      if (stores) {
        cloud.on('GET', '/v2/info/stores', 200, STORES);
      }
      const run = await runCli(args, { env: cloud.env, ...(stdin ? { stdinKind: 'pipe', stdinData: DATA } : {}) });
      expect(run.stderr).toBe(`${message}\n`);
      expect(run.exitCode).toBe(1);
      expect(run.stdout).toBe('');
      expect(cloud.log()).toEqual(requests.length > 0 ? ['POST /v3/auth/tokens', ...requests] : []);
    });
  }

  it('treats /dev/null on stdin as no data, unlike the reference (web-download works from cron)', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'queued' }));
    const run = await runCli([...ARGS, '--import-method', 'web-download', '--uri', URI], { env: cloud.env, stdinKind: 'null-device' });
    expect(run.exitCode).toBe(0);
  });
});

describe('image-create-via-import --wait', () => {
  it('follows the import task until the image is active, verifies the staged data, and prints the final image', async () => {
    const active = image({ status: 'active', size: DATA.length, checksum: MD5, os_hash_algo: 'sha512', os_hash_value: SHA512, os_glance_importing_to_stores: '', os_glance_failed_import: '' });
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/stage`, 204)
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'importing', size: DATA.length, os_glance_import_task: TASK }))
      .on('GET', `/v2/images/${ID}/tasks`, 200, { tasks: [task()] })
      .on('GET', `/v2/images/${ID}`, 200, active)
      .on('GET', `/v2/images/${ID}/tasks`, 200, { tasks: [task({ status: 'success', message: 'Copied 0 MiB' })] });
    const run = await runCli([...ARGS, '--file', FILE, '--wait'], { env: cloud.env });
    expect(run.stderr).toBe('');
    expect(run.exitCode).toBe(0);
    expect(cloud.log().slice(4)).toEqual([
      `POST /v2/images/${ID}/import`,
      `GET /v2/images/${ID}`,
      `GET /v2/images/${ID}/tasks`,
      `GET /v2/images/${ID}`,
      `GET /v2/images/${ID}/tasks`,
    ]);
    expect(run.stdout).toContain(`| checksum                      | ${MD5} `);
    expect(run.stdout).toContain('| status                        | active ');
  });

  it('exits 1 with the task message when the import fails, and deletes the image it created', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      // The image forgets its task once the task has ended: the newest task of the image is the one.
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'queued', os_glance_importing_to_stores: '', os_glance_failed_import: 'fast' }))
      .on('GET', `/v2/images/${ID}/tasks`, 200, {
        tasks: [
          task({ id: 'older', status: 'success', created_at: '2026-11-25T10:00:00.000000' }),
          task({ status: 'failure', message: 'Task failed due to Internal Error' }),
        ],
      })
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli([...ARGS, '--import-method', 'web-download', '--uri', URI, '--wait'], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(
      `Deleted image ${ID}: its import failed.\nImport of image ${ID} failed: Task failed due to Internal Error (failed stores: fast)\n`,
    );
  });

  it('deletes the image when the imported data is not what was staged', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('PUT', `/v2/images/${ID}/stage`, 204)
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'active', size: DATA.length, checksum: MD5, os_hash_algo: 'sha512', os_hash_value: '0'.repeat(128) }))
      .on('GET', `/v2/images/${ID}/tasks`, 200, { tasks: [task({ status: 'success' })] })
      .on('DELETE', `/v2/images/${ID}`, 204);
    const run = await runCli([...ARGS, '--file', FILE, '--wait'], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `Deleted image ${ID}: its data did not arrive intact.\n` +
        `Upload verification failed for image ${ID}: os_hash_value is ${'0'.repeat(128)} but the data sent has sha512 ${SHA512}\n`,
    );
  });

  it('draws a spinner on stderr only when it is a terminal', async () => {
    cloud
      .on('GET', '/v2/info/import', 200, METHODS)
      .on('POST', '/v2/images', 201, image({ status: 'queued' }))
      .on('POST', `/v2/images/${ID}/import`, 202, '')
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'queued', os_glance_import_task: TASK }))
      .on('GET', `/v2/images/${ID}/tasks`, 200, { tasks: [task()] })
      .on('GET', `/v2/images/${ID}`, 200, image({ status: 'active' }))
      .on('GET', `/v2/images/${ID}/tasks`, 200, { tasks: [task({ status: 'success' })] });
    const run = await runCli([...ARGS, '--import-method', 'web-download', '--uri', URI, '--wait'], { env: cloud.env, stderrIsTTY: true });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toContain(`| Importing image ${ID}`);
    expect(run.stderr).toContain(`Importing image ${ID}: queued`);
    // The line is cleared at the end, so the table (on stdout) and the shell prompt start clean.
    expect(run.stderr.endsWith('\r\x1b[K')).toBe(true);
    expect(run.stdout).toContain('| status           | active ');
  });
});
