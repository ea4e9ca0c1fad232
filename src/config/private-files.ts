/**
 * Files only the user may have written: the token cache and the image list kept for completion
 * live in $XDG_CACHE_HOME/glance, which may sit on a shared or world-writable disk. A file or
 * directory is trusted only when it is what it should be (no symbolic link), belongs to the
 * effective user and is writable by no one else; another user must not choose a token's
 * endpoint or the ids a TAB puts on the command line. Files are written 0600 in a 0700
 * directory, atomically, so parallel processes never see half of one.
 */
import { randomBytes } from 'node:crypto';
import { constants, type Stats } from 'node:fs';
import { lstat, mkdir, open, rename, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/**
 * Why a directory or file is not to be trusted, or undefined when it is. `owner` is the
 * effective uid (undefined where there are no uids); with `writable` checked, no one else may
 * write to it.
 */
export function distrust(info: Stats, kind: 'directory' | 'file', owner: number | undefined, writable = true): string | undefined {
  if (info.isSymbolicLink()) {
    return 'is a symbolic link';
  }
  if (kind === 'directory' ? !info.isDirectory() : !info.isFile()) {
    return `is not a ${kind === 'directory' ? 'directory' : 'regular file'}`;
  }
  if (owner === undefined) {
    return undefined;
  }
  if (info.uid !== owner) {
    return `belongs to uid ${info.uid}, not to uid ${owner}`;
  }
  if (writable && (info.mode & 0o022) !== 0) {
    return `is writable by ${(info.mode & 0o002) !== 0 ? 'everyone' : 'its group'} (mode ${(info.mode & 0o777).toString(8).padStart(4, '0')})`;
  }
  return undefined;
}

/** What reading a private file found: its text, why it was refused, or nothing (no such file). */
export type PrivateRead = { text: string } | { refused: string; path: string } | undefined;

/**
 * Reads `path` when it and its directory are to be trusted. Opened without following a link and
 * without blocking (a FIFO planted under the name must not hang the command), checked on the
 * descriptor that is read.
 */
export async function readPrivateFile(path: string, owner: number | undefined): Promise<PrivateRead> {
  const directory = dirname(path);
  const directoryInfo = await lstat(directory).catch(() => undefined);
  if (!directoryInfo) {
    return undefined;
  }
  const directoryProblem = distrust(directoryInfo, 'directory', owner);
  if (directoryProblem) {
    return { refused: `it ${directoryProblem}`, path: directory };
  }
  try {
    const handle = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
    try {
      const problem = distrust(await handle.stat(), 'file', owner);
      return problem ? { refused: `it ${problem}`, path } : { text: await handle.readFile('utf8') };
    } finally {
      await handle.close();
    }
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      return undefined;
    }
    return { refused: code === 'ELOOP' ? 'it is a symbolic link' : `it cannot be read (${code ?? String(error)})`, path };
  }
}

/** Writes `path` 0600 through a temporary file renamed over it, in a private directory. */
export async function writePrivateFile(path: string, text: string, owner: number | undefined): Promise<void> {
  await privateDirectory(dirname(path), owner);
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  // O_EXCL: a file or symbolic link planted under the temporary name is never written through.
  await writeFile(temporary, text, { mode: 0o600, flag: 'wx' });
  try {
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}

/**
 * Creates the directory 0700, or tightens an existing one of the user's to 0700. Refuses a
 * symbolic link and someone else's directory. The mode is changed through a descriptor opened
 * without following a link, so a link swapped in meanwhile never gets its target chmod'ed.
 */
export async function privateDirectory(directory: string, owner: number | undefined): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const problem = distrust(await lstat(directory), 'directory', owner, false);
  if (problem) {
    throw new Error(`it ${problem}`);
  }
  const handle = await open(directory, constants.O_RDONLY | (constants.O_DIRECTORY ?? 0) | (constants.O_NOFOLLOW ?? 0));
  try {
    const info = await handle.stat();
    const changed = distrust(info, 'directory', owner, false);
    if (changed) {
      throw new Error(`it ${changed}`);
    }
    if ((info.mode & 0o077) !== 0) {
      await handle.chmod(0o700);
    }
  } finally {
    await handle.close();
  }
}
