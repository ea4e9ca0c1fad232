/**
 * Where a download is written, chosen by what the target path is, so that nothing the user has
 * is damaged:
 *
 * - a missing path or a regular file: a temporary file created 0600 beside it, fsync'ed, given
 *   the old file's mode and owner (a new file: the umask default), then renamed over the path.
 *   The path holds the old data or the whole verified image, never a part of it.
 * - a regular file the directory will not let us replace (no write permission on the directory,
 *   a writable file bind-mounted into a read-only tree), or one with other hard links: written in
 *   place, so the inode, its mode and every link keep pointing at the same file. This is what
 *   python-glanceclient always does; a failed download then leaves the file truncated.
 * - a symbolic link: followed, and the rule applied to what it points at.
 * - a character device, FIFO or socket (`/dev/null`, `>(cmd)`, `/dev/stdout`): written straight
 *   through, never replaced by a regular file.
 *
 * With --continue (`openContinuation`), the path is a regular file (made if missing) that the
 * data is appended to in place, so that an interrupted download leaves what it had for the next run.
 */
import { randomBytes } from 'node:crypto';
import { close, constants, createWriteStream, fchmod, fchown, fstat, fsync, open, type Stats, type WriteStream } from 'node:fs';
import { lstat, readlink, rename, stat, unlink } from 'node:fs/promises';
import { promisify } from 'node:util';
import { basename, dirname, join, resolve } from 'node:path';
import { CliError } from '../errors.js';

/** 1 MiB of write buffer: each 64 KiB socket read no longer waits for its own write (see BENCHMARKS.md). */
const WRITE_BUFFER = 1024 * 1024;

/** Linux gives up after 40 links in a row; so do we. */
const MAX_SYMLINK_HOPS = 40;

// Plain descriptors rather than FileHandle: a FileHandle's close() waits for ever while a write
// stream made from it with autoClose off is still alive.
const openFile = promisify(open);
const closeFile = promisify(close);
const syncFile = promisify(fsync);
const chmodFile = promisify(fchmod);
const chownFile = promisify(fchown);
const statFile = promisify(fstat);

export interface DownloadTarget {
  /** The stream the data goes to; `commit` or `abort` ends it. */
  readonly stream: WriteStream;
  /** How the data reaches the path, for --debug. */
  readonly mode: 'replace' | 'in-place' | 'device';
  /** After the last byte and a successful verification: makes the data durable under the path. */
  commit(): Promise<void>;
  /** After a failure: removes what was written where that is possible (a temporary file). */
  abort(): Promise<void>;
}

export interface DownloadTargetOptions {
  /** The mode a new file gets: 0666 less the process's umask. */
  newFileMode: number;
}

/**
 * A descriptor the process already holds (`/dev/stdout`, bash's `>(cmd)` as /dev/fd/63): opened,
 * never replaced, whatever lstat says of it (some systems show /dev/stdout as a regular file).
 */
const DESCRIPTOR_PATH = /^\/(?:dev\/(?:fd\/\d+|stdout|stderr)|proc\/(?:self|thread-self|\d+)\/fd\/\d+)$/;

export async function openDownloadTarget(path: string, options: DownloadTargetOptions): Promise<DownloadTarget> {
  const target = await resolveTarget(path);
  if (DESCRIPTOR_PATH.test(target)) {
    return openInPlace(path, target, constants.O_WRONLY | constants.O_APPEND, 'device');
  }
  const info = await lstat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') {
      return undefined;
    }
    throw writeError(path, error);
  });
  if (info?.isDirectory()) {
    throw new CliError(`Cannot write the image to ${path}: it is a directory`);
  }
  if (info && !info.isFile()) {
    // Devices, FIFOs and sockets are written through: O_APPEND keeps a `>>` redirection behind
    // /dev/stdout appending, and nothing is created or truncated.
    return openInPlace(path, target, constants.O_WRONLY | constants.O_APPEND, 'device');
  }
  const directory = dirname(target);
  const directoryInfo = await stat(directory).catch(() => undefined);
  if (!directoryInfo?.isDirectory()) {
    throw new CliError(`Cannot write the image to ${path}: directory ${directory} does not exist`);
  }
  const inPlace = (): Promise<DownloadTarget> => openInPlace(path, target, constants.O_WRONLY | constants.O_TRUNC, 'in-place');
  if (info && info.nlink > 1) {
    return inPlace();
  }
  try {
    return await openReplacement(path, target, info, options.newFileMode);
  } catch (error) {
    // The directory refuses a new entry (no write permission, read-only mount) but the file
    // itself may still take writes.
    const code = (error as NodeJS.ErrnoException).code;
    if (info && (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')) {
      return inPlace();
    }
    throw writeError(path, error as NodeJS.ErrnoException);
  }
}

/** A file a download is continued in: appended to in place, and kept after a failure unless removed. */
export interface ContinuationTarget extends DownloadTarget {
  /** The file (symbolic links followed), for reading back what it holds. */
  readonly path: string;
  /** The bytes it held when opened. */
  readonly existing: number;
  /** After a failure: flushes what was written and keeps it for the next --continue. */
  abort(): Promise<void>;
  /** After a checksum mismatch: the file cannot be trusted, and goes. */
  remove(): Promise<void>;
}

