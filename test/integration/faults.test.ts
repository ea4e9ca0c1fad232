/**
 * The faults a real cloud produces behind a load balancer, made by a loopback fault proxy
 * (test/helpers/fault-proxy.ts) in front of the real Glance: 503s with and without Retry-After,
 * reset connections, downloads cut or stalled mid-stream, a server that ignores Range. And
 * image-download --continue after a cut and after Ctrl-C. Our CLI talks to the proxy with
 * `--os-image-url` and a token.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from '../helpers/fault-proxy.js';
import { cleanEnv, closedPortUrl, cloud, createImage, digest, getImage, ImageJanitor, imagesNamed, OUR_CLI, ours, REPO_ROOT, tokenFor, type RunOptions, type RunResult } from './helpers.js';

const janitor = new ImageJanitor('faults');
const MiB = 1024 * 1024;
const DATA = randomBytes(8 * MiB + 123);
const SHA512 = digest('sha512', DATA);
let proxy: FaultProxy;
let token: string;
let imageId: string;
let scratch: string;

beforeAll(async () => {
  token = await tokenFor('admin');
  imageId = janitor.trackImage(await createImage({ name: janitor.name('data'), disk_format: 'raw', container_format: 'bare' }, { data: DATA })).id;
  proxy = await startFaultProxy(cloud().glanceUrl);
  scratch = mkdtempSync(join(tmpdir(), 'glance-it-faults-'));
});
afterEach(() => {
  proxy.reset();
});
afterAll(async () => {
  await proxy?.close();
  await janitor.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

/** Our CLI against the proxy, in token mode. */
function viaProxy(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return ours(['--os-image-url', proxy.url, '--os-auth-token', token, ...args], { as: 'none', ...options });
}

const FILE = (): RegExp => new RegExp(`^/v2/images/${imageId}/file$`);
const RECORD = (): RegExp => new RegExp(`^/v2/images/${imageId}$`);
const fileUrl = (): string => `${proxy.url}/v2/images/${imageId}/file`;
const fileRequests = (): { range?: string; faults: string[] }[] =>
  proxy.requests.filter((request) => request.path === `/v2/images/${imageId}/file`).map(({ range, faults }) => ({ range, faults }));

/** A directory of its own for each download, so that "nothing left" can be checked. */
function directory(label: string): string {
  return mkdtempSync(join(scratch, `${label}-`));
}

