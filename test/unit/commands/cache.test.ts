/** cache-list, cache-queue, cache-delete and cache-clear against the loopback fake, on a direct endpoint (token mode). */
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { fakeCloudPerTest } from '../../helpers/fake-openstack.js';

const IMAGE = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
const OTHER = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e02';
const QUEUED = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e03';

/** GET /versions of a Zed Glance without image_cache_dir: no v2.14. */
const VERSIONS_WITHOUT_CACHE = { versions: [{ id: 'v2.15', status: 'CURRENT' }, { id: 'v2.13', status: 'SUPPORTED' }] };
const VERSIONS_WITH_CACHE = { versions: [{ id: 'v2.16', status: 'CURRENT' }, { id: 'v2.14', status: 'SUPPORTED' }] };
/** Glance's 404 page when the image is unknown (its HTML error body). */
const NOT_FOUND_PAGE = (id: string): string =>
  `<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  Image ${id} not found.<br /><br />\n\n\n\n </body>\n</html>`;

const cloud = fakeCloudPerTest();
const direct = (): Record<string, string> => ({ OS_AUTH_TOKEN: 'tok', OS_IMAGE_URL: cloud.url });

function htmlAnswer(status: number, page: string): (request: unknown, response: import('node:http').ServerResponse) => void {
  return (_request, response) => {
    response.writeHead(status, { 'content-type': 'text/html; charset=UTF-8' });
    response.end(page);
  };
}

describe('cache-list', () => {
  const STATE = {
    cached_images: [
      { image_id: IMAGE, hits: 3, last_accessed: 1796364364.5073204, last_modified: 1796364300.25, size: 100000 },
      { image_id: OTHER, hits: 0, last_accessed: 0, last_modified: 1796364300, size: 0 },
    ],
    queued_images: [QUEUED],
  };

  it('prints the cached and queued images in a centred table, as print_cached_images does', async () => {
    cloud.on('GET', '/v2/cache', 200, STATE);
    const run = await runCli(['cache-list'], { env: direct() });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    // Printed by python-glanceclient 4.1's utils.print_cached_images from the same JSON.
    expect(run.stdout).toBe(
      [
        '+--------------------------------------+--------+----------------------------+----------------------------+--------+------+',
        '|                  ID                  | State  |    Last Accessed (UTC)     |    Last Modified (UTC)     |  Size  | Hits |',
        '+--------------------------------------+--------+----------------------------+----------------------------+--------+------+',
        '| 6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01 | cached | 2026-12-04T06:06:04.507320 | 2026-12-04T06:05:00.250000 | 100000 |  3   |',
        '| 6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e02 | cached |            N/A             |    2026-12-04T06:05:00     |   0    |  0   |',
        '| 6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e03 | queued |            N/A             |            N/A             |  N/A   | N/A  |',
        '+--------------------------------------+--------+----------------------------+----------------------------+--------+------+',
        '',
      ].join('\n'),
    );
    expect(cloud.log()).toEqual(['GET /v2/cache']);
  });

  it('gives the times and numbers to -f json, null where the table says N/A', async () => {
    cloud.on('GET', '/v2/cache', 200, STATE);
    const run = await runCli(['cache-list', '-f', 'json'], { env: direct() });
    expect(JSON.parse(run.stdout)).toEqual([
      { ID: IMAGE, State: 'cached', 'Last Accessed (UTC)': '2026-12-04T06:06:04.507320', 'Last Modified (UTC)': '2026-12-04T06:05:00.250000', Size: 100000, Hits: 3 },
      { ID: OTHER, State: 'cached', 'Last Accessed (UTC)': null, 'Last Modified (UTC)': '2026-12-04T06:05:00', Size: 0, Hits: 0 },
      { ID: QUEUED, State: 'queued', 'Last Accessed (UTC)': null, 'Last Modified (UTC)': null, Size: null, Hits: null },
    ]);
  });

  it('says the cloud has no cache API when /v2/cache is not found and /versions lacks v2.14', async () => {
    cloud.on('GET', '/v2/cache', 404, '');
    cloud.on('GET', '/versions', 300, VERSIONS_WITHOUT_CACHE);
    const run = await runCli(['cache-list'], { env: direct() });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([1, '', 'HTTP Glance does not support image caching API (v2.14)\n']);
    expect(cloud.log()).toEqual(['GET /v2/cache', 'GET /versions']);
  });

  it('is refused on an Image API v1 cloud', async () => {
    cloud.on('GET', '/versions', 300, { versions: [{ id: 'v1.1', status: 'CURRENT' }, { id: 'v1.0', status: 'SUPPORTED' }] });
    const run = await runCli(['--os-image-api-version', '1', 'cache-list'], { env: { ...direct(), OS_IMAGE_URL: `${cloud.url}/v1` } });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe('cache-list is not available in Image API v1\n');
  });
});

