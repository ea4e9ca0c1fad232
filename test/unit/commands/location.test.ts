/** location-add, location-delete, location-update and add-location against the loopback fake cloud. */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest } from '../../helpers/fake-openstack.js';

const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
const FAST = `file:///srv/glance/fast/${ID}`;
const WEB = 'http://127.0.0.1:8000/cirros.img';
const PATCH_TYPE = 'application/openstack-images-v2.1-json-patch';

/** An image of a cloud that shows locations (show_multiple_locations), as Glance returns it. */
const IMAGE: Record<string, unknown> = {
  id: ID,
  name: 'cirros',
  status: 'active',
  visibility: 'shared',
  protected: false,
  os_hidden: false,
  checksum: 'c16f771fe1778e67d5ecddacfc2075f1',
  os_hash_algo: 'sha512',
  os_hash_value: null,
  size: 100000,
  virtual_size: null,
  disk_format: 'raw',
  container_format: 'bare',
  min_disk: 0,
  min_ram: 0,
  owner: '7029d37fa0fd4120bc7490157dfcec9a',
  tags: [],
  stores: 'fast,web',
  created_at: '2026-11-25T11:53:58Z',
  updated_at: '2026-11-25T11:54:03Z',
  locations: [
    { url: FAST, metadata: { store: 'fast' } },
    { url: WEB, metadata: { mirror: 'eu', store: 'web' } },
  ],
  self: `/v2/images/${ID}`,
  file: `/v2/images/${ID}/file`,
  schema: '/v2/schemas/image',
};
const WITHOUT_WEB = { ...IMAGE, stores: 'fast', locations: [{ url: FAST, metadata: { store: 'fast' } }] };
/** The same image on a cloud that hides locations (the default). */
const { locations: _hidden, ...HIDDEN } = IMAGE;

// Printed by python-glanceclient 4.1's utils.print_dict (location-add, location-update) and
// utils.print_image (add-location) from IMAGE: print_dict keeps file and schema and prints None.
const PRINT_DICT = [
  '+------------------+----------------------------------------------------------------------------------+',
  '| Property         | Value                                                                            |',
  '+------------------+----------------------------------------------------------------------------------+',
  '| checksum         | c16f771fe1778e67d5ecddacfc2075f1                                                 |',
  '| container_format | bare                                                                             |',
  '| created_at       | 2026-11-25T11:53:58Z                                                             |',
  '| disk_format      | raw                                                                              |',
  '| file             | /v2/images/6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01/file                             |',
  '| id               | 6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01                                             |',
  '| locations        | [{"url": "file:///srv/glance/fast/6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01",         |',
  '|                  | "metadata": {"store": "fast"}}, {"url": "http://127.0.0.1:8000/cirros.img",      |',
  '|                  | "metadata": {"mirror": "eu", "store": "web"}}]                                   |',
  '| min_disk         | 0                                                                                |',
  '| min_ram          | 0                                                                                |',
  '| name             | cirros                                                                           |',
  '| os_hash_algo     | sha512                                                                           |',
  '| os_hash_value    | None                                                                             |',
  '| os_hidden        | False                                                                            |',
  '| owner            | 7029d37fa0fd4120bc7490157dfcec9a                                                 |',
  '| protected        | False                                                                            |',
  '| schema           | /v2/schemas/image                                                                |',
  '| size             | 100000                                                                           |',
  '| status           | active                                                                           |',
  '| stores           | fast,web                                                                         |',
  '| tags             | []                                                                               |',
  '| updated_at       | 2026-11-25T11:54:03Z                                                             |',
  '| virtual_size     | None                                                                             |',
  '| visibility       | shared                                                                           |',
  '+------------------+----------------------------------------------------------------------------------+',
  '',
].join('\n');
const PRINT_IMAGE = [
  '+------------------+----------------------------------------------------------------------------------+',
  '| Property         | Value                                                                            |',
  '+------------------+----------------------------------------------------------------------------------+',
  '| checksum         | c16f771fe1778e67d5ecddacfc2075f1                                                 |',
  '| container_format | bare                                                                             |',
  '| created_at       | 2026-11-25T11:53:58Z                                                             |',
  '| disk_format      | raw                                                                              |',
  '| id               | 6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01                                             |',
  '| locations        | [{"url": "file:///srv/glance/fast/6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01",         |',
  '|                  | "metadata": {"store": "fast"}}, {"url": "http://127.0.0.1:8000/cirros.img",      |',
  '|                  | "metadata": {"mirror": "eu", "store": "web"}}]                                   |',
  '| min_disk         | 0                                                                                |',
  '| min_ram          | 0                                                                                |',
  '| name             | cirros                                                                           |',
  '| os_hash_algo     | sha512                                                                           |',
  '| os_hash_value    | None                                                                             |',
  '| os_hidden        | False                                                                            |',
  '| owner            | 7029d37fa0fd4120bc7490157dfcec9a                                                 |',
  '| protected        | False                                                                            |',
  '| size             | 100000                                                                           |',
  '| status           | active                                                                           |',
  '| stores           | fast,web                                                                         |',
  '| tags             | []                                                                               |',
  '| updated_at       | 2026-11-25T11:54:03Z                                                             |',
  '| virtual_size     | Not available                                                                    |',
  '| visibility       | shared                                                                           |',
  '+------------------+----------------------------------------------------------------------------------+',
  '',
].join('\n');