describe('a 503-answering or resetting Glance', () => {
  it('with Retry-After: the command finishes after waiting as asked', async () => {
    proxy.inject({ method: 'GET', path: RECORD() }, { kind: 'status', status: 503, headers: { 'retry-after': '1' } }, 2);
    const started = Date.now();
    const result = await viaProxy(['image-show', imageId]);
    expect(result.code).toBe(0);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
    const line = (attempt: number): string => `Retrying GET ${proxy.url}/v2/images/${imageId} after HTTP 503 (attempt ${attempt} of 4) in 1 s`;
    expect(result.stderr).toBe(`${line(2)}\n${line(3)}\n`);
    expect(result.stdout).toContain(imageId);
  });

  it('without Retry-After: backs off half a second or less, then finishes', async () => {
    proxy.inject({ method: 'GET', path: /^\/v2\/images\?/ }, { kind: 'status', status: 502 });
    const result = await viaProxy(['image-list', '--limit', '1']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^Retrying GET ${proxy.url}/v2/images\\?limit=1&sort_key=name&sort_dir=asc after HTTP 502 \\(attempt 2 of 4\\) in 0\\.[345] s\\n$`));
  });

  it('a reset connection is retried', async () => {
    proxy.inject({ method: 'GET', path: RECORD() }, { kind: 'reset' });
    const result = await viaProxy(['image-show', imageId]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^Retrying GET \S+ after the connection was lost \(attempt 2 of 4\) in 0\.[345] s\n$/);
  });

  it('a DELETE and a PUT of a tag are retried, and done once', async () => {
    const image = janitor.trackImage(await createImage({ name: janitor.name('delete') }));
    proxy.inject({ method: 'PUT', path: /\/tags\// }, { kind: 'status', status: 504 });
    proxy.inject({ method: 'DELETE', path: /^\/v2\/images\/[^/]+$/ }, { kind: 'status', status: 503 });
    expect((await viaProxy(['image-tag-update', image.id, 'retried'])).code).toBe(0);
    expect((await getImage(image.id))?.tags).toEqual(['retried']);
    const deleted = await viaProxy(['image-delete', image.id]);
    expect(deleted.code).toBe(0);
    expect(deleted.stderr).toMatch(/^Retrying DELETE \S+ after HTTP 503 \(attempt 2 of 4\)/);
    expect(await getImage(image.id)).toBeUndefined();
  });

  it('a POST is never sent twice: image-create fails at once, and no image is made', async () => {
    const name = janitor.name('post');
    proxy.inject({ method: 'POST', path: /^\/v2\/images$/ }, { kind: 'status', status: 503 });
    const result = await viaProxy(['image-create', '--name', name]);
    expect([result.code, result.stderr]).toEqual([1, 'HTTP HTTPServiceUnavailable\n']);
    expect(proxy.requests.filter((request) => request.method === 'POST')).toHaveLength(1);
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('retries spent: exit 1 with the last answer', async () => {
    proxy.inject({ method: 'GET', path: RECORD() }, { kind: 'status', status: 503, body: 'no healthy upstream' }, 2);
    const result = await viaProxy(['--retries', '1', 'image-show', imageId]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Retrying GET \S+ after HTTP 503 \(attempt 2 of 2\) in 0\.[345] s\nHTTP no healthy upstream\n$/);
  });
});

describe('a download cut mid-stream', () => {
  it('resumes with a Range request from the byte it had and verifies the whole image', async () => {
    proxy.inject({ method: 'GET', path: FILE() }, { kind: 'cut', afterBytes: 3 * MiB });
    const out = join(directory('cut'), 'image.raw');
    const result = await viaProxy(['image-download', imageId, '--file', out]);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(new RegExp(`^Retrying GET ${fileUrl()} from byte (\\d+) after the connection was lost \\(attempt 2 of 4\\) in 0\\.[345] s\\n$`));
    const from = Number(/from byte (\d+)/.exec(result.stderr)![1]);
    expect(from).toBeGreaterThan(0);
    expect(from).toBeLessThanOrEqual(3 * MiB);
    expect(fileRequests()).toEqual([{ faults: ['cut'] }, { range: `bytes=${from}-`, faults: [] }]);
    expect(digest('sha512', readFileSync(out))).toBe(SHA512);
  });

  it('to stdout as well', async () => {
    proxy.inject({ method: 'GET', path: FILE() }, { kind: 'cut', afterBytes: 5 * MiB });
    const result = await viaProxy(['image-download', imageId]);
    expect(result.code).toBe(0);
    expect(digest('sha512', result.stdoutBytes)).toBe(SHA512);
  });

  it('a server that ignores Range: read again from the start, said on stderr, still verified', async () => {
    proxy.inject({ method: 'GET', path: FILE() }, { kind: 'cut', afterBytes: 3 * MiB });
    proxy.inject({ method: 'GET', path: FILE() }, { kind: 'ignoreRange' });
    const out = join(directory('norange'), 'image.raw');
    const result = await viaProxy(['image-download', imageId, '--file', out]);
    expect(result.code).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(new RegExp(`^The server ignored the request to resume image '${imageId}' at byte \\d+: reading it again from the start, skipping the \\d+ bytes already received$`));
    expect(digest('sha512', readFileSync(out))).toBe(SHA512);
  });

  it('after --retries cuts: exit 1 and nothing under the final name', async () => {
    proxy.inject({ method: 'GET', path: FILE() }, { kind: 'cut', afterBytes: MiB }, 3);
    const dir = directory('spent');
    const result = await viaProxy(['--retries', '2', 'image-download', imageId, '--file', join(dir, 'image.raw')]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.slice(0, 2).map((line) => line.replace(/ from byte \d+/, '').replace(/in [\d.]+ s/, 'in N s'))).toEqual([
      `Retrying GET ${fileUrl()} after the connection was lost (attempt 2 of 3) in N s`,
      `Retrying GET ${fileUrl()} after the connection was lost (attempt 3 of 3) in N s`,
    ]);
    expect(lines[2]).toMatch(new RegExp(`^Download of image '${imageId}' failed after \\d+ of ${DATA.length} bytes: the connection to ${fileUrl()} was lost \\(other side closed\\)$`));
    expect(lines).toHaveLength(3);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('--timeout', () => {
  it('a stalled download ends in one line naming the URL and the stall, and leaves nothing', async () => {
    proxy.inject({ method: 'GET', path: FILE() }, { kind: 'stall', afterBytes: 2 * MiB });
    const dir = directory('stall');
    const started = Date.now();
    const result = await viaProxy(['--timeout', '1', 'image-download', imageId, '--file', join(dir, 'image.raw')]);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^Download of image '${imageId}' failed after \\d+ of ${DATA.length} bytes: the transfer from ${fileUrl()} stalled: no data for 1 s \\(--timeout\\)\\n$`));
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('image-download --continue (issue 16)', () => {
  it('after a cut connection: FILE keeps what arrived, and --continue fetches only the rest', async () => {
    proxy.inject({ method: 'GET', path: FILE() }, { kind: 'cut', afterBytes: 3 * MiB });
    const out = join(directory('continue-cut'), 'image.raw');
    const first = await viaProxy(['--retries', '0', 'image-download', imageId, '--file', out, '--continue']);
    expect(first.code).toBe(1);
    const kept = statSync(out).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThanOrEqual(3 * MiB);
    expect(readFileSync(out).equals(DATA.subarray(0, kept))).toBe(true);
    proxy.reset();
    const second = await viaProxy(['image-download', imageId, '--file', out, '--continue']);
    expect([second.code, second.stderr]).toEqual([0, '']);
    expect(fileRequests()).toEqual([{ range: `bytes=${kept}-`, faults: [] }]);
    expect(digest('sha512', readFileSync(out))).toBe(SHA512);
  });

  it('after Ctrl-C: exit 130, FILE keeps a prefix, and --continue completes it', async () => {
    proxy.inject({ method: 'GET', path: FILE() }, { kind: 'stall', afterBytes: 2 * MiB });
    const out = join(directory('continue-signal'), 'image.raw');
    const child = spawn(process.execPath, [OUR_CLI, '--os-image-url', proxy.url, '--os-auth-token', token, 'image-download', imageId, '--file', out, '--continue'], {
      cwd: REPO_ROOT,
      env: cleanEnv({ as: 'none' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    for (let wait = 0; wait < 200 && (!existsSync(out) || statSync(out).size < 2 * MiB); wait++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr).toBe('... terminating glance client\n');
    const kept = statSync(out).size;
    expect(kept).toBe(2 * MiB);
    proxy.reset();
    const resumed = await viaProxy(['image-download', imageId, '--file', out, '--continue']);
    expect([resumed.code, resumed.stderr]).toEqual([0, '']);
    expect(fileRequests()).toEqual([{ range: `bytes=${kept}-`, faults: [] }]);
    expect(digest('sha512', readFileSync(out))).toBe(SHA512);
  });

  it('a complete FILE is verified without fetching the data', async () => {
    const out = join(directory('continue-done'), 'image.raw');
    writeFileSync(out, DATA);
    const result = await viaProxy(['image-download', imageId, '--file', out, '--continue']);
    expect([result.code, result.stderr]).toEqual([0, '']);
    expect(fileRequests()).toEqual([]);
  });

  it('a corrupted prefix: the whole-image checksum fails, exit 1, FILE removed', async () => {
    const dir = directory('continue-corrupt');
    const out = join(dir, 'image.raw');
    const prefix = Buffer.from(DATA.subarray(0, MiB));
    prefix[4096]! ^= 0x01;
    writeFileSync(out, prefix);
    const result = await viaProxy(['image-download', imageId, '--file', out, '--continue']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^Corrupt image download\\. Hash was [0-9a-f]{128} expected ${SHA512}\\n$`));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a server that ignores Range: read from the start, the prefix skipped, said once', async () => {
    const out = join(directory('continue-norange'), 'image.raw');
    writeFileSync(out, DATA.subarray(0, 3 * MiB));
    proxy.inject({ method: 'GET', path: FILE() }, { kind: 'ignoreRange' });
    const result = await viaProxy(['image-download', imageId, '--file', out, '--continue']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe(
      `The server ignored the request to resume image '${imageId}' at byte ${3 * MiB}: reading it again from the start, skipping the ${3 * MiB} bytes already received\n`,
    );
    expect(digest('sha512', readFileSync(out))).toBe(SHA512);
  });
});

describe('error wording (issue 13, item 10)', () => {
  it('a body that is not text is not quoted: the status, the service and the URL are', async () => {
    proxy.inject({ method: 'GET', path: RECORD() }, { kind: 'status', status: 502, headers: { 'content-type': 'application/octet-stream' }, body: '\u0000\u0001\u0002binary\u00ff' });
    const result = await viaProxy(['--retries', '0', 'image-show', imageId]);
    expect([result.code, result.stderr]).toEqual([1, `HTTP 502 Bad Gateway from the image service at ${proxy.url}/v2/images/${imageId} (the body is not text)\n`]);
  });

  it('a 400 echoing a huge name is one bounded line; no image is made', async () => {
    const name = `${janitor.prefix}${'n'.repeat(70_000)}`;
    const result = await ours(['image-create', '--name', name]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^HTTP 400 Bad Request: Provided object does not match schema &#x27;image&#x27;: &#x27;it-faults-[^\n]{400,}…\n$/);
    expect(result.stderr.length).toBeLessThan(600);
    expect(await imagesNamed(name)).toEqual([]);
  });

  it('--os-cacert with a file that is not PEM is refused before any request', async () => {
    const file = join(scratch, 'not-a-bundle.crt');
    writeFileSync(file, 'this is not a certificate\n');
    const result = await ours(['--os-cacert', file, 'image-list']);
    expect([result.code, result.stdout, result.stderr]).toEqual([1, '', `--os-cacert ${file} holds no PEM certificate\n`]);
  });

  it('a dead proxy is reported as the proxy refusing, not the auth URL', async () => {
    const dead = (await closedPortUrl('')).replace(/\/$/, '');
    const result = await ours(['image-list'], { env: { http_proxy: dead, no_proxy: '' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(new RegExp(`^Unable to establish connection to the proxy ${dead} \\(for ${cloud().keystoneUrl}/auth/tokens\\): connect ECONNREFUSED`));
  });
});
