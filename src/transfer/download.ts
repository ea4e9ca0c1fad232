/**
 * Image data on its way from Glance: counted and hashed as it streams, checked against the digest
 * Glance recorded, and written to a file only under its final name once complete and verified.
 */
import { getHashes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { CliError, InterruptedError } from '../errors.js';
import type { ImageData } from '../glance/images.js';
import type { Image } from '../glance/types.js';
import { openDownloadTarget, writeError } from './download-target.js';
import { hashingStream, type ProgressSink, type Transferred } from './hashing.js';

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

export function verifiedDownload(data: ImageData, options: DownloadOptions): VerifiedDownload {
  const { check, imageId, signal } = options;
  const progress = options.progress(data.contentLength);
  const received: Transferred = { bytes: 0 };
  const body = hashingStream(check ? [check.algorithm] : [], progress, received, data.contentLength);
  const stop = (error: Error): void => {
    data.body.destroy();
    body.destroy(
      signal.aborted ? new InterruptedError()
      : error instanceof CliError ? error
      : new CliError(`Download of image '${imageId}' failed: ${error.message}`),
    );
  };
  const interrupted = (): void => stop(new InterruptedError());
  signal.addEventListener('abort', interrupted, { once: true });
  data.body.on('error', stop);
  // Also keeps an error raised before anyone reads (the target still opening) from going uncaught;
  // the reader finds it on the destroyed stream.
  body.on('error', () => progress.abort());
  // Whoever stops reading (a failed write, the end) releases the response; the bar is cleared unless all came through.
  body.once('close', () => {
    signal.removeEventListener('abort', interrupted);
    data.body.destroy();
    if (!body.readableEnded) {
      progress.abort();
    }
  });
  if (data.body.destroyed) {
    // Failed before anyone listened: its error event is gone.
    stop(data.body.errored ?? new Error('the connection was closed'));
  } else {
    data.body.pipe(body);
  }
  return {
    body,
    verify() {
      progress.finish();
      if (data.contentLength !== undefined && received.bytes !== data.contentLength) {
        throw new CliError(`Download of image '${imageId}' is incomplete: received ${received.bytes} of ${data.contentLength} bytes`);
      }
      const actual = check ? received.digests?.[check.algorithm] : undefined;
      if (check && actual !== check.expected) {
        throw new CliError(`Corrupt image download. ${check.label} was ${actual} expected ${check.expected}`);
      }
    },
  };
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
  let writeFailure: NodeJS.ErrnoException | undefined;
  // Kept for the rest of the run: a write can still fail while the last bytes drain.
  target.stream.on('error', (error: NodeJS.ErrnoException) => {
    writeFailure ??= error;
  });
  try {
    try {
      await pipeline(download.body, target.stream, { end: false });
    } catch (error) {
      throw error instanceof CliError || !writeFailure ? error : writeError(path, writeFailure);
    }
    download.verify();
    await target.commit();
  } catch (error) {
    await target.abort();
    throw error;
  }
}