describe('cache-queue', () => {
  it('puts each image and prints nothing', async () => {
    cloud.on('PUT', `/v2/cache/${IMAGE}`, 202, '');
    cloud.on('PUT', `/v2/cache/${OTHER}`, 202, '');
    const run = await runCli(['cache-queue', IMAGE, OTHER], { env: direct() });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, '', '']);
    expect(cloud.log()).toEqual([`PUT /v2/cache/${IMAGE}`, `PUT /v2/cache/${OTHER}`]);
  });

  it('reports each failure in the reference words, goes on with the others, and exits 1 at the end', async () => {
    cloud.route('PUT', '/v2/cache/nope', htmlAnswer(404, NOT_FOUND_PAGE('nope')));
    cloud.on('GET', '/versions', 300, VERSIONS_WITH_CACHE);
    cloud.on('PUT', `/v2/cache/${IMAGE}`, 403, '');
    cloud.on('PUT', `/v2/cache/${OTHER}`, 202, '');
    const run = await runCli(['cache-queue', 'nope', IMAGE, OTHER], { env: direct() });
    expect(run.stderr).toBe(
      "'HTTP 404 Not Found: Image nope not found.': Unable to queue image 'nope' for caching.\n" +
        `You are not permitted to queue the image '${IMAGE}' for caching.\n`,
    );
    expect([run.exitCode, run.stdout]).toEqual([1, '']);
    expect(cloud.log()).toEqual(['PUT /v2/cache/nope', 'GET /versions', `PUT /v2/cache/${IMAGE}`, `PUT /v2/cache/${OTHER}`]);
  });

  it('asks /versions once however many images fail, and words a missing cache API per image as the reference does', async () => {
    cloud.on('PUT', '/v2/cache/a', 404, '');
    cloud.on('GET', '/versions', 300, VERSIONS_WITHOUT_CACHE);
    cloud.on('PUT', '/v2/cache/b', 404, '');
    const run = await runCli(['cache-queue', 'a', 'b'], { env: direct() });
    expect(run.stderr).toBe(
      "'HTTP Glance does not support image caching API (v2.14)': Unable to queue image 'a' for caching.\n" +
        "'HTTP Glance does not support image caching API (v2.14)': Unable to queue image 'b' for caching.\n",
    );
    expect(run.exitCode).toBe(1);
  });

  it('works on the catalog endpoint too, as python-glanceclient does (its direct-endpoint check only fails without any endpoint)', async () => {
    cloud.keystoneIssuesToken();
    cloud.on('PUT', `/v2/cache/${IMAGE}`, 202, '');
    const run = await runCli(['cache-queue', IMAGE], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `PUT /v2/cache/${IMAGE}`]);
  });

  it('encodes the id as one path segment', async () => {
    cloud.on('PUT', '/v2/cache/a%2Fb', 202, '');
    const run = await runCli(['cache-queue', 'a/b'], { env: direct() });
    expect(run.exitCode).toBe(0);
  });

  it('needs at least one image id (a usage error)', async () => {
    const run = await runCli(['cache-queue'], { env: direct() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('glance cache-queue: error: the following arguments are required: <IMAGE_ID>');
  });
});

describe('cache-delete', () => {
  it('deletes each image from the cache and the queue', async () => {
    cloud.on('DELETE', `/v2/cache/${IMAGE}`, 204, '');
    const run = await runCli(['cache-delete', IMAGE], { env: direct() });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, '', '']);
    expect(cloud.log()).toEqual([`DELETE /v2/cache/${IMAGE}`]);
  });

  it('reports a refusal and an unknown image in the reference words, exit 1', async () => {
    cloud.on('DELETE', `/v2/cache/${IMAGE}`, 403, '');
    cloud.route('DELETE', '/v2/cache/nope', htmlAnswer(404, NOT_FOUND_PAGE('nope')));
    cloud.on('GET', '/versions', 300, VERSIONS_WITH_CACHE);
    const run = await runCli(['cache-delete', IMAGE, 'nope'], { env: direct() });
    expect(run.stderr).toBe(
      `You are not permitted to delete the image '${IMAGE}' from cache.\n` +
        "'HTTP 404 Not Found: Image nope not found.': Unable to delete image 'nope' from cache.\n",
    );
    expect(run.exitCode).toBe(1);
  });
});

describe('cache-clear', () => {
  it('clears both without a target header by default', async () => {
    cloud.on('DELETE', '/v2/cache', 204, '');
    const run = await runCli(['cache-clear'], { env: direct() });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, '', '']);
    expect(cloud.requests[0]!.headers['x-image-cache-clear-target']).toBeUndefined();
  });

  it.each(['cache', 'queue'])('sends x-image-cache-clear-target: %s', async (target) => {
    cloud.on('DELETE', '/v2/cache', 204, '');
    const run = await runCli(['cache-clear', '--target', target], { env: direct() });
    expect(run.exitCode).toBe(0);
    expect(cloud.requests[0]!.headers['x-image-cache-clear-target']).toBe(target);
  });

  it('rejects another target as argparse does', async () => {
    const run = await runCli(['cache-clear', '--target', 'all'], { env: direct() });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe("glance cache-clear: error: argument --target: invalid choice: 'all' (choose from 'both', 'cache', 'queue')");
    expect(cloud.requests).toEqual([]);
  });

  it('words a refusal as the reference does, and exits 1', async () => {
    cloud.on('DELETE', '/v2/cache', 403, '');
    const run = await runCli(['cache-clear'], { env: direct() });
    expect([run.exitCode, run.stderr]).toEqual([1, 'You are not permitted to delete image(s) from cache.\n']);
  });

  it('words other errors as the reference does', async () => {
    cloud.on('DELETE', '/v2/cache', 404, '');
    cloud.on('GET', '/versions', 300, VERSIONS_WITHOUT_CACHE);
    const run = await runCli(['cache-clear', '--target', 'queue'], { env: direct() });
    expect([run.exitCode, run.stderr]).toEqual([1, "'HTTP Glance does not support image caching API (v2.14)': Unable to delete image(s) from cache.\n"]);
  });
});
