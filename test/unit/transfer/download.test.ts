import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CliError, InterruptedError } from '../../../src/errors.js';
import type { ImageData } from '../../../src/glance/images.js';
import type { Image } from '../../../src/glance/types.js';
import { continueDownload, downloadCheck, downloadToFile, verifiedDownload, type DownloadOptions } from '../../../src/transfer/download.js';
import { recordingProgress } from '../../helpers/progress.js';

const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';
// Random, so that data from the wrong offset cannot pass for the right data.
const DATA = randomBytes(300_000);
const SHA512 = createHash('sha512').update(DATA).digest('hex');
const MD5 = createHash('md5').update(DATA).digest('hex');

/** An answer with `body` from byte `start`; `resume` is what a cut body asks for next (nothing by default: no retries). */
function data(
  body: Readable = Readable.from([DATA.subarray(0, 100_000), DATA.subarray(100_000)]),
  contentLength: number | undefined = DATA.length,
  fields: Partial<ImageData> = {},
): ImageData {
  return {
    body,
    contentLength,
    start: 0,
    failure: (error) => new CliError(`the connection to http://glance/file was lost (${(error as Error).message})`),
    resume: async () => undefined,
    ...fields,
  };
}

/** The image from byte `from` on, as a 206 answer in one chunk. */
function rest(from: number, resume: ImageData['resume'] = async () => undefined): ImageData {
  return data(Readable.from([DATA.subarray(from)]), DATA.length - from, { start: from, resume });
}

/** `bytes` of the image, then the connection drops. */
function cutAfter(bytes: number, from = 0): PassThrough {
  const body = new PassThrough();
  body.write(DATA.subarray(from, bytes));
  setImmediate(() => body.destroy(new Error('other side closed')));
  return body;
}

