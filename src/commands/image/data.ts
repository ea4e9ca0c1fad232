/**
 * Image data on its way to and from Glance: where it comes from (a file, stdin), hashing as it
 * streams, progress, and checking what Glance recorded against what was sent.
 */
import { createHash, getHashes, type Hash } from 'node:crypto';
import { constants, createReadStream } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import { Transform, type Readable } from 'node:stream';
import type { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import type { Image } from '../../glance/types.js';
import { createTransferProgress, type TransferProgress } from '../../output/progress.js';
import { stdinHasData } from '../../output/streams.js';
import { parseInteger } from '../parsers.js';
import { createDigester, type Digests } from './digester.js';

/** 1 MiB reads: the default 64 KiB makes file reads five times slower (see performance.md). */
export const CHUNK_SIZE = 1024 * 1024;

/**
 * The one digest computed while uploading, chosen as downloads choose theirs: the cloud's
 * os_hash_algo, and md5 only as the fallback. No API tells the algorithm before an upload, so it
 * is Glance's default, sha512, unless the image record shows a cloud that keeps no multihash at
 * all (no os_hash_algo field: Glance before Rocky, or a v1 endpoint), which records only the md5
 * checksum. One hash, because each costs as much CPU as the transfer itself (see BENCHMARKS.md).
 */
export function uploadHashAlgorithm(image?: Image): string {
  return image !== undefined && !('os_hash_algo' in image) ? 'md5' : 'sha512';
}

export interface ImageSource {
  /** Where the data comes from, as python-glanceclient names it in its messages. */
  origin: '--file' | 'stdin' | '--copy-from';
  size?: number;
  open(): Readable;
}

/** The data a command was given: --file, else stdin when it is a file or a pipe, else none. */
export async function findImageSource(file: string | undefined, context: CommandContext): Promise<ImageSource | undefined> {
  if (file !== undefined) {
    const info = await stat(file).catch(() => undefined);
    const readable = info?.isFile() || info?.isFIFO() || info?.isCharacterDevice();
    if (!readable || !(await access(file, constants.R_OK).then(() => true, () => false))) {
      throw new CliError(`File ${file} does not exist or user does not have read privileges to it`);
    }
    return {
      origin: '--file',
      size: info?.isFile() ? info.size : undefined,
      open: () => createReadStream(file, { highWaterMark: CHUNK_SIZE }),
    };
  }
  if (stdinHasData(context.io)) {
    return { origin: 'stdin', size: context.io.stdinSize, open: () => context.io.openStdin() };
  }
  return undefined;
}

/** --file, --size and --progress, as image-upload and image-stage declare them. */
export function addDataOptions(command: Command): Command {
  return command
    .option('--file <FILE>', 'Local file that contains disk image to be uploaded. Alternatively, images can be passed to the client via stdin (a file or a pipe).')
    .option(
      '--size <IMAGE_SIZE>',
      'Size in bytes of image to be uploaded. Default is to get size from provided data object but this is supported in case where size cannot be inferred.',
      parseInteger,
    )
    .option('--progress', 'Show upload progress bar (on stderr, when it is a terminal).');
}

/** --size against what the source says: the file's own size wins over a wrong --size. */
export function declaredSize(source: ImageSource, size: number | undefined): number | undefined {
  if (size !== undefined && source.size !== undefined && size !== source.size) {
    throw new CliError(`Size mismatch: provided size ${size} does not match the size of the image ${source.size}`);
  }
  return size ?? source.size;
}

/** What went out (or came in): the bytes, and their digests once every byte has passed. */
export interface Transferred {
  bytes: number;
  digests?: Digests;
}

/**
 * Passes chunks through while hashing them and reporting progress. The digests are taken when
 * the source ends, and also as soon as `size` bytes have passed: undici stops pulling a request
 * body once it has sent Content-Length bytes, and may leave this generator suspended there.
 */
export async function* hashing(
  source: AsyncIterable<Uint8Array>,
  algorithms: string[],
  progress: TransferProgress,
  result: Transferred,
  size?: number,
): AsyncGenerator<Uint8Array> {
  const hashes: [string, Hash][] = algorithms.map((algorithm) => [algorithm, createHash(algorithm)]);
  const take = (): void => {
    result.digests = Object.fromEntries(hashes.map(([algorithm, hash]) => [algorithm, hash.copy().digest('hex')]));
  };
  for await (const chunk of source) {
    for (const [, hash] of hashes) {
      hash.update(chunk);
    }
    result.bytes += chunk.length;
    progress.advance(chunk.length);
    result.digests = undefined;
    if (result.bytes === size) {
      take();
    }
    yield chunk;
  }
  take();
}

/**
 * hashing() as a stream stage, for downloads: the response arrives in 64 KiB socket reads, where
 * an async generator costs about twice the CPU of a Transform and makes the body stream
 * concatenate what it buffered (see BENCHMARKS.md). `size`, when known, lets a large download
 * hash in a worker thread. The digests are taken when the data ends.
 */
export function hashingStream(algorithms: string[], progress: TransferProgress, result: Transferred, size?: number): Transform {
  const digester = createDigester(algorithms, size);
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      result.bytes += chunk.length;
      progress.advance(chunk.length);
      const behind = digester.update(chunk);
      if (behind) {
        behind.then(() => callback(null, chunk), callback);
      } else {
        callback(null, chunk);
      }
    },
    flush(callback) {
      digester.digest().then((digests) => {
        result.digests = digests;
        callback();
      }, callback);
    },
    destroy(error, callback) {
      digester.abort();
      callback(error);
    },
  });
}

