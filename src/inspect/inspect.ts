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
import { open } from 'node:fs/promises';
import { CliError } from '../errors.js';
import { inspectSource } from './detect.js';
import type { Inspection } from './model.js';
import { FileSource } from './source.js';
import { inspectStream } from './stream.js';

export { inspectSource } from './detect.js';
export type { DiskFormat, Inspection } from './model.js';
export { StreamInspector } from './stream.js';

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
 * Inspects the file at `path`: a regular file by random access; a FIFO or a device, which cannot
 * seek, as a stream read to its end. Throws `UnreadableImage` when it cannot be read.
 */
export async function inspectFile(path: string, options: { signal?: AbortSignal } = {}): Promise<Inspection> {
  try {
    const handle = await open(path, 'r');
    try {
      const info = await handle.stat();
      if (info.isDirectory()) {
        throw Object.assign(new Error('directory'), { code: 'EISDIR' });
      }
      if (info.isFile()) {
        return await inspectSource(new FileSource(handle, info.size));
      }
      return await inspectStream(handle.createReadStream({ autoClose: false }), options.signal);
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && !(error instanceof CliError) && (error as Error).name !== 'AbortError') {
      throw new UnreadableImage(`Cannot read ${path}: ${READ_ERRORS[code] ?? (error as Error).message}`);
    }
    throw error;
  }
}