function options(fields: Partial<DownloadOptions> = {}): DownloadOptions {
  return {
    imageId: ID,
    check: { algorithm: 'sha512', expected: SHA512, label: 'Hash' },
    progress: () => ({ advance() {}, finish() {}, abort() {} }),
    signal: new AbortController().signal,
    notice: () => undefined,
    ...fields,
  };
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
    expect((failure as Error).message).toBe(`Download of image '${ID}' failed after 1000 of ${DATA.length} bytes: the connection to http://glance/file was lost (other side closed)`);
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
      `Download of image '${ID}' failed after 1000 of ${DATA.length} bytes: the connection to http://glance/file was lost (other side closed)`,
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

describe('a download cut mid-stream', () => {
  it('asks for the rest from the byte it had reached and verifies the whole image', async () => {
    const asked: number[] = [];
    const first = data(cutAfter(100_000), DATA.length, {
      resume: async (from) => {
        asked.push(from);
        return rest(from);
      },
    });
    const progress = recordingProgress();
    const download = verifiedDownload(first, options({ progress: progress.sink }));
    expect((await collect(download.body)).equals(DATA)).toBe(true);
    expect(() => download.verify()).not.toThrow();
    expect(asked).toEqual([100_000]);
    expect(progress.events).toEqual([`start ${DATA.length}`, `finish ${DATA.length}`]);
  });

  it('resumes as often as the policy allows, each time from where the last answer stopped', async () => {
    const asked: number[] = [];
    const resume = async (from: number): Promise<ImageData> => {
      asked.push(from);
      return from < 200_000 ? data(cutAfter(from + 50_000, from), DATA.length - from, { start: from, resume }) : rest(from);
    };
    const download = verifiedDownload(data(cutAfter(100_000), DATA.length, { resume }), options());
    expect((await collect(download.body)).equals(DATA)).toBe(true);
    download.verify();
    expect(asked).toEqual([100_000, 150_000, 200_000]);
  });

  it('a server that ignores the Range request: the bytes already passed are skipped, and the user told', async () => {
    const notices: string[] = [];
    const first = data(cutAfter(100_000), DATA.length, { resume: async () => data(Readable.from([DATA.subarray(0, 70_000), DATA.subarray(70_000)])) });
    const download = verifiedDownload(first, options({ notice: (line) => notices.push(line) }));
    expect((await collect(download.body)).equals(DATA)).toBe(true);
    download.verify();
    expect(notices).toEqual([
      `The server ignored the request to resume image '${ID}' at byte 100000: reading it again from the start, skipping the 100000 bytes already received`,
    ]);
  });

  it('no retry left: fails in one line naming what was received and the cause', async () => {
    const download = verifiedDownload(data(cutAfter(100_000)), options());
    await expect(collect(download.body)).rejects.toThrow(
      `Download of image '${ID}' failed after 100000 of ${DATA.length} bytes: the connection to http://glance/file was lost (other side closed)`,
    );
  });

  it('a failed request for the rest (HTTP 503 after its own retries) is the error', async () => {
    const first = data(cutAfter(100_000), DATA.length, {
      resume: async () => {
        throw new CliError('HTTP 503 Service Unavailable');
      },
    });
    await expect(collect(verifiedDownload(first, options()).body)).rejects.toThrow(
      `Download of image '${ID}' failed after 100000 of ${DATA.length} bytes: HTTP 503 Service Unavailable`,
    );
  });

  it('an answer that starts after the byte asked for is refused', async () => {
    const first = data(cutAfter(100_000), DATA.length, { resume: async () => rest(150_000) });
    await expect(collect(verifiedDownload(first, options()).body)).rejects.toThrow(
      `Download of image '${ID}' failed: asked for the data from byte 100000, the server sent it from byte 150000`,
    );
  });

  it('Ctrl-C while waiting to resume stops with InterruptedError', async () => {
    const controller = new AbortController();
    const first = data(cutAfter(100_000), DATA.length, {
      resume: () =>
        new Promise((_resolve, reject) => {
          controller.signal.addEventListener('abort', () => reject(new InterruptedError()));
          setImmediate(() => controller.abort());
        }),
    });
    await expect(collect(verifiedDownload(first, options({ signal: controller.signal })).body)).rejects.toBeInstanceOf(InterruptedError);
  });
});

describe('continueDownload (--continue)', () => {
  let directory: string;
  let file: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'glance-continue-'));
    file = join(directory, 'image.img');
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });
  const settings = (fields: Partial<DownloadOptions> = {}): DownloadOptions & { newFileMode: number } => ({ ...options(fields), newFileMode: 0o644 });

  it('hashes what the file holds, asks only for the rest, appends it and verifies the whole', async () => {
    await writeFile(file, DATA.subarray(0, 120_000));
    const asked: number[] = [];
    await continueDownload(file, DATA.length, async (from) => (asked.push(from), rest(from)), settings());
    expect(asked).toEqual([120_000]);
    expect((await readFile(file)).equals(DATA)).toBe(true);
    expect(await readdir(directory)).toEqual(['image.img']);
  });

  it('a missing file is created and written in place', async () => {
    await continueDownload(file, DATA.length, async (from) => rest(from), settings());
    expect((await readFile(file)).equals(DATA)).toBe(true);
    expect((await stat(file)).mode & 0o777).toBe(0o644);
  });

  it('a complete file is only verified: no data is asked for', async () => {
    await writeFile(file, DATA);
    await continueDownload(file, DATA.length, async () => expect.unreachable('no request'), settings());
    expect((await readFile(file)).equals(DATA)).toBe(true);
  });

  it('a corrupted prefix fails the checksum, and the file goes', async () => {
    const corrupted = Buffer.from(DATA.subarray(0, 120_000));
    corrupted[5]! ^= 0xff;
    await writeFile(file, corrupted);
    await expect(continueDownload(file, DATA.length, async (from) => rest(from), settings())).rejects.toThrow(/^Corrupt image download\. Hash was [0-9a-f]{128} expected /);
    expect(await readdir(directory)).toEqual([]);
  });

  it('a complete file that does not match goes too', async () => {
    await writeFile(file, Buffer.alloc(DATA.length, 1));
    await expect(continueDownload(file, DATA.length, async () => expect.unreachable('no request'), settings())).rejects.toThrow('Corrupt image download.');
    expect(await readdir(directory)).toEqual([]);
  });

  it('a file longer than the image is not a partial download of it: refused and kept', async () => {
    await writeFile(file, Buffer.alloc(DATA.length + 1));
    await expect(continueDownload(file, DATA.length, async () => expect.unreachable('no request'), settings())).rejects.toThrow(
      `Cannot continue the download of image '${ID}' into ${file}: it holds ${DATA.length + 1} bytes, more than the image's ${DATA.length}`,
    );
    expect((await stat(file)).size).toBe(DATA.length + 1);
  });

  it('a cut with no retry left keeps what was written, and the next run finishes it', async () => {
    await expect(continueDownload(file, DATA.length, async () => data(cutAfter(100_000)), settings())).rejects.toThrow('failed after 100000 of');
    expect((await readFile(file)).equals(DATA.subarray(0, 100_000))).toBe(true);
    const asked: number[] = [];
    await continueDownload(file, DATA.length, async (from) => (asked.push(from), rest(from)), settings());
    expect(asked).toEqual([100_000]);
    expect((await readFile(file)).equals(DATA)).toBe(true);
  });

  it('a server that ignores the Range request: read from the start, the prefix skipped, said once', async () => {
    await writeFile(file, DATA.subarray(0, 120_000));
    const notices: string[] = [];
    await continueDownload(file, DATA.length, async () => data(), settings({ notice: (line) => notices.push(line) }));
    expect((await readFile(file)).equals(DATA)).toBe(true);
    expect(notices).toHaveLength(1);
  });

  it('is refused for a directory or a device', async () => {
    await expect(continueDownload(directory, DATA.length, async () => rest(0), settings())).rejects.toThrow(`Cannot continue a download into ${directory}: it is a directory`);
    await expect(continueDownload('/dev/null', DATA.length, async () => rest(0), settings())).rejects.toThrow('Cannot continue a download into /dev/null: it is not a regular file');
  });
});