const cloud = fakeCloudPerTest({ issuesToken: true });

/** The JSON patch of the n-th recorded request, with its content type. */
function patchOf(index: number): { contentType: string | undefined; operations: unknown } {
  const request = cloud.requests[index]!;
  return { contentType: request.headers['content-type'], operations: JSON.parse(request.text) };
}

describe('location-add', () => {
  it('adds the location with a JSON patch and prints the image read back, as print_dict does', async () => {
    // Glance's answer to the patch echoes validation data the image does not keep: the table shows the image as read back.
    cloud.on('PATCH', `/v2/images/${ID}`, 200, { ...IMAGE, locations: [{ url: WEB, metadata: {}, validation_data: { checksum: 'x' } }] });
    cloud.on('GET', `/v2/images/${ID}`, 200, IMAGE);
    const run = await runCli(['location-add', ID, '--url', WEB, '--metadata', '{"mirror": "eu"}'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(PRINT_DICT);
    expect(patchOf(1)).toEqual({ contentType: PATCH_TYPE, operations: [{ op: 'add', path: '/locations/-', value: { url: WEB, metadata: { mirror: 'eu' } } }] });
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `PATCH /v2/images/${ID}`, `GET /v2/images/${ID}`]);
  });

  it('sends --checksum, --hash-algo and --hash-value as validation_data, only those given', async () => {
    cloud.on('PATCH', `/v2/images/${ID}`, 200, IMAGE);
    cloud.on('GET', `/v2/images/${ID}`, 200, IMAGE);
    await runCli(['location-add', ID, '--url', WEB, '--hash-algo', 'sha512', '--hash-value', 'abc'], { env: cloud.env });
    expect(cloud.requests[1]!.text).toBe(
      `[{"op":"add","path":"/locations/-","value":{"url":"${WEB}","metadata":{},"validation_data":{"os_hash_algo":"sha512","os_hash_value":"abc"}}}]`,
    );
  });

  it('refuses metadata that is not a JSON object before any request', async () => {
    for (const metadata of ['{mirror: eu}', '[]', '"eu"']) {
      const run = await runCli(['location-add', ID, '--url', WEB, '--metadata', metadata], { env: cloud.env });
      expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', 'Metadata is not a valid JSON object.\n']);
    }
    expect(cloud.requests).toEqual([]);
  });

  it('passes on what Glance says when locations are hidden', async () => {
    cloud.on('PATCH', `/v2/images/${ID}`, 403, '<html>\n <head>\n  <title>403 Forbidden</title>\n </head>\n <body>\n  <h1>403 Forbidden</h1>\n  It&#x27;s not allowed to add locations if locations are invisible.<br /><br />\n\n\n\n </body>\n</html>', {
      'content-type': 'text/html; charset=UTF-8',
    });
    const run = await runCli(['location-add', ID, '--url', WEB], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, 'HTTP 403 Forbidden: It&#x27;s not allowed to add locations if locations are invisible.\n']);
  });

  it('needs --url (a usage error)', async () => {
    const run = await runCli(['location-add', ID], { env: cloud.env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('glance location-add: error: the following arguments are required: --url');
  });
});

describe('location-delete', () => {
  it('removes the locations by index, highest first, each URL once, and prints nothing', async () => {
    const three = { ...IMAGE, locations: [...(IMAGE.locations as unknown[]), { url: 'http://127.0.0.1:8000/b.img', metadata: {} }] };
    cloud.on('GET', `/v2/images/${ID}`, 200, three);
    cloud.on('PATCH', `/v2/images/${ID}`, 200, WITHOUT_WEB);
    const run = await runCli(['location-delete', ID, '--url', WEB, '--url', 'http://127.0.0.1:8000/b.img', '--url', WEB], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, '', '']);
    expect(patchOf(2)).toEqual({
      contentType: PATCH_TYPE,
      operations: [
        { op: 'remove', path: '/locations/2' },
        { op: 'remove', path: '/locations/1' },
      ],
    });
  });

  it('names the URLs the image does not have, as a Python list, and changes nothing', async () => {
    cloud.on('GET', `/v2/images/${ID}`, 200, IMAGE);
    const run = await runCli(['location-delete', ID, '--url', WEB, '--url', 'http://x/a', '--url', "http://x/it's"], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `HTTP Unknown URL(s): ['http://x/a', "http://x/it's"]\n`]);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET /v2/images/${ID}`]);
  });

  it('says so when the cloud hides locations', async () => {
    cloud.on('GET', `/v2/images/${ID}`, 200, HIDDEN);
    const run = await runCli(['location-delete', ID, '--url', WEB], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, 'HTTP The administrator has disabled API access to image locations\n']);
  });

  it('passes on an unknown image', async () => {
    cloud.on('GET', `/v2/images/${ID}`, 404, { message: 'No image found with ID x' });
    const run = await runCli(['location-delete', ID, '--url', WEB], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, 'HTTP No image found with ID x\n']);
  });
});

describe('location-update', () => {
  it('replaces the locations with the new metadata on the one URL and prints the image', async () => {
    cloud.on('GET', `/v2/images/${ID}`, 200, { ...IMAGE, locations: [{ url: FAST, metadata: { store: 'fast' } }, { url: WEB, metadata: { mirror: 'us' } }] });
    cloud.on('PATCH', `/v2/images/${ID}`, 200, {});
    cloud.on('GET', `/v2/images/${ID}`, 200, IMAGE);
    const run = await runCli(['location-update', ID, '--url', WEB, '--metadata', '{"mirror": "eu", "store": "web"}'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(PRINT_DICT);
    expect(patchOf(2)).toEqual({
      contentType: PATCH_TYPE,
      operations: [
        {
          op: 'replace',
          path: '/locations',
          value: [
            { url: FAST, metadata: { store: 'fast' } },
            { url: WEB, metadata: { mirror: 'eu', store: 'web' } },
          ],
        },
      ],
    });
  });

  it('sends nothing when the metadata is already so (keys in any order), and prints the image', async () => {
    cloud.on('GET', `/v2/images/${ID}`, 200, IMAGE);
    const run = await runCli(['location-update', ID, '--url', WEB, '--metadata', '{"store": "web", "mirror": "eu"}'], { env: cloud.env });
    expect(run.stdout).toBe(PRINT_DICT);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET /v2/images/${ID}`]);
  });

  it('warns on stdout, above the table, that the metadata becomes {} without --metadata', async () => {
    cloud.on('GET', `/v2/images/${ID}`, 200, IMAGE);
    cloud.on('PATCH', `/v2/images/${ID}`, 200, IMAGE);
    cloud.on('GET', `/v2/images/${ID}`, 200, IMAGE);
    const run = await runCli(['location-update', ID, '--url', WEB], { env: cloud.env });
    expect(run.stdout).toBe(`WARNING -- The location's metadata will be updated to an empty JSON object.\n${PRINT_DICT}`);
    expect((patchOf(2).operations as { value: { metadata: unknown }[] }[])[0]!.value[1]!.metadata).toEqual({});
  });

  it('keeps the warning out of -f json', async () => {
    cloud.on('GET', `/v2/images/${ID}`, 200, IMAGE);
    cloud.on('PATCH', `/v2/images/${ID}`, 200, IMAGE);
    cloud.on('GET', `/v2/images/${ID}`, 200, IMAGE);
    const run = await runCli(['location-update', ID, '--url', WEB, '-f', 'json', '-c', 'id'], { env: cloud.env });
    expect(JSON.parse(run.stdout)).toEqual({ id: ID });
  });

  it('names an unknown URL as the reference does', async () => {
    cloud.on('GET', `/v2/images/${ID}`, 200, IMAGE);
    const run = await runCli(['location-update', ID, '--url', 'http://x/a', '--metadata', '{"a": "b"}'], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', 'HTTP Unknown URL: http://x/a, the URL must be one of existing locations of current image\n']);
  });

  it('refuses metadata that is not JSON before any request', async () => {
    const run = await runCli(['location-update', ID, '--url', WEB, '--metadata', 'nope'], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', 'Metadata is not a valid JSON object.\n']);
    expect(cloud.requests).toEqual([]);
  });
});

