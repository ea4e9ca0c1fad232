import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError, InterruptedError } from '../../../src/errors.js';
import type { ImageData } from '../../../src/glance/images.js';
import type { Image } from '../../../src/glance/types.js';
import { downloadCheck, downloadToFile, verifiedDownload, type DownloadOptions } from '../../../src/transfer/download.js';
import { recordingProgress } from '../../helpers/progress.js';

const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
const DATA = Buffer.alloc(300_000, 5);
const SHA512 = createHash('sha512').update(DATA).digest('hex');
const MD5 = createHash('md5').update(DATA).digest('hex');

function data(body: Readable = Readable.from([DATA.subarray(0, 100_000), DATA.subarray(100_000)]), contentLength: number | undefined = DATA.length): ImageData {
  return { body, contentLength };
}

function options(fields: Partial<DownloadOptions> = {}): DownloadOptions {
  return { imageId: ID, check: { algorithm: 'sha512', expected: SHA512, label: 'Hash' }, progress: () => ({ advance() {}, finish() {}, abort() {} }), signal: new AbortController().signal, ...fields };
}

async function collect(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

describe('downloadCheck', () => {
  const record = (fields: Partial<Image>): Image => ({ id: ID, ...fields }) as Image;

  it('prefers the multihash, then the md5 checksum, then Content-MD5', () => {
    expect(downloadCheck(record({ os_hash_algo: 'sha512', os_hash_value: SHA512, checksum: MD5 }), 'c', false)).toEqual({ algorithm: 'sha512', expected: SHA512, label: 'Hash' });
    expect(downloadCheck(record({ checksum: MD5 }), 'c', false)).toEqual({ algorithm: 'md5', expected: MD5, label: 'Checksum' });
    expect(downloadCheck(record({}), 'c', false)).toEqual({ algorithm: 'md5', expected: 'c', label: 'Checksum' });
    expect(downloadCheck(record({}), undefined, false)).toBeUndefined();
  });

  it('an algorithm this client lacks needs --allow-md5-fallback', () => {
    const image = record({ os_hash_algo: 'no-such-hash', os_hash_value: 'x', checksum: MD5 });
    expect(() => downloadCheck(image, undefined, false)).toThrow("The image's os_hash_algo no-such-hash is not available on this client");
    expect(downloadCheck(image, undefined, true)).toEqual({ algorithm: 'md5', expected: MD5, label: 'Checksum' });
  });
});

describe('verifiedDownload', () => {
  it('passes every byte, then verifies count and digest, with progress', async () => {
    const progress = recordingProgress();
    const download = verifiedDownload(data(), options({ progress: progress.sink }));
    expect((await collect(download.body)).equals(DATA)).toBe(true);
    expect(() => download.verify()).not.toThrow();
    expect(progress.events).toEqual([`start ${DATA.length}`, `finish ${DATA.length}`]);
  });

  it('names a digest mismatch as the reference does', async () => {
    const download = verifiedDownload(data(), options({ check: { algorithm: 'md5', expected: '0'.repeat(32), label: 'Checksum' } }));
    await collect(download.body);
    expect(() => download.verify()).toThrow(`Corrupt image download. Checksum was ${MD5} expected ${'0'.repeat(32)}`);
  });

  it('refuses fewer bytes than announced, even without a digest to check', async () => {
    const download = verifiedDownload(data(undefined, DATA.length + 1), options({ check: undefined }));
    await collect(download.body);
    expect(() => download.verify()).toThrow(`Download of image '${ID}' is incomplete: received ${DATA.length} of ${DATA.length + 1} bytes`);
  });

  it('a failing response fails the stream in one line and clears the progress line', async () => {
    const progress = recordingProgress();
    const body = new PassThrough();
    const download = verifiedDownload(data(body), options({ progress: progress.sink }));
    body.write(DATA.subarray(0, 1000));
    setImmediate(() => body.destroy(new Error('other side closed')));
    const failure = await collect(download.body).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as Error).message).toBe(`Download of image '${ID}' failed: other side closed`);
    expect(progress.events.at(-1)).toMatch(/^abort /);
  });

  it('Ctrl-C stops the transfer with InterruptedError and releases the response', async () => {
    const controller = new AbortController();
    const body = new PassThrough();
    const download = verifiedDownload(data(body), options({ signal: controller.signal }));
    body.write(DATA.subarray(0, 1000));
    setImmediate(() => controller.abort());
    await expect(collect(download.body)).rejects.toBeInstanceOf(InterruptedError);
    expect(body.destroyed).toBe(true);
  });

  it('a reader that gives up releases the response', async () => {
    const body = new PassThrough();
    const download = verifiedDownload(data(body), options());
    body.write(DATA);
    download.body.destroy(new Error('EPIPE'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(body.destroyed).toBe(true);
  });

  it('works as the stdout side of a pipeline', async () => {
    const download = verifiedDownload(data(), options());
    const chunks: Buffer[] = [];
    await pipeline(download.body, async function* (source: AsyncIterable<Buffer>) {
      for await (const chunk of source) {
        chunks.push(chunk);
      }
    });
    download.verify();
    expect(Buffer.concat(chunks).equals(DATA)).toBe(true);
  });
});

describe('downloadToFile', () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'glance-transfer-'));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('puts the verified image under its name and nothing else', async () => {
    const path = join(directory, 'out.img');
    await downloadToFile(data(), path, { ...options(), newFileMode: 0o644 });
    expect((await readFile(path)).equals(DATA)).toBe(true);
    expect(await readdir(directory)).toEqual(['out.img']);
  });

  it('leaves nothing behind when the digest does not match', async () => {
    const check = { algorithm: 'sha512', expected: 'f'.repeat(128), label: 'Hash' as const };
    await expect(downloadToFile(data(), join(directory, 'out.img'), { ...options({ check }), newFileMode: 0o644 })).rejects.toThrow('Corrupt image download. Hash was');
    expect(await readdir(directory)).toEqual([]);
  });

  it('leaves nothing behind when the response fails midway', async () => {
    const body = new PassThrough();
    body.write(DATA.subarray(0, 1000));
    setImmediate(() => body.destroy(new Error('other side closed')));
    await expect(downloadToFile(data(body), join(directory, 'out.img'), { ...options(), newFileMode: 0o644 })).rejects.toThrow(
      `Download of image '${ID}' failed: other side closed`,
    );
    expect(await readdir(directory)).toEqual([]);
  });

  it('releases the response and clears the progress line when the target cannot be opened', async () => {
    const body = Readable.from([DATA]);
    const progress = recordingProgress();
    await expect(downloadToFile(data(body), join(directory, 'missing', 'out.img'), { ...options({ progress: progress.sink }), newFileMode: 0o644 })).rejects.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(body.destroyed).toBe(true);
    expect(progress.events.at(-1)).toMatch(/^abort /);
  });
});