export async function openContinuation(path: string, options: DownloadTargetOptions): Promise<ContinuationTarget> {
  const target = await resolveTarget(path);
  const info = DESCRIPTOR_PATH.test(target) ? undefined : await lstat(target).catch(() => undefined);
  if (DESCRIPTOR_PATH.test(target) || (info && !info.isFile())) {
    throw new CliError(`Cannot continue a download into ${path}: ${info?.isDirectory() ? 'it is a directory' : 'it is not a regular file'}`);
  }
  const directory = dirname(target);
  if (!(await stat(directory).catch(() => undefined))?.isDirectory()) {
    throw new CliError(`Cannot write the image to ${path}: directory ${directory} does not exist`);
  }
  const fd = await openFile(target, constants.O_WRONLY | constants.O_CREAT | constants.O_APPEND, options.newFileMode & 0o7777).catch((error: NodeJS.ErrnoException) => {
    throw writeError(path, error);
  });
  const existing = (await statFile(fd)).size;
  const stream = createWriteStream('', { fd, highWaterMark: WRITE_BUFFER, autoClose: false });
  let open = true;
  const closeOnce = async (): Promise<void> => {
    if (open) {
      open = false;
      await closeFile(fd).catch(() => undefined);
    }
  };
  return {
    stream,
    mode: 'in-place',
    path: target,
    existing,
    async commit() {
      try {
        await finish(stream, path);
        await syncFile(fd).catch((error: NodeJS.ErrnoException) => {
          throw writeError(path, error);
        });
      } finally {
        await closeOnce();
      }
    },
    async abort() {
      // Whatever reached the file is a prefix of the image: the writes are appended in order.
      if (!stream.destroyed && !stream.writableFinished) {
        await finish(stream, path).catch(() => undefined);
      }
      if (stream.destroyed) {
        await settled(stream);
      }
      await syncFile(fd).catch(() => undefined);
      await closeOnce();
    },
    async remove() {
      stream.destroy();
      await settled(stream);
      await closeOnce();
      await unlink(target).catch(() => undefined);
    },
  };
}

/** Resolves once a destroyed stream has closed: no write of it is still running on the descriptor. */
function settled(stream: WriteStream): Promise<void> {
  return stream.closed ? Promise.resolve() : new Promise((resolvePromise) => stream.once('close', () => resolvePromise()));
}

/** Follows symbolic links one hop at a time, so that a dangling link names the file to create. */
async function resolveTarget(path: string): Promise<string> {
  let current = resolve(path);
  for (let hop = 0; hop < MAX_SYMLINK_HOPS; hop++) {
    const info = DESCRIPTOR_PATH.test(current) ? undefined : await lstat(current).catch(() => undefined);
    if (!info?.isSymbolicLink()) {
      return current;
    }
    current = resolve(dirname(current), await readlink(current));
  }
  throw new CliError(`Cannot write the image to ${path}: too many levels of symbolic links`);
}

async function openInPlace(path: string, target: string, flags: number, mode: 'in-place' | 'device'): Promise<DownloadTarget> {
  const fd = await openFile(target, flags).catch((error: NodeJS.ErrnoException) => {
    throw writeError(path, error);
  });
  const stream = createWriteStream('', { fd, highWaterMark: WRITE_BUFFER, autoClose: false });
  return {
    stream,
    mode,
    async commit() {
      try {
        await finish(stream, path);
        if (mode === 'in-place') {
          await syncFile(fd).catch((error: NodeJS.ErrnoException) => {
            throw writeError(path, error);
          });
        }
      } finally {
        await closeFile(fd).catch(() => undefined);
      }
    },
    async abort() {
      stream.destroy();
      await closeFile(fd).catch(() => undefined);
    },
  };
}

async function openReplacement(path: string, target: string, existing: Stats | undefined, newFileMode: number): Promise<DownloadTarget> {
  const temporary = join(dirname(target), `.${basename(target)}.${randomBytes(4).toString('hex')}.part`);
  const fd = await openFile(temporary, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  const stream = createWriteStream('', { fd, highWaterMark: WRITE_BUFFER, autoClose: false });
  let open = true;
  let done = false;
  const closeOnce = async (): Promise<void> => {
    if (open) {
      open = false;
      await closeFile(fd);
    }
  };
  const removeTemporary = async (): Promise<void> => {
    stream.destroy();
    await closeOnce().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
  };
  return {
    stream,
    mode: 'replace',
    async commit() {
      try {
        await finish(stream, path);
        if (existing) {
          // Root keeps the file's owner; anyone else cannot give a file away, and keeps it.
          await chownFile(fd, existing.uid, existing.gid).catch(() => undefined);
        }
        await chmodFile(fd, existing ? existing.mode & 0o7777 : newFileMode & 0o7777);
        await syncFile(fd);
        await closeOnce();
        await rename(temporary, target);
        done = true;
      } catch (error) {
        await removeTemporary();
        throw error instanceof CliError ? error : writeError(path, error as NodeJS.ErrnoException);
      }
    },
    async abort() {
      if (!done) {
        await removeTemporary();
      }
    },
  };
}

/** Ends the stream and waits until every byte has been handed to the kernel. */
function finish(stream: WriteStream, path: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const fail = (error: NodeJS.ErrnoException): void => reject(writeError(path, error));
    stream.once('error', fail);
    stream.end(() => {
      stream.off('error', fail);
      resolvePromise();
    });
  });
}

const CAUSES: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EPIPE: 'the reader closed the pipe',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  EISDIR: 'it is a directory',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a component of the path is not a directory',
  EIO: 'input/output error',
  EFBIG: 'file too large',
};

/** One line that names the user's path and the cause, never the hidden temporary file. */
export function writeError(path: string, error: NodeJS.ErrnoException): CliError {
  if (error instanceof CliError) {
    return error;
  }
  const cause = (error.code && CAUSES[error.code]) ?? error.message;
  return new CliError(`Cannot write the image to ${path}: ${cause}`);
}
