import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { image, startFakeOpenStack, type FakeOpenStack } from '../../helpers/fake-openstack.js';

const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
const DATA = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
const SHA512 = createHash('sha512').update(DATA).digest('hex');
const MD5 = createHash('md5').update(DATA).digest('hex');

let cloud: FakeOpenStack;
let directory: string;
beforeEach(async () => {
  cloud = await startFakeOpenStack();
  directory = await mkdtemp(join(tmpdir(), 'glance-download-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
  expect(cloud.unmatched).toEqual([]);
  await cloud.close();
});

/** Announces all of DATA, sends 1 MiB of it, and hangs up. */
function cutShort(_request: unknown, response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(DATA.length) });
  response.write(DATA.subarray(0, 1024 * 1024), () => response.destroy());
}

function serves(record: Record<string, unknown>, data: Buffer = DATA): void {
  cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, image(record)).on('GET', `/v2/images/${ID}/file`, 200, data);
}

describe('image-download', () => {
  it('writes the verified data under the final name and nothing else', async () => {
    serves({ os_hash_algo: 'sha512', os_hash_value: SHA512, checksum: MD5 });
    const file = join(directory, 'out.img');
    const run = await runCli(['image-download', ID, '--file', file], { env: cloud.env });
    expect([run.exitCode, run.stdout, run.stderr]).toEqual([0, '', '']);
    expect((await readFile(file)).equals(DATA)).toBe(true);
    expect(await readdir(directory)).toEqual(['out.img']);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET /v2/images/${ID}`, `GET /v2/images/${ID}/file`]);
  });

  it('leaves no file at all when the hash does not match', async () => {
    serves({ os_hash_algo: 'sha512', os_hash_value: 'f'.repeat(128), checksum: MD5 });
    const run = await runCli(['image-download', ID, '--file', join(directory, 'out.img')], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`Corrupt image download. Hash was ${SHA512} expected ${'f'.repeat(128)}\n`);
    expect(await readdir(directory)).toEqual([]);
  });

  it('falls back to the md5 checksum when the image has no multihash', async () => {
    serves({ checksum: '0'.repeat(32) });
    const run = await runCli(['image-download', ID, '--file', join(directory, 'out.img')], { env: cloud.env });
    expect(run.stderr).toBe(`Corrupt image download. Checksum was ${MD5} expected ${'0'.repeat(32)}\n`);
    expect(await readdir(directory)).toEqual([]);
  });

  it('leaves no file when the connection drops mid-body', async () => {
    cloud
      .keystoneIssuesToken()
      .on('GET', `/v2/images/${ID}`, 200, image({ checksum: MD5 }))
      .route('GET', `/v2/images/${ID}/file`, cutShort);
    const run = await runCli(['image-download', ID, '--file', join(directory, 'out.img')], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^Download of image '${ID}' failed: `));
    expect(await readdir(directory)).toEqual([]);
  });

  it('streams to stdout when it is not a terminal', async () => {
    serves({ os_hash_algo: 'sha512', os_hash_value: SHA512 });
    const run = await runCli(['image-download', ID], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdoutBytes.equals(DATA)).toBe(true);
  });

  it('refuses to write binary data to a terminal, before any request', async () => {
    const run = await runCli(['image-download', ID], { env: cloud.env, stdoutIsTTY: true });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      'No redirection or local file specified for downloaded image data. Please specify a local file with --file to save downloaded image or redirect output to another source.\n',
    );
    expect(cloud.requests).toEqual([]);
  });

  it('words HTTP errors as the reference does', async () => {
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 404, '<html>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID x<br /><br />\n </body>\n</html>', {
      'content-type': 'text/html; charset=UTF-8',
    });
    const run = await runCli(['image-download', ID, '--file', join(directory, 'out.img')], { env: cloud.env });
    expect(run.stderr).toBe(`Unable to download image '${ID}'. (HTTP 404 Not Found: No image found with ID x)\n`);
    expect(run.exitCode).toBe(1);
  });

  it('says when an image has no data', async () => {
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, image({ status: 'queued' })).on('GET', `/v2/images/${ID}/file`, 204);
    const run = await runCli(['image-download', ID, '--file', join(directory, 'out.img')], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([1, `Image ${ID} has no data.\n`]);
    expect(await readdir(directory)).toEqual([]);
  });

  it('checks the data streamed to stdout once it has all gone out, and fails on a mismatch', async () => {
    serves({ os_hash_algo: 'sha512', os_hash_value: 'f'.repeat(128) });
    const run = await runCli(['image-download', ID], { env: cloud.env });
    expect(run.stdoutBytes.equals(DATA)).toBe(true);
    expect([run.exitCode, run.stderr]).toEqual([1, `Corrupt image download. Hash was ${SHA512} expected ${'f'.repeat(128)}\n`]);
  });

  it('fails a stdout download the server cut short, in one line', async () => {
    cloud
      .keystoneIssuesToken()
      .on('GET', `/v2/images/${ID}`, 200, image({ checksum: MD5 }))
      .route('GET', `/v2/images/${ID}/file`, cutShort);
    const run = await runCli(['image-download', ID], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^Download of image '${ID}' failed: [^\\n]+\\n$`));
  });

  it.each([
    ['--allow-md5-fallback', {}],
    ['OS_IMAGE_ALLOW_MD5_FALLBACK', { OS_IMAGE_ALLOW_MD5_FALLBACK: 'yes' }],
  ])('verifies with md5 when the os_hash_algo is unknown here and %s allows it', async (_how, env) => {
    serves({ os_hash_algo: 'no-such-hash', os_hash_value: 'abc', checksum: MD5 });
    const args = Object.keys(env).length === 0 ? ['--allow-md5-fallback'] : [];
    const run = await runCli(['image-download', ID, ...args], { env: { ...cloud.env, ...env } });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(run.stdoutBytes.equals(DATA)).toBe(true);
  });

  it('refuses an os_hash_algo it does not have without the fallback', async () => {
    serves({ os_hash_algo: 'no-such-hash', os_hash_value: 'abc', checksum: MD5 });
    const run = await runCli(['image-download', ID], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      "The image's os_hash_algo no-such-hash is not available on this client; use --allow-md5-fallback to verify with the md5 checksum instead\n",
    );
  });
});
