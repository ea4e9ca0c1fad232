/**
 * Image data on its way from Glance: counted and hashed as it streams, resumed where a cut
 * connection left it, checked against the digest Glance recorded, and written to a file only under
 * its final name once complete and verified (or, with --continue, in place).
 */
import { getHashes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CliError, InterruptedError } from '../errors.js';
import type { ImageData } from '../glance/images.js';
import type { Image } from '../glance/types.js';
import { createDigester, type Digester } from './digester.js';
import { openContinuation, openDownloadTarget, writeError, type DownloadTarget } from './download-target.js';
import { hashingStream, type ProgressSink, type Transferred } from './hashing.js';
import { CHUNK_SIZE } from './source.js';

/** How a download is checked: the cloud's multihash, else the md5 checksum, else Content-MD5. */
export interface DownloadCheck {
  algorithm: string;
  expected: string;
  /** Names the mismatch as python-glanceclient does: "Hash was" or "Checksum was". */
  label: 'Hash' | 'Checksum';
}

export function downloadCheck(image: Image, contentMd5: string | undefined, allowMd5Fallback: boolean): DownloadCheck | undefined {
  const algorithm = image.os_hash_algo;
  if (image.os_hash_value && algorithm) {
    if (getHashes().includes(algorithm)) {
      return { algorithm, expected: image.os_hash_value, label: 'Hash' };
    }
    if (!allowMd5Fallback) {
      throw new CliError(
        `The image's os_hash_algo ${algorithm} is not available on this client; use --allow-md5-fallback to verify with the md5 checksum instead`,
      );
    }
  }
  if (image.checksum) {
    return { algorithm: 'md5', expected: image.checksum, label: 'Checksum' };
  }
  if (contentMd5) {
    return { algorithm: 'md5', expected: contentMd5, label: 'Checksum' };
  }
  return undefined;
}

export interface DownloadOptions {
  /** Names the image in messages. */
  imageId: string;
  check: DownloadCheck | undefined;
  progress: ProgressSink;
  /** Ctrl-C: the transfer stops with InterruptedError. */
  signal: AbortSignal;
  /** One line on stderr: a server that ignored a Range request, so the data is read again from the start. */
  notice: (line: string) => void;
}

export interface VerifiedDownload {
  /**
   * The image's bytes, counted and hashed as they pass. A failed or interrupted transfer fails
   * this stream with a one-line error (CliError or InterruptedError).
   */
  body: Readable;
  /** Once every byte has been written: the byte count and the digest against what Glance announced and recorded. */
  verify(): void;
}

/** The data does not match what Glance recorded: whatever holds it cannot be trusted. */
export class CorruptDownloadError extends CliError {}

/** Bytes already in hand before the first answer (a partial file), hashed into `digester`. */
export interface HashedPrefix {
  bytes: number;
  digester: Digester;
}

/**
 * The image's data from `first` on, as one stream. A body cut mid-stream is asked for again from
 * the byte it had reached (`ImageData.resume`, which follows the retry policy); a server that
 * answers that Range request from byte 0 has the bytes already passed skipped, and the user is
 * told. The digest covers the whole image, `prefix` included.
 */
export function verifiedDownload(first: ImageData, options: DownloadOptions, prefix?: HashedPrefix): VerifiedDownload {
  const { check, imageId, signal } = options;
  const total = first.contentLength === undefined ? undefined : first.start + first.contentLength;
  const progress = options.progress(total);
  const received: Transferred = { bytes: prefix?.bytes ?? 0 };
  progress.advance(received.bytes);
  const digester = prefix?.digester ?? createDigester(check ? [check.algorithm] : [], total);
  const body = hashingStream(digester, progress, received);
  /** Bytes handed to `body` so far: where a resumed request starts. */
  let delivered = received.bytes;
  let current: { piece: ImageData; source: Readable } | undefined;
  let settled = false;

  const fail = (error: Error): void => {
    settled = true;
    current?.piece.body.destroy();
    body.destroy(signal.aborted ? new InterruptedError() : error);
  };
  const failedAfter = (cause: unknown): Error =>
    cause instanceof InterruptedError ? cause : (
      new CliError(`Download of image '${imageId}' failed after ${delivered}${total === undefined ? '' : ` of ${total}`} bytes: ${(cause as Error).message}`)
    );

  const lost = async (piece: ImageData, error: unknown): Promise<void> => {
    if (settled || current?.piece !== piece) {
      return;
    }
    if (signal.aborted) {
      fail(new InterruptedError());
      return;
    }
    current.source.unpipe(body);
    piece.body.destroy();
    current = undefined;
    let next: ImageData | undefined;
    try {
      next = await piece.resume(delivered, error);
    } catch (resumeError) {
      fail(failedAfter(resumeError));
      return;
    }
    if (settled || body.destroyed) {
      next?.body.destroy();
      return;
    }
    if (!next) {
      fail(failedAfter(piece.failure(error)));
      return;
    }
    attach(next);
  };

  const attach = (piece: ImageData): void => {
    if (piece.start > delivered) {
      piece.body.destroy();
      fail(new CliError(`Download of image '${imageId}' failed: asked for the data from byte ${delivered}, the server sent it from byte ${piece.start}`));
      return;
    }
    const skip = delivered - piece.start;
    if (skip > 0) {
      options.notice(`The server ignored the request to resume image '${imageId}' at byte ${delivered}: reading it again from the start, skipping the ${skip} bytes already received`);
    }
    const source = skip > 0 ? piece.body.pipe(skipping(skip)) : piece.body;
    current = { piece, source };
    piece.body.on('error', (error) => void lost(piece, error));
    source.on('data', (chunk: Buffer) => {
      delivered += chunk.length;
    });
    source.once('end', () => {
      if (current?.piece === piece) {
        body.end();
      }
    });
    if (piece.body.destroyed) {
      // Failed before anyone listened: its error event is gone.
      void lost(piece, piece.body.errored ?? new Error('the connection was closed'));
      return;
    }
    source.pipe(body, { end: false });
  };

  const interrupted = (): void => fail(new InterruptedError());
  signal.addEventListener('abort', interrupted, { once: true });
  // Also keeps an error raised before anyone reads (the target still opening) from going uncaught;
  // the reader finds it on the destroyed stream.
  body.on('error', () => progress.abort());
  // Whoever stops reading (a failed write, the end) releases the response; the bar is cleared unless all came through.
  body.once('close', () => {
    settled = true;
    signal.removeEventListener('abort', interrupted);
    current?.piece.body.destroy();
    if (!body.readableEnded) {
      progress.abort();
    }
  });
  attach(first);
  return {
    body,
    verify() {
      progress.finish();
      if (total !== undefined && received.bytes !== total) {
        const message = `Download of image '${imageId}' is incomplete: received ${received.bytes} of ${total} bytes`;
        throw received.bytes > total ? new CorruptDownloadError(message) : new CliError(message);
      }
      const actual = check ? received.digests?.[check.algorithm] : undefined;
      if (check && actual !== check.expected) {
        throw new CorruptDownloadError(`Corrupt image download. ${check.label} was ${actual} expected ${check.expected}`);
      }
    },
  };
}

