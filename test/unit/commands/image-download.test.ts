import { createHash, randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { image, startFakeOpenStack, type FakeOpenStack, type RecordedRequest } from '../../helpers/fake-openstack.js';

const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
// Random, so that data from the wrong offset cannot pass for the right data.
const DATA = randomBytes(3 * 1024 * 1024 + 17);
const CUT = 1024 * 1024;
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
  response.write(DATA.subarray(0, CUT), () => response.destroy());
}

/** Glance's answer to `Range: bytes=FROM-`: 206 with the rest of DATA; the Range asked for is recorded. */
function partial(ranges: string[]) {
  return (request: RecordedRequest, response: ServerResponse): void => {
    ranges.push(request.headers.range ?? 'none');
    const from = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? '')?.[1] ?? 0);
    response.writeHead(206, {
      'content-type': 'application/octet-stream',
      'content-length': String(DATA.length - from),
      'content-range': `bytes ${from}-${DATA.length - 1}/${DATA.length}`,
    });
    response.end(DATA.subarray(from));
  };
}

const fileUrl = (): string => `${cloud.url}/v2/images/${ID}/file`;

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

  it('leaves no file when the connection drops mid-body and there is no retry (--retries 0)', async () => {
    cloud
      .keystoneIssuesToken()
      .on('GET', `/v2/images/${ID}`, 200, image({ checksum: MD5 }))
      .route('GET', `/v2/images/${ID}/file`, cutShort);
    const run = await runCli(['--retries', '0', 'image-download', ID, '--file', join(directory, 'out.img')], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`Download of image '${ID}' failed after ${CUT} of ${DATA.length} bytes: the connection to ${fileUrl()} was lost (other side closed)\n`);
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
    const run = await runCli(['--retries', '0', 'image-download', ID], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^Download of image '${ID}' failed after ${CUT} of ${DATA.length} bytes: [^\\n]+\\n$`));
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

describe('image-download through a cut connection', () => {
  const record = image({ os_hash_algo: 'sha512', os_hash_value: SHA512, checksum: MD5, size: DATA.length });

  it('asks for the rest with a Range request, appends it and verifies the whole image', async () => {
    const ranges: string[] = [];
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, record).route('GET', `/v2/images/${ID}/file`, cutShort).route('GET', `/v2/images/${ID}/file`, partial(ranges));
    const file = join(directory, 'out.img');
    const run = await runCli(['image-download', ID, '--file', file], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, `Retrying GET ${fileUrl()} from byte ${CUT} after the connection was lost (attempt 2 of 4) in 0.5 s\n`]);
    expect(ranges).toEqual([`bytes=${CUT}-`]);
    expect((await readFile(file)).equals(DATA)).toBe(true);
    expect(await readdir(directory)).toEqual(['out.img']);
  });

  it('resumes a download to stdout the same way', async () => {
    const ranges: string[] = [];
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, record).route('GET', `/v2/images/${ID}/file`, cutShort).route('GET', `/v2/images/${ID}/file`, partial(ranges));
    const run = await runCli(['image-download', ID], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stdoutBytes.equals(DATA)).toBe(true);
    expect(ranges).toEqual([`bytes=${CUT}-`]);
  });

  it('after --retries cuts, exits 1 and leaves nothing under the final name', async () => {
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, record).route('GET', `/v2/images/${ID}/file`, cutShort);
    for (let cut = 0; cut < 2; cut++) {
      cloud.route('GET', `/v2/images/${ID}/file`, (request, response) => {
        const from = Number(/^bytes=(\d+)-$/.exec(request.headers.range ?? '')![1]);
        response.writeHead(206, { 'content-length': String(DATA.length - from), 'content-range': `bytes ${from}-${DATA.length - 1}/${DATA.length}` });
        response.write(DATA.subarray(from, from + CUT), () => response.destroy());
      });
    }
    const run = await runCli(['--retries', '2', 'image-download', ID, '--file', join(directory, 'out.img')], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(
      `Retrying GET ${fileUrl()} from byte ${CUT} after the connection was lost (attempt 2 of 3) in 0.5 s\n` +
        `Retrying GET ${fileUrl()} from byte ${2 * CUT} after the connection was lost (attempt 3 of 3) in 1 s\n` +
        `Download of image '${ID}' failed after ${3 * CUT} of ${DATA.length} bytes: the connection to ${fileUrl()} was lost (other side closed)\n`,
    );
    expect(await readdir(directory)).toEqual([]);
  });

  it('a server that ignores Range (200): reads again from the start, skips what it had, and says so', async () => {
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, record).route('GET', `/v2/images/${ID}/file`, cutShort).on('GET', `/v2/images/${ID}/file`, 200, DATA);
    const file = join(directory, 'out.img');
    const run = await runCli(['image-download', ID, '--file', file], { env: cloud.env });
    expect(run.exitCode).toBe(0);
    expect(run.stderr.split('\n').slice(1)).toEqual([
      `The server ignored the request to resume image '${ID}' at byte ${CUT}: reading it again from the start, skipping the ${CUT} bytes already received`,
      '',
    ]);
    expect((await readFile(file)).equals(DATA)).toBe(true);
  });

  it('a stall is not retried: --timeout ends it in one line naming the URL', async () => {
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, record).route('GET', `/v2/images/${ID}/file`, (_request, response) => {
      response.writeHead(200, { 'content-length': String(DATA.length) });
      response.write(DATA.subarray(0, CUT));
    });
    const run = await runCli(['--timeout', '0.3', 'image-download', ID, '--file', join(directory, 'out.img')], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toBe(`Download of image '${ID}' failed after ${CUT} of ${DATA.length} bytes: the transfer from ${fileUrl()} stalled: no data for 0.3 s (--timeout)\n`);
    expect(await readdir(directory)).toEqual([]);
  });
});

describe('image-download --continue', () => {
  const record = image({ os_hash_algo: 'sha512', os_hash_value: SHA512, checksum: MD5, size: DATA.length });

  it('fetches only what FILE lacks, with a Range request, and verifies the whole', async () => {
    const file = join(directory, 'out.img');
    await writeFile(file, DATA.subarray(0, 1000));
    const ranges: string[] = [];
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, record).route('GET', `/v2/images/${ID}/file`, partial(ranges));
    const run = await runCli(['image-download', ID, '--file', file, '--continue'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(ranges).toEqual(['bytes=1000-']);
    expect((await readFile(file)).equals(DATA)).toBe(true);
  });

  it('a complete FILE is only verified: the data is not requested', async () => {
    const file = join(directory, 'out.img');
    await writeFile(file, DATA);
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, record);
    const run = await runCli(['image-download', ID, '--file', file, '--continue'], { env: cloud.env });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(cloud.log()).toEqual(['POST /v3/auth/tokens', `GET /v2/images/${ID}`]);
  });

  it('a corrupted prefix fails the checksum: exit 1, FILE removed', async () => {
    const file = join(directory, 'out.img');
    const prefix = Buffer.from(DATA.subarray(0, 1000));
    prefix[10]! ^= 1;
    await writeFile(file, prefix);
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, record).route('GET', `/v2/images/${ID}/file`, partial([]));
    const run = await runCli(['image-download', ID, '--file', file, '--continue'], { env: cloud.env });
    expect(run.exitCode).toBe(1);
    expect(run.stderr).toMatch(new RegExp(`^Corrupt image download\\. Hash was [0-9a-f]{128} expected ${SHA512}\\n$`));
    expect(await readdir(directory)).toEqual([]);
  });

  it('a cut leaves what arrived in FILE, and the next --continue finishes it', async () => {
    const file = join(directory, 'out.img');
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, record).route('GET', `/v2/images/${ID}/file`, cutShort);
    const first = await runCli(['--retries', '0', 'image-download', ID, '--file', file, '--continue'], { env: cloud.env });
    expect(first.exitCode).toBe(1);
    expect((await stat(file)).size).toBe(CUT);
    const ranges: string[] = [];
    cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, record).route('GET', `/v2/images/${ID}/file`, partial(ranges));
    const second = await runCli(['image-download', ID, '--file', file, '--continue'], { env: cloud.env });
    expect([second.exitCode, second.stderr]).toEqual([0, '']);
    expect(ranges).toEqual([`bytes=${CUT}-`]);
    expect((await readFile(file)).equals(DATA)).toBe(true);
  });

  it('needs --file (a usage error, before any request)', async () => {
    const run = await runCli(['image-download', ID, '--continue'], { env: cloud.env });
    expect(run.exitCode).toBe(2);
    expect(run.stderr.trimEnd().split('\n').at(-1)).toBe('glance image-download: error: --continue needs --file: a download to stdout cannot be continued');
    expect(cloud.requests).toEqual([]);
  });
});

describe('retries of the image record', () => {
  it('a 503 with Retry-After is retried after the time it asks for', async () => {
    const pauses: number[] = [];
    cloud
      .keystoneIssuesToken()
      .on('GET', `/v2/images/${ID}`, 503, '', { 'retry-after': '7' })
      .on('GET', `/v2/images/${ID}`, 200, image({ os_hash_algo: 'sha512', os_hash_value: SHA512 }))
      .on('GET', `/v2/images/${ID}/file`, 200, DATA);
    const run = await runCli(['image-download', ID], { env: cloud.env, retryTiming: { pause: async (ms) => void pauses.push(ms), random: () => 0 } });
    expect(run.exitCode).toBe(0);
    expect(run.stderr).toBe(`Retrying GET ${cloud.url}/v2/images/${ID} after HTTP 503 (attempt 2 of 4) in 7 s\n`);
    expect(pauses).toEqual([7000]);
    expect(run.stdoutBytes.equals(DATA)).toBe(true);
  });
});
