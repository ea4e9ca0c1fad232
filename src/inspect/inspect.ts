/**
 * Disk image inspection on the client, before any byte is uploaded: which format a file is,
 * the size of the disk it holds, and whether it is safe to hand to a hypervisor.
 *
 * Every format reader (detect.ts) looks at the places its format defines (headers, descriptors,
 * footers, metadata tables), in bounded reads; none reads a whole image.
 *
 * `inspectFile` reads a regular file by random access. Streams (stdin, a URL, a pipe) go through
 * `StreamInspector` (stream.ts), which decides from the first bytes where the format allows it.
 */
import { close, createReadStream, fstat, open } from 'node:fs';
import { Socket } from 'node:net';
import { promisify } from 'node:util';
import { CliError } from '../errors.js';
import { inspectSource } from './detect.js';
import type { Inspection } from './model.js';
import { FileSource } from './source.js';
import { inspectStream } from './stream.js';

export { inspectSource } from './detect.js';
export type { DiskFormat, Inspection } from './model.js';
export { StreamInspector } from './stream.js';

const openFile = promisify(open);
const statFile = promisify(fstat);
const closeFile = promisify(close);

/** The file could not be opened or read. */
export class UnreadableImage extends CliError {}

const READ_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a component of the path is not a directory',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'input/output error',
};

/**
 * Inspects the file at `path`: a regular file by random access; a FIFO, a socket or a device,
 * which cannot seek, as a stream read to its end. Throws `UnreadableImage` when it cannot be read.
 */
export async function inspectFile(path: string, options: { signal?: AbortSignal } = {}): Promise<Inspection> {
  try {
    // A plain descriptor: a pipe's is handed to a net.Socket, which owns and closes it.
    const descriptor = await openFile(path, 'r');
    let owned = true;
    try {
      const info = await statFile(descriptor);
      if (info.isDirectory()) {
        throw Object.assign(new Error('directory'), { code: 'EISDIR' });
      }
      if (info.isFile()) {
        return await inspectSource(new FileSource(descriptor, info.size));
      }
      owned = false;
      // A pipe through libuv's non-blocking reads, which an abort interrupts; a device through
      // the thread pool's.
      const stream = info.isFIFO() || info.isSocket() ? new Socket({ fd: descriptor, readable: true, writable: false }) : createReadStream('', { fd: descriptor });
      try {
        return await inspectStream(stream, options.signal);
      } finally {
        stream.destroy();
      }
    } finally {
      if (owned) {
        await closeFile(descriptor);
      }
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && !(error instanceof CliError) && (error as Error).name !== 'AbortError') {
      throw new UnreadableImage(`Cannot read ${path}: ${READ_ERRORS[code] ?? (error as Error).message}`);
    }
    throw error;
  }
}