/**
 * Streams a source into one request (`send`: an upload or a staging PUT), hashing it with the
 * given algorithms on the way, with --progress. Fails unless every byte went out.
 */
export async function sendImageData(
  context: CommandContext,
  source: ImageSource,
  options: { size?: number; progress: boolean; label: 'Uploading' | 'Staging'; algorithms: string[] },
  send: (body: AsyncIterable<Uint8Array>) => Promise<void>,
): Promise<Required<Transferred>> {
  const progress = createTransferProgress({ target: progressTarget(context), enabled: options.progress, total: options.size, label: options.label });
  const sent: Transferred = { bytes: 0 };
  const stream = source.open();
  try {
    await send(hashing(stream, options.algorithms, progress, sent, options.size));
    progress.finish();
  } catch (error) {
    progress.abort();
    throw error;
  } finally {
    stream.destroy();
  }
  if (!sent.digests) {
    // Glance answered before reading everything: what it stored cannot be what the user gave.
    throw new CliError(`${options.label === 'Staging' ? 'Staging' : 'Upload'} did not complete: Glance answered after ${sent.bytes} bytes, before the end of the data`);
  }
  return { bytes: sent.bytes, digests: sent.digests };
}

/**
 * Uploads the source to PUT /v2/images/{id}/file, then reads the image back and checks it holds
 * what was sent. `image` is the record when the caller has it (it tells which digest Glance keeps), else the id.
 */
export async function uploadAndVerify(
  context: CommandContext,
  image: Image | string,
  source: ImageSource,
  options: { size?: number; store?: string; progress: boolean },
): Promise<Image> {
  const images = await context.images();
  const imageId = typeof image === 'string' ? image : image.id;
  const algorithms = [uploadHashAlgorithm(typeof image === 'string' ? undefined : image)];
  const sent = await sendImageData(context, source, { size: options.size, progress: options.progress, label: 'Uploading', algorithms }, (body) =>
    images.upload(imageId, body, { size: options.size, store: options.store, signal: context.signal }),
  );
  const stored = await images.get(imageId, context.signal);
  verifyUpload(stored, sent.digests, sent.bytes, context.warn);
  return stored;
}

/**
 * Compares Glance's record of the upload with the bytes the client sent. When the record has no
 * digest the client computed (a cloud configured with another os_hash_algo), only the size can
 * be checked, and `warn` says so.
 */
export function verifyUpload(image: Image, sent: Digests, bytes: number, warn: (message: string) => void): void {
  const problems: string[] = [];
  if (typeof image.size === 'number' && image.size !== bytes) {
    problems.push(`Glance stored ${image.size} bytes but ${bytes} were sent`);
  }
  if (image.checksum && sent.md5 && image.checksum !== sent.md5) {
    problems.push(`checksum is ${image.checksum} but the data sent has md5 ${sent.md5}`);
  }
  const algorithm = image.os_hash_algo ?? undefined;
  const sentHash = algorithm ? sent[algorithm] : undefined;
  if (image.os_hash_value && sentHash && image.os_hash_value !== sentHash) {
    problems.push(`os_hash_value is ${image.os_hash_value} but the data sent has ${algorithm} ${sentHash}`);
  }
  if (problems.length > 0) {
    throw new CliError(`Upload verification failed for image ${image.id}: ${problems.join('; ')}`);
  }
  const compared = (image.checksum && sent.md5) || (image.os_hash_value && sentHash);
  if (!compared && (image.checksum || image.os_hash_value)) {
    warn(`Only the size of image ${image.id} was verified: Glance recorded ${algorithm ?? 'md5'}, the client computed ${Object.keys(sent).join(', ')}`);
  }
}

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

export function progressTarget(context: CommandContext): { write(chunk: string): boolean; isTTY: boolean; columns?: number } {
  return {
    write: (chunk: string) => context.io.stderr.write(chunk),
    isTTY: context.io.stderrIsTTY,
    columns: context.io.stderrColumns,
  };
}
