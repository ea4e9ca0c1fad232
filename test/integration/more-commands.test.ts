/**
 * cache-*, location-*, add-location, usage and explain against the real test cloud, side by side
 * with python-glanceclient 4.1 (Debian): same arguments, same cloud, normalised stdout, stderr and
 * exit codes compared. The cache and location commands run on the cache node (a second
 * glance-api with the cache middleware, shown locations, a read-only http store and unified
 * limits; test/cloud/README.md), reached with --os-image-url as an operator reaches one node.
 * Where ours deliberately differs (README, "Differences"), the test asserts both behaviours.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closedPortUrl,
  cloud,
  createImage,
  digest,
  getImage,
  ImageJanitor,
  listRows,
  normalise,
  ours,
  parseShowTable,
  reference,
  tokenFor,
  type CredentialName,
  type RunOptions,
  type RunResult,
} from './helpers.js';
import { startWebServer, type WebServer } from './import-helpers.js';

const janitor = new ImageJanitor('more');
const DATA = randomBytes(300_000);
/** An active image with DATA in the `fast` store. */
let active: string;
/** A record without data. */
let queued: string;
let dir: string;

/** `--os-image-url` of the cache node: the direct endpoint of one Glance node. */
const onCacheNode = (): string[] => ['--os-image-url', cloud().glanceCacheUrl];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glance-it-more-'));
  active = janitor.trackImage(await createImage({ name: janitor.name('active'), disk_format: 'raw', container_format: 'bare' }, { data: DATA })).id;
  queued = janitor.trackImage(await createImage({ name: janitor.name('queued'), disk_format: 'raw', container_format: 'bare' })).id;
});

