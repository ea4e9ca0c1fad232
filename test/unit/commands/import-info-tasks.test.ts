/** import-info, stores-info, stores-delete, image-tasks and task-* against the loopback fake cloud. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { startFakeGlanceV1 } from '../../helpers/fake-glance-v1.js';
import { fakeCloudPerTest } from '../../helpers/fake-openstack.js';

const IMAGE = 'b0aed5c2-2321-4cfb-8282-21efe1a6be55';
const TASK = '17880872-5120-41b0-9233-34d744ea5d26';
const OWNER = 'a9b461c6532143879b812fd3aba13ae5';

const cloud = fakeCloudPerTest({ issuesToken: true });

describe('import-info', () => {
  it('prints GET /v2/info/import as real-cloud.md shows it', async () => {
    cloud.on('GET', '/v2/info/import', 200, {
      'import-methods': { description: 'Import methods available.', type: 'array', value: ['glance-direct', 'web-download', 'copy-image'] },
    });
    const run = await runCli(['import-info'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      [
        '+----------------+----------------------------------------------------------------------------------+',
        '| Property       | Value                                                                            |',
        '+----------------+----------------------------------------------------------------------------------+',
        '| import-methods | {"description": "Import methods available.", "type": "array", "value": ["glance- |',
        '|                | direct", "web-download", "copy-image"]}                                          |',
        '+----------------+----------------------------------------------------------------------------------+',
        '',
      ].join('\n'),
    );
  });

  it('says when the cloud has no image import', async () => {
    cloud.on('GET', '/v2/info/import', 404, '');
    const run = await runCli(['import-info'], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('Target Glance does not support Image Import workflow\n');
  });
});

describe('stores-info', () => {
  it('prints the stores as real-cloud.md shows them', async () => {
    cloud.on('GET', '/v2/info/stores', 200, {
      stores: [
        { id: 'fast', description: 'Fast file store (default)', default: 'true' },
        { id: 'cheap', description: 'Cheap file store' },
      ],
    });
    const run = await runCli(['stores-info'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      [
        '+----------+----------------------------------------------------------------------------------+',
        '| Property | Value                                                                            |',
        '+----------+----------------------------------------------------------------------------------+',
        '| stores   | [{"id": "fast", "description": "Fast file store (default)", "default": "true"},  |',
        '|          | {"id": "cheap", "description": "Cheap file store"}]                              |',
        '+----------+----------------------------------------------------------------------------------+',
        '',
      ].join('\n'),
    );
  });

  it('--detail asks for /v2/info/stores/detail', async () => {
    cloud.on('GET', '/v2/info/stores/detail', 200, { stores: [{ id: 'fast', type: 'file', properties: { chunk_size: 65536 } }] });
    const run = await runCli(['stores-info', '--detail'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toContain('| stores   | [{"id": "fast", "type": "file", "properties": {"chunk_size": 65536}}] |');
  });

  it('says when the cloud has a single store', async () => {
    cloud.on('GET', '/v2/info/stores', 404, '');
    const run = await runCli(['stores-info'], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('Multi Backend support is not enabled\n');
  });

  it('passes a 403 of --detail for a non-admin through', async () => {
    cloud.on('GET', '/v2/info/stores/detail', 403, { message: 'Forbidden', code: 403 });
    const run = await runCli(['stores-info', '--detail'], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('HTTP Forbidden\n');
  });
});

describe('stores-delete', () => {
  it('deletes the image from the one store and prints nothing', async () => {
    cloud.on('DELETE', `/v2/stores/cheap/${IMAGE}`, 204);
    const run = await runCli(['stores-delete', '--store', 'cheap', IMAGE], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('');
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `DELETE /v2/stores/cheap/${IMAGE}`]);
  });

  it('words a 404 and other refusals as the reference', async () => {
    cloud.on('DELETE', `/v2/stores/cheap/${IMAGE}`, 404, '');
    const missing = await runCli(['stores-delete', '--store', 'cheap', IMAGE], { env: cloud.env });
    expect(missing.stderr).toBe('Multi Backend support is not enabled or Image/store not found.\n');
    cloud.keystoneIssuesToken().on('DELETE', `/v2/stores/fast/${IMAGE}`, 409, { message: 'Cannot delete image data from the only store containing it.' });
    const last = await runCli(['stores-delete', '--store', 'fast', IMAGE], { env: cloud.env });
    expect(last.stderr).toBe(`Unable to delete image '${IMAGE}' from store 'fast'. (HTTP Cannot delete image data from the only store containing it.)\n`);
    expect([missing.exitCode, last.exitCode]).toEqual([1, 1]);
  });

  it('requires --store (a usage error)', async () => {
    const run = await runCli(['stores-delete', IMAGE], { env: cloud.env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain('the following arguments are required: --store');
  });
});

const IMAGE_TASK = {
  id: TASK,
  type: 'api_image_import',
  status: 'failure',
  owner: OWNER,
  expires_at: '2026-11-27T12:07:33.578520',
  created_at: '2026-11-25T12:07:33.060995',
  updated_at: '2026-11-25T12:07:33.582225',
  deleted_at: null,
  deleted: false,
  image_id: IMAGE,
  request_id: 'req-6f981527-862e-431d-8b49-9051f7b7f7db',
  user_id: '789114f58f554954ba60f3ab191c7961',
  input: { image_id: IMAGE, import_req: { method: { name: 'web-download', uri: 'http://127.0.0.1:8765/missing.bin' } }, backend: ['fast'] },
  result: null,
  message: 'Task failed due to Internal Error',
};

describe('image-tasks', () => {
  it("prints print_dict_list's columns, None and all", async () => {
    cloud.on('GET', `/v2/images/${IMAGE}/tasks`, 200, { tasks: [IMAGE_TASK, { ...IMAGE_TASK, status: 'success', message: '' }] });
    const run = await runCli(['image-tasks', IMAGE], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      [
        '+-----------------------------------+---------+----------------------------+',
        '| Message                           | Status  | Updated at                 |',
        '+-----------------------------------+---------+----------------------------+',
        '| Task failed due to Internal Error | failure | 2026-11-25T12:07:33.582225 |',
        '|                                   | success | 2026-11-25T12:07:33.582225 |',
        '+-----------------------------------+---------+----------------------------+',
        '',
      ].join('\n'),
    );
  });

  it('--verbose adds the ids before and the rest after, dicts and None as Python prints them', async () => {
    cloud.on('GET', `/v2/images/${IMAGE}/tasks`, 200, { tasks: [IMAGE_TASK] });
    const run = await runCli(['--verbose', 'image-tasks', IMAGE], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[1]).toMatch(/^\| Image Id +\| Task Id +\| Message +\| Status +\| Updated at +\| User Id +\| Request Id +\| Result \| Owner +\| Input +\| Expires at +\|$/);
    expect(lines[3]).toContain(`| ${IMAGE} | ${TASK} | Task failed due to Internal Error | failure |`);
    expect(lines[3]).toContain(
      `| None   | ${OWNER} | {'image_id': '${IMAGE}', 'import_req': {'method': {'name': 'web-download', 'uri': 'http://127.0.0.1:8765/missing.bin'}}, 'backend': ['fast']} | 2026-11-27T12:07:33.578520 |`,
    );
  });

  it('says an image is not found when the cloud has the tasks API (v2.12)', async () => {
    cloud
      .on('GET', `/v2/images/${IMAGE}/tasks`, 404, '')
      .on('GET', '/versions', 300, { versions: [{ id: 'v2.16', status: 'CURRENT' }, { id: 'v2.12', status: 'SUPPORTED' }] });
    const run = await runCli(['image-tasks', IMAGE], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`Image ${IMAGE} not found.\n`);
  });

  it('says the server lacks the API when /versions has no v2.12', async () => {
    cloud.on('GET', `/v2/images/${IMAGE}/tasks`, 404, '').on('GET', '/versions', 300, { versions: [{ id: 'v2.9', status: 'CURRENT' }] });
    const run = await runCli(['image-tasks', IMAGE], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('Server does not support image tasks API (v2.12)\n');
  });
});

describe('task-list', () => {
  const row = (id: string, status: string): Record<string, unknown> => ({
    id,
    type: 'api_image_import',
    status,
    owner: OWNER,
    created_at: '2026-11-25T11:06:54Z',
    updated_at: '2026-11-25T11:06:54Z',
    self: `/v2/tasks/${id}`,
    schema: '/v2/schemas/task',
  });

  it('asks with the reference defaults, follows next links, prints ID, Type, Status, Owner', async () => {
    const second = '22466879-61af-4782-9f8e-b41d1137e1a0';
    cloud
      .on('GET', '/v2/tasks?limit=20&sort_key=status&sort_dir=desc', 200, { tasks: [row(second, 'success')], next: `/v2/tasks?limit=20&marker=${second}` })
      .on('GET', `/v2/tasks?limit=20&marker=${second}`, 200, { tasks: [row(TASK, 'success')] });
    const run = await runCli(['task-list'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(
      [
        '+--------------------------------------+------------------+---------+----------------------------------+',
        '| ID                                   | Type             | Status  | Owner                            |',
        '+--------------------------------------+------------------+---------+----------------------------------+',
        `| ${second} | api_image_import | success | ${OWNER} |`,
        `| ${TASK} | api_image_import | success | ${OWNER} |`,
        '+--------------------------------------+------------------+---------+----------------------------------+',
        '',
      ].join('\n'),
    );
  });

  it('sends the filters first, then the page size and the sort', async () => {
    cloud.on('GET', '/v2/tasks?type=import&status=failure&limit=5&sort_key=id&sort_dir=asc', 200, { tasks: [] });
    const run = await runCli(['task-list', '--status', 'failure', '--type', 'import', '--page-size', '5', '--sort-key', 'id', '--sort-dir', 'asc'], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe('+----+------+--------+-------+\n| ID | Type | Status | Owner |\n+----+------+--------+-------+\n+----+------+--------+-------+\n');
  });

  it('refuses a sort key outside the choices (a usage error)', async () => {
    const run = await runCli(['task-list', '--sort-key', 'owner'], { env: cloud.env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr).toContain("argument --sort-key: invalid choice: 'owner' (choose from 'id', 'type', 'status')");
  });
});

describe('task-show and task-create', () => {
  const shown = {
    id: TASK,
    input: { image_id: IMAGE },
    type: 'api_image_import',
    status: 'success',
    owner: OWNER,
    message: 'Copied 4 MiB',
    result: null,
    created_at: '2026-11-25T12:07:33Z',
    updated_at: '2026-11-25T12:07:33Z',
    self: `/v2/tasks/${TASK}`,
    schema: '/v2/schemas/task',
  };
  const input = `{"image_id": "${IMAGE}"}`;
  const line = (key: string, value: string): string => `| ${key.padEnd(10)} | ${value.padEnd(input.length)} |`;
  const rule = `+------------+${'-'.repeat(input.length + 2)}+`;
  const table = [
    rule,
    line('Property', 'Value'),
    rule,
    line('created_at', '2026-11-25T12:07:33Z'),
    line('id', TASK),
    line('input', input),
    line('message', 'Copied 4 MiB'),
    line('owner', OWNER),
    line('result', 'None'),
    line('status', 'success'),
    line('type', 'api_image_import'),
    line('updated_at', '2026-11-25T12:07:33Z'),
    rule,
    '',
  ].join('\n');

  it('task-show prints the task without its links', async () => {
    cloud.on('GET', `/v2/tasks/${TASK}`, 200, shown);
    const run = await runCli(['task-show', TASK], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toBe(table);
  });

  it('task-create posts type and the parsed input, and prints the task', async () => {
    cloud.on('POST', '/v2/tasks', 201, shown);
    const run = await runCli(['task-create', '--type', 'import', '--input', `{"image_id": "${IMAGE}"}`], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(cloud.requests[1]!.text).toBe(`{"type":"import","input":{"image_id":"${IMAGE}"}}`);
    expect(run.stdout).toBe(table);
  });

  it('task-create sends {} by default, and words its refusals as the reference', async () => {
    const noType = await runCli(['task-create'], { env: cloud.env });
    expect(noType.stderr).toBe('Unable to create task. Specify task type and input.\n');
    const badJson = await runCli(['task-create', '--type', 'import', '--input', '{x'], { env: cloud.env });
    expect(badJson.stderr).toBe('Failed to parse the "input" parameter. Must be a valid JSON object.\n');
    expect([noType.exitCode, badJson.exitCode]).toEqual([1, 1]);
    cloud.on('POST', '/v2/tasks', 400, { message: 'Invalid location: None', code: 400 });
    const refused = await runCli(['task-create', '--type', 'import'], { env: cloud.env });
    expect(cloud.requests.at(-1)!.text).toBe('{"type":"import","input":{}}');
    expect(refused.stderr).toBe('HTTP Invalid location: None\n');
  });
});

describe('machine output of import-info, stores-info, task-*', () => {
  const STORES = {
    stores: [
      { id: 'fast', description: 'Fast file store (default)', default: 'true' },
      { id: 'cheap', description: 'Cheap file store' },
    ],
  };
  const task = (id: string, status: string, owner: string | null = OWNER): Record<string, unknown> => ({
    id,
    type: 'api_image_import',
    status,
    owner,
    self: `/v2/tasks/${id}`,
    schema: '/v2/schemas/task',
  });
  const SECOND = '22466879-61af-4782-9f8e-b41d1137e1a0';

  it('stores-info -f json prints the document as Glance sent it; -c stores picks the field', async () => {
    cloud.on('GET', '/v2/info/stores', 200, STORES);
    const json = await runCli(['stores-info', '-f', 'json'], { env: cloud.env });
    expect([json.exitCode, json.stderr]).toEqual([0, '']);
    expect(JSON.parse(json.stdout)).toEqual(STORES);
    cloud.keystoneIssuesToken().on('GET', '/v2/info/stores', 200, STORES);
    const value = await runCli(['stores-info', '-f', 'value', '-c', 'stores'], { env: cloud.env });
    expect(value.stdout).toBe(`${JSON.stringify(STORES.stores)}\n`);
    cloud.keystoneIssuesToken().on('GET', '/v2/info/stores', 200, STORES);
    const unknown = await runCli(['stores-info', '-c', 'backends'], { env: cloud.env });
    expect([unknown.exitCode, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toContain("argument -c/--column: invalid choice: 'backends' (choose from 'stores')");
  });

  it('import-info -f yaml', async () => {
    cloud.on('GET', '/v2/info/import', 200, { 'import-methods': { description: 'Import methods available.', type: 'array', value: ['glance-direct', 'web-download'] } });
    const run = await runCli(['import-info', '-f', 'yaml'], { env: cloud.env });
    expect(run.stdout).toBe('import-methods:\n  description: Import methods available.\n  type: array\n  value:\n    - glance-direct\n    - web-download\n');
  });

  it('task-list -f json: rows keyed by ID, Type, Status, Owner, null where Glance has none', async () => {
    cloud.on('GET', '/v2/tasks?limit=20&sort_key=status&sort_dir=desc', 200, { tasks: [task(SECOND, 'success'), task(TASK, 'failure', null)] });
    const run = await runCli(['task-list', '-f', 'json'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(JSON.parse(run.stdout)).toEqual([
      { ID: SECOND, Type: 'api_image_import', Status: 'success', Owner: OWNER },
      { ID: TASK, Type: 'api_image_import', Status: 'failure', Owner: null },
    ]);
  });

  it('task-list -c, --sort-column and csv', async () => {
    cloud.on('GET', '/v2/tasks?limit=20&sort_key=status&sort_dir=desc', 200, { tasks: [task(SECOND, 'success'), task(TASK, 'failure')] });
    const run = await runCli(['task-list', '-f', 'csv', '-c', 'Status', '-c', 'ID', '--sort-column', 'Status'], { env: cloud.env });
    expect(run.stdout).toBe(`"Status","ID"\n"failure","${TASK}"\n"success","${SECOND}"\n`);
    cloud.keystoneIssuesToken().on('GET', '/v2/tasks?limit=20&sort_key=status&sort_dir=desc', 200, { tasks: [task(SECOND, 'success')] });
    const table = await runCli(['task-list', '-c', 'ID'], { env: cloud.env });
    expect(table.stdout).toBe(
      ['+--------------------------------------+', '| ID                                   |', '+--------------------------------------+', `| ${SECOND} |`, '+--------------------------------------+', ''].join('\n'),
    );
  });

  it('task-show -f json keeps the raw values and drops the links, as the table does', async () => {
    cloud.on('GET', `/v2/tasks/${TASK}`, 200, { ...IMAGE_TASK, self: `/v2/tasks/${TASK}`, schema: '/v2/schemas/task' });
    const run = await runCli(['task-show', TASK, '-f', 'json'], { env: cloud.env });
    expect(JSON.parse(run.stdout)).toEqual(IMAGE_TASK);
    cloud.keystoneIssuesToken().on('GET', `/v2/tasks/${TASK}`, 200, IMAGE_TASK);
    const shell = await runCli(['task-show', TASK, '-f', 'shell', '-c', 'status', '-c', 'result', '--prefix', 'task_'], { env: cloud.env });
    expect(shell.stdout).toBe('task_status="failure"\ntask_result=""\n');
  });
});

describe('v2-only commands on a v1-only cloud', () => {
  it.each([
    [['task-list'], 'task-list'],
    [['task-show', TASK], 'task-show'],
    [['task-create', '--type', 'import'], 'task-create'],
    [['stores-info'], 'stores-info'],
    [['stores-delete', '--store', 'cheap', IMAGE], 'stores-delete'],
    [['import-info'], 'import-info'],
  ])('%j fails in one line', async (argv, name) => {
    const glance = await startFakeGlanceV1();
    try {
      const run = await runCli(['--os-image-api-version', '1', ...argv], { env: { OS_AUTH_TOKEN: 'tok', OS_IMAGE_URL: glance.url } });
      expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', `${name} is not available in Image API v1\n`]);
      expect(glance.log()).toEqual(['GET /versions']);
    } finally {
      await glance.close();
    }
  });
});