describe('add-location', () => {
  const QUEUED = { ...IMAGE, status: 'queued' };

  it('posts the URL and validation data to the locations API, then prints the image as print_image does', async () => {
    cloud.on('POST', `/v2/images/${ID}/locations`, 202, '');
    cloud.on('GET', `/v2/images/${ID}`, 200, IMAGE);
    const validation = '{"os_hash_algo": "sha512", "os_hash_value": "abc"}';
    const run = await runCli(['add-location', ID, '--url', WEB, '--validation-data', validation], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(run.stdout).toBe(PRINT_IMAGE);
    expect(cloud.requests[1]!.headers['content-type']).toBe('application/json');
    expect(cloud.requests[1]!.text).toBe(`{"url":"${WEB}","validation_data":{"os_hash_algo":"sha512","os_hash_value":"abc"}}`);
  });

  it('sends empty validation data by default', async () => {
    cloud.on('POST', `/v2/images/${ID}/locations`, 202, '');
    cloud.on('GET', `/v2/images/${ID}`, 200, QUEUED);
    await runCli(['add-location', ID, '--url', WEB], { env: cloud.env });
    expect(JSON.parse(cloud.requests[1]!.text)).toEqual({ url: WEB, validation_data: {} });
  });

  it('says the cloud lacks the API when Glance has no such route and /versions no v2.17 (Glance before 2024.2)', async () => {
    cloud.on('POST', `/v2/images/${ID}/locations`, 404, '');
    cloud.on('GET', '/versions', 300, { versions: [{ id: 'v2.16', status: 'CURRENT' }] });
    const run = await runCli(['add-location', ID, '--url', WEB], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', 'HTTP This operation is not supported by Glance.\n']);
  });

  it('passes on a 404 of a cloud that has the API (an unknown image)', async () => {
    cloud.on('POST', `/v2/images/${ID}/locations`, 404, { message: `No image found with ID ${ID}` });
    cloud.on('GET', '/versions', 300, { versions: [{ id: 'v2.17', status: 'CURRENT' }] });
    const run = await runCli(['add-location', ID, '--url', WEB], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `HTTP No image found with ID ${ID}\n`]);
  });

  it.each([
    ['not JSON', '{os_hash_algo: md5}', 'validation-data is not a valid JSON object.'],
    ['not an object', '["md5"]', 'validation-data is not a valid JSON object.'],
    ['another key', '{"checksum": "x"}', 'Validation Data should contain only os_hash_algo and os_hash_value. `checksum` is not allowed'],
    ['other keys', '{"a": 1, "os_hash_algo": "md5", "b": 2}', 'Validation Data should contain only os_hash_algo and os_hash_value. `a, b` is not allowed'],
    ['an unknown algorithm', '{"os_hash_algo": "sha3", "os_hash_value": "x"}', "os_hash_algo: `sha3` is incorrect, allowed hashing algorithms: ['sha512', 'sha256', 'sha1', 'md5']"],
    ['a value without an algorithm', '{"os_hash_value": "x"}', "os_hash_algo: `None` is incorrect, allowed hashing algorithms: ['sha512', 'sha256', 'sha1', 'md5']"],
  ])('refuses validation data that is %s before any request', async (_case, validation, message) => {
    const run = await runCli(['add-location', ID, '--url', WEB, '--validation-data', validation], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', `${message}\n`]);
    expect(cloud.requests).toEqual([]);
  });
});