afterAll(async () => {
  await cacheNodeApi('DELETE', '/v2/cache');
  await janitor.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

function normalised(result: RunResult): { stdout: string; stderr: string; code: number | null } {
  return { stdout: normalise(result.stdout), stderr: normalise(result.stderr), code: result.code };
}

/** The reference, then ours (one after the other: each may change what the other sees), compared. */
async function expectParity(args: string[], options: Omit<RunOptions, 'stdin'> = {}): Promise<{ ref: RunResult; our: RunResult }> {
  const ref = await reference(args, options);
  const our = await ours(args, options);
  expect(normalised(our)).toEqual(normalised(ref));
  return { ref, our };
}

/** Same output, but ours exits 1 where python-glanceclient exits 0 after reporting a failure (cache-queue, -delete, -clear). */
async function expectSameWordsButFailure(args: string[], options: Omit<RunOptions, 'stdin'> = {}): Promise<RunResult> {
  const ref = await reference(args, options);
  const our = await ours(args, options);
  expect({ ...normalised(our), code: ref.code }).toEqual(normalised(ref));
  expect([ref.code, our.code]).toEqual([0, 1]);
  return our;
}

/** A usage error: exit 2 and argparse's last line (our usage line lists the output options too). */
async function expectSameUsageError(args: string[]): Promise<void> {
  const ref = await reference(args);
  const our = await ours(args);
  const lastLine = (result: RunResult): string => result.stderr.trimEnd().split('\n').at(-1) ?? '';
  expect([our.code, lastLine(our), our.stdout]).toEqual([ref.code, lastLine(ref), ref.stdout]);
  expect(our.code).toBe(2);
}

async function cacheNodeApi(method: string, path: string, as: CredentialName = 'admin'): Promise<Response> {
  return fetch(`${cloud().glanceCacheUrl}${path}`, { method, headers: { 'X-Auth-Token': await tokenFor(as) } });
}

interface CacheState {
  cached_images: { image_id: string; hits: number; size: number }[];
  queued_images: string[];
}

async function cacheState(): Promise<CacheState> {
  const response = await cacheNodeApi('GET', '/v2/cache');
  expect(response.status).toBe(200);
  return (await response.json()) as CacheState;
}

/** The cache node fetches a queued image in the background: waits until it is in the cache. */
async function waitUntilCached(id: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await cacheState()).cached_images.some((image) => image.image_id === id)) {
    if (Date.now() > deadline) {
      throw new Error(`image ${id} not cached after 60 s: ${JSON.stringify(await cacheState())}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('cache-* on the cache node', () => {
  beforeAll(async () => {
    expect((await cacheNodeApi('DELETE', '/v2/cache')).status).toBe(204);
  });

  it('cache-list of an empty cache: the centred header block', async () => {
    const { our } = await expectParity([...onCacheNode(), 'cache-list']);
    expect(our.stdout).toBe(
      [
        '+----+-------+---------------------+---------------------+------+------+',
        '| ID | State | Last Accessed (UTC) | Last Modified (UTC) | Size | Hits |',
        '+----+-------+---------------------+---------------------+------+------+',
        '+----+-------+---------------------+---------------------+------+------+',
        '',
      ].join('\n'),
    );
  });

  it('cache-queue: the node fetches the image into its cache, and cache-list shows it', async () => {
    const { our } = await expectParity([...onCacheNode(), 'cache-queue', active]);
    expect([our.code, our.stdout, our.stderr]).toEqual([0, '', '']);
    await waitUntilCached(active);
    const listed = await expectParity([...onCacheNode(), 'cache-list']);
    const rows = listRows(listed.our.stdout);
    expect(rows.slice(1).map((row) => [row[0], row[1], row[4], row[5]])).toEqual([[active, 'cached', String(DATA.length), '0']]);
  });

  it('cache-delete takes it out of the cache', async () => {
    const { our } = await expectParity([...onCacheNode(), 'cache-delete', active]);
    expect([our.code, our.stdout, our.stderr]).toEqual([0, '', '']);
    expect((await cacheState()).cached_images).toEqual([]);
  });

  it('a download through the cache node caches the image; the next is served from the cache, which cache-list counts', async () => {
    for (const attempt of [1, 2]) {
      const file = join(dir, `download-${attempt}.raw`);
      const download = await ours([...onCacheNode(), 'image-download', active, '--file', file]);
      expect(download.code, download.stderr).toBe(0);
      expect(readFileSync(file).equals(DATA)).toBe(true);
      await waitUntilCached(active);
    }
    const { our } = await expectParity([...onCacheNode(), 'cache-list']);
    const [id, state, , , , hits] = listRows(our.stdout)[1]!;
    expect([id, state, hits]).toEqual([active, 'cached', '1']);
    const json = JSON.parse((await ours([...onCacheNode(), 'cache-list', '-f', 'json'])).stdout) as Record<string, unknown>[];
    expect(json).toEqual([
      expect.objectContaining({ ID: active, State: 'cached', Size: DATA.length, Hits: 1, 'Last Accessed (UTC)': expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{6})?$/) }),
    ]);
  });

  it('cache-clear --target queue keeps the cache; --target cache empties it; both (the default) too', async () => {
    await expectParity([...onCacheNode(), 'cache-clear', '--target', 'queue']);
    expect((await cacheState()).cached_images.map((image) => image.image_id)).toEqual([active]);
    await expectParity([...onCacheNode(), 'cache-clear', '--target', 'cache']);
    expect((await cacheState()).cached_images).toEqual([]);
    const { our } = await expectParity([...onCacheNode(), 'cache-clear']);
    expect([our.code, our.stdout, our.stderr]).toEqual([0, '', '']);
  });

  it('cache-queue of an unknown image and of a queued one: the reference words, exit 1 where the reference exits 0', async () => {
    const unknown = randomUUID();
    const our = await expectSameWordsButFailure([...onCacheNode(), 'cache-queue', unknown, queued]);
    expect(our.stderr).toBe(
      `'HTTP 404 Not Found: Image ${unknown} not found.': Unable to queue image '${unknown}' for caching.\n` +
        `'HTTP 400 Bad Request: Only images with status active can be targeted for queueing': Unable to queue image '${queued}' for caching.\n`,
    );
  });

  it('cache-delete of an unknown image', async () => {
    await expectSameWordsButFailure([...onCacheNode(), 'cache-delete', randomUUID()]);
  });

  it('a member may not read or change the cache (the policies are admin-only)', async () => {
    const list = await expectParity([...onCacheNode(), 'cache-list'], { as: 'demo' });
    expect([list.our.code, list.our.stderr]).toEqual([1, 'HTTP 403 Forbidden: You are not authorized to complete cache_list action.\n']);
    const own = janitor.trackImage(await createImage({ name: janitor.name('demo'), disk_format: 'raw', container_format: 'bare' }, { as: 'demo', data: DATA })).id;
    const queue = await expectSameWordsButFailure([...onCacheNode(), 'cache-queue', own], { as: 'demo' });
    expect(queue.stderr).toBe(`You are not permitted to queue the image '${own}' for caching.\n`);
    const clear = await expectSameWordsButFailure([...onCacheNode(), 'cache-clear'], { as: 'demo' });
    expect(clear.stderr).toBe('You are not permitted to delete image(s) from cache.\n');
  });

  it('works on the catalog endpoint too (glance-api has its own cache): the reference does not insist on --os-image-url either', async () => {
    const { our } = await expectParity(['cache-list']);
    expect(our.code).toBe(0);
  });

  it('usage errors: no image id, an unknown --target', async () => {
    await expectSameUsageError(['cache-queue']);
    await expectSameUsageError(['cache-clear', '--target', 'all']);
  });
});

describe('location-* on the cache node (show_multiple_locations, http store)', () => {
  let web: WebServer;
  let urlA: string;
  let urlB: string;
  /** Twin queued images with the same name: the reference works on one, ours on the other. */
  let refImage: string;
  let ourImage: string;

  beforeAll(async () => {
    web = await startWebServer();
    urlA = web.serve('a.raw', DATA);
    urlB = web.serve('b.raw', DATA);
    const name = janitor.name('loc');
    refImage = janitor.trackImage(await createImage({ name, disk_format: 'raw', container_format: 'bare' })).id;
    ourImage = janitor.trackImage(await createImage({ name, disk_format: 'raw', container_format: 'bare' })).id;
  });

  afterAll(async () => {
    // Through the cache node: glance-api does not know the web store, and fails to delete an
    // image whose only location is there (HTTP 500, "Unknown scheme 'http'").
    for (const id of [refImage, ourImage]) {
      const response = await cacheNodeApi('DELETE', `/v2/images/${id}`);
      expect([204, 404]).toContain(response.status);
    }
    await web?.stop();
  });

  /** The same command on the twin images: the reference on its own, ours on the other. */
  async function expectTwinParity(args: (image: string) => string[]): Promise<{ ref: RunResult; our: RunResult }> {
    const ref = await reference([...onCacheNode(), ...args(refImage)]);
    const our = await ours([...onCacheNode(), ...args(ourImage)]);
    expect(normalised(our)).toEqual(normalised(ref));
    return { ref, our };
  }

  async function locationsOf(id: string): Promise<unknown> {
    const response = await cacheNodeApi('GET', `/v2/images/${id}`);
    return ((await response.json()) as { locations: unknown }).locations;
  }

  it('location-add gives a queued image its data by URL, with validation data, and prints the image (print_dict)', async () => {
    const md5 = digest('md5', DATA);
    const sha512 = digest('sha512', DATA);
    const { our } = await expectTwinParity((image) => [
      'location-add',
      image,
      '--url',
      urlA,
      '--metadata',
      '{"mirror": "eu"}',
      '--checksum',
      md5,
      '--hash-algo',
      'sha512',
      '--hash-value',
      sha512,
    ]);
    const shown = parseShowTable(our.stdout);
    expect([our.code, shown.status, shown.size, shown.stores, shown.checksum, shown.os_hash_value]).toEqual([0, 'active', String(DATA.length), 'web', md5, sha512]);
    expect(shown.file).toBe(`/v2/images/${ourImage}/file`);
    expect(await locationsOf(ourImage)).toEqual([{ url: urlA, metadata: { mirror: 'eu', store: 'web' } }]);
  });

  it('location-update replaces the metadata, and sends nothing when it is already so', async () => {
    await expectTwinParity((image) => ['location-update', image, '--url', urlA, '--metadata', '{"mirror": "us"}']);
    expect(await locationsOf(ourImage)).toEqual([{ url: urlA, metadata: { mirror: 'us', store: 'web' } }]);
    await expectTwinParity((image) => ['location-update', image, '--url', urlA, '--metadata', '{"store": "web", "mirror": "us"}']);
  });

  it('location-update without --metadata warns on stdout, above the table', async () => {
    const { our } = await expectTwinParity((image) => ['location-update', image, '--url', urlA]);
    expect(our.stdout.split('\n')[0]).toBe("WARNING -- The location's metadata will be updated to an empty JSON object.");
  });

  it('location-add of a second URL, location-delete of it', async () => {
    await expectTwinParity((image) => ['location-add', image, '--url', urlB]);
    expect(((await locationsOf(ourImage)) as { url: string }[]).map((location) => location.url)).toEqual([urlA, urlB]);
    const { our } = await expectTwinParity((image) => ['location-delete', image, '--url', urlB]);
    expect([our.code, our.stdout, our.stderr]).toEqual([0, '', '']);
    expect(((await locationsOf(ourImage)) as { url: string }[]).map((location) => location.url)).toEqual([urlA]);
  });

  it.each([
    ['the last location of an active image', () => ['location-delete', '--url', urlA]],
    ['a URL the image does not have', () => ['location-delete', '--url', urlB]],
    ['location-update of a URL the image does not have', () => ['location-update', '--url', urlB, '--metadata', '{"a": "b"}']],
    ['metadata that is not JSON', () => ['location-update', '--url', urlA, '--metadata', '{a: b}']],
  ])('refused: %s', async (_case, args) => {
    const { our } = await expectTwinParity((image) => [args()[0]!, image, ...args().slice(1)]);
    expect(our.code).toBe(1);
  });

  it('location-add of a URL Glance cannot read: HTTP 400 Invalid location', async () => {
    const closed = await closedPortUrl('/disk.raw');
    const { our } = await expectTwinParity((image) => ['location-add', image, '--url', closed]);
    expect(our.stderr).toBe('HTTP 400 Bad Request: Invalid location\n');
  });

  it('location-add to an unknown image, and without --url', async () => {
    await expectParity([...onCacheNode(), 'location-add', randomUUID(), '--url', urlA]);
    await expectSameUsageError(['location-add', active]);
  });

  describe('on glance-api, which hides locations', () => {
    it('location-add: Glance refuses', async () => {
      const { our } = await expectParity(['location-add', active, '--url', urlA]);
      expect(our.stderr).toBe('HTTP 403 Forbidden: It&#x27;s not allowed to add locations if locations are invisible.\n');
    });

    it('location-delete and location-update: the client says locations are disabled', async () => {
      for (const args of [
        ['location-delete', active, '--url', urlA],
        ['location-update', active, '--url', urlA, '--metadata', '{"a": "b"}'],
      ]) {
        const { our } = await expectParity(args);
        expect([our.code, our.stderr]).toEqual([1, 'HTTP The administrator has disabled API access to image locations\n']);
      }
    });

    it('location-update without --metadata: the reference warns on stdout before failing, ours only when it updates', async () => {
      const args = ['location-update', active, '--url', urlA];
      const [ref, our] = [await reference(args), await ours(args)];
      expect(ref.stdout).toBe("WARNING -- The location's metadata will be updated to an empty JSON object.\n");
      expect(our.stdout).toBe('');
      expect([our.code, our.stderr]).toEqual([ref.code, ref.stderr]);
    });
  });

  it("add-location: Zed's Glance has no locations API (v2.17), which ours says as python-glanceclient 4.7+ does; 4.1 has no such command", async () => {
    const our = await ours([...onCacheNode(), 'add-location', queued, '--url', urlA]);
    expect([our.code, our.stdout, our.stderr]).toEqual([1, '', 'HTTP This operation is not supported by Glance.\n']);
    const ref = await reference([...onCacheNode(), 'add-location', queued, '--url', urlA]);
    expect(ref.code).toBe(2);
    expect((await getImage(queued))?.status).toBe('queued');
  });
});

describe('usage', () => {
  it('on the cache node: the registered limits of Keystone unified limits, and the usage', async () => {
    for (const as of ['admin', 'demo'] as const) {
      const { our } = await expectParity([...onCacheNode(), 'usage'], { as });
      expect(listRows(our.stdout).map((row) => row.slice(0, 2))).toEqual([
        ['Quota', 'Limit'],
        ['image_size_total', '1048576'],
        ['image_stage_total', '1048576'],
        ['image_count_total', '100000'],
        ['image_count_uploading', '1000'],
      ]);
    }
  });

  it("counts the project's images", async () => {
    const count = async (): Promise<number> => {
      const rows = JSON.parse((await ours([...onCacheNode(), 'usage', '-f', 'json'], { as: 'demo' })).stdout) as { Quota: string; Usage: number }[];
      return rows.find((row) => row.Quota === 'image_count_total')!.Usage;
    };
    const before = await count();
    janitor.trackImage(await createImage({ name: janitor.name('counted') }, { as: 'demo' }));
    expect(await count()).toBe(before + 1);
  });

  it('on glance-api, which enforces no Keystone limits: the header block', async () => {
    const { our } = await expectParity(['usage']);
    expect(our.stdout).toBe(['+-------+-------+-------+', '| Quota | Limit | Usage |', '+-------+-------+-------+', '+-------+-------+-------+', ''].join('\n'));
  });
});

describe('explain', () => {
  it.each(['image', 'images', 'member', 'task', 'metadefs/namespace', 'metadefs/resource_type'])('explain %s', async (model) => {
    const { our } = await expectParity(['explain', model]);
    expect(our.code).toBe(0);
  });

  it('an unknown model, and no model', async () => {
    const { our } = await expectParity(['explain', 'nothing']);
    expect([our.code, our.stderr]).toEqual([1, "Unable to find requested model 'nothing'\n"]);
    await expectSameUsageError(['explain']);
  });
});