/** Drops the first `count` bytes: what a server that ignored a Range request sends again. */
function skipping(count: number): Transform {
  let remaining = count;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (remaining >= chunk.length) {
        remaining -= chunk.length;
        callback();
        return;
      }
      const rest = chunk.subarray(remaining);
      remaining = 0;
      callback(null, rest);
    },
  });
}

/**
 * Writes a download to `path` (see download-target.ts for what happens to what is there): the
 * image appears under its name only complete and verified; after a failure nothing is left
 * where that is possible.
 */
export async function downloadToFile(data: ImageData, path: string, options: DownloadOptions & { newFileMode: number }): Promise<void> {
  // Listening to the response from now on: it may fail while the target opens.
  const download = verifiedDownload(data, options);
  let target;
  try {
    target = await openDownloadTarget(path, { newFileMode: options.newFileMode });
  } catch (error) {
    download.body.destroy();
    throw error;
  }
  try {
    await writeAll(download, target, path);
    await target.commit();
  } catch (error) {
    await target.abort();
    throw error;
  }
}

/**
 * image-download --continue: `path` is written in place. What it holds is hashed and only the rest
 * is asked for (`open(from)`); a file as long as the image is only verified. An interruption or a
 * failed transfer leaves what was written, for the next --continue; data that does not match the
 * checksum is removed, since it cannot be trusted.
 */
export async function continueDownload(
  path: string,
  size: number | undefined,
  open: (from: number) => Promise<ImageData>,
  options: DownloadOptions & { newFileMode: number },
): Promise<void> {
  const target = await openContinuation(path, { newFileMode: options.newFileMode });
  try {
    if (size !== undefined && target.existing > size) {
      throw new CliError(
        `Cannot continue the download of image '${options.imageId}' into ${path}: it holds ${target.existing} bytes, more than the image's ${size}`,
      );
    }
    const { check } = options;
    const digester = createDigester(check ? [check.algorithm] : [], size);
    await hashFile(target.path, target.existing, digester, options.signal);
    if (size !== undefined && target.existing === size) {
      const actual = check ? (await digester.digest())[check.algorithm] : undefined;
      if (check && actual !== check.expected) {
        throw new CorruptDownloadError(`Corrupt image download. ${check.label} was ${actual} expected ${check.expected}`);
      }
      digester.abort();
      await target.commit();
      return;
    }
    let data: ImageData;
    try {
      data = await open(target.existing);
    } catch (error) {
      digester.abort();
      throw error;
    }
    await writeAll(verifiedDownload(data, options, { bytes: target.existing, digester }), target, path);
    await target.commit();
  } catch (error) {
    if (error instanceof CorruptDownloadError) {
      await target.remove();
    } else {
      await target.abort();
    }
    throw error;
  }
}

/** Streams the download into the target, then verifies it; a write failure is reported as such. */
async function writeAll(download: VerifiedDownload, target: DownloadTarget, path: string): Promise<void> {
  let writeFailure: NodeJS.ErrnoException | undefined;
  // Kept for the rest of the run: a write can still fail while the last bytes drain.
  target.stream.on('error', (error: NodeJS.ErrnoException) => {
    writeFailure ??= error;
  });
  try {
    await pipeline(download.body, target.stream, { end: false });
  } catch (error) {
    throw error instanceof CliError || !writeFailure ? error : writeError(path, writeFailure);
  }
  download.verify();
}

/** Feeds the first `length` bytes of a file to the digester, stopping on Ctrl-C. */
async function hashFile(path: string, length: number, digester: Digester, signal: AbortSignal): Promise<void> {
  if (length === 0) {
    return;
  }
  const stream = createReadStream(path, { start: 0, end: length - 1, highWaterMark: CHUNK_SIZE });
  try {
    for await (const chunk of stream) {
      if (signal.aborted) {
        throw new InterruptedError();
      }
      await digester.update(chunk as Buffer);
    }
  } catch (error) {
    digester.abort();
    throw error instanceof CliError ? error : new CliError(`Cannot read ${path}: ${(error as Error).message}`);
  } finally {
    stream.destroy();
  }
}
