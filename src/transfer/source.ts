/** Where image data comes from: a file, standard input, or a URL's response body. */
import { constants, createReadStream } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { CliError } from '../errors.js';

/** 1 MiB reads: the default 64 KiB makes file reads five times slower (see performance.md). */
export const CHUNK_SIZE = 1024 * 1024;

export interface ImageSource {
  /** Where the data comes from, as python-glanceclient names it in its messages (image-copy: another image's download). */
  origin: '--file' | 'stdin' | '--copy-from' | 'image-copy';
  size?: number;
  open(): ImageStream;
}

/** The data as it is read, once: a Readable, or chunks another stage passes on; `destroy()` stops it, a pending read included. */
export type ImageStream = AsyncIterable<Uint8Array> & { destroy(): void };

/**
 * A file to read (a regular file, a FIFO such as bash's `<(cmd)`, or a character device); its
 * size when it is a regular file. python-glanceclient's message when it cannot be read.
 */
export async function fileSource(path: string): Promise<ImageSource> {
  const info = await stat(path).catch(() => undefined);
  const readable = info?.isFile() || info?.isFIFO() || info?.isCharacterDevice();
  if (!readable || !(await access(path, constants.R_OK).then(() => true, () => false))) {
    throw new CliError(`File ${path} does not exist or user does not have read privileges to it`);
  }
  return {
    origin: '--file',
    size: info?.isFile() ? info.size : undefined,
    open: () => createReadStream(path, { highWaterMark: CHUNK_SIZE }),
  };
}

/** The body of a URL already requested (--copy-from through the client), its announced size checked against --size. */
export function urlSource(response: { body: Readable; size?: number }, size: number | undefined): ImageSource {
  if (size !== undefined && response.size !== undefined && size !== response.size) {
    response.body.destroy();
    throw sizeMismatch(size, response.size);
  }
  return { origin: '--copy-from', size: size ?? response.size, open: () => response.body };
}

/** --size against what the source says: the file's own size wins over a wrong --size. */
export function declaredSize(source: ImageSource, size: number | undefined): number | undefined {
  if (size !== undefined && source.size !== undefined && size !== source.size) {
    throw sizeMismatch(size, source.size);
  }
  return size ?? source.size;
}

function sizeMismatch(given: number, actual: number): CliError {
  return new CliError(`Size mismatch: provided size ${given} does not match the size of the image ${actual}`);
}
