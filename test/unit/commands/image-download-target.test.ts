/**
 * image-download --file never damages what is at the path: devices, FIFOs and links are written
 * through, an existing file keeps its mode and owner, a hard-linked file keeps its inode.
 */
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { link, lstat, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { image, startFakeOpenStack, type FakeOpenStack } from '../../helpers/fake-openstack.js';

const ID = '0d4c6f3e-1c2a-4f0e-8a51-2a6f7c1d9e02';
const DATA = Buffer.alloc(2 * 1024 * 1024 + 5, 9);
const SHA512 = createHash('sha512').update(DATA).digest('hex');
const isRoot = process.getuid?.() === 0;

let cloud: FakeOpenStack;
let directory: string;
beforeEach(async () => {
  cloud = await startFakeOpenStack();
  cloud.keystoneIssuesToken().on('GET', `/v2/images/${ID}`, 200, image({ id: ID, os_hash_algo: 'sha512', os_hash_value: SHA512 })).on('GET', `/v2/images/${ID}/file`, 200, DATA);
  directory = await mkdtemp(join(tmpdir(), 'glance-target-'));
});
afterEach(async () => {
  expect(cloud.unmatched).toEqual([]);
  await cloud.close();
  await rm(directory, { recursive: true, force: true });
});

const download = (file: string) => runCli(['image-download', ID, '--file', file], { env: cloud.env });

describe('image-download --file onto what is already there', () => {
  it('creates a new file with the umask default mode', async () => {
    const file = join(directory, 'new.img');
    const run = await download(file);
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect((await stat(file)).mode & 0o777).toBe(0o644);
    expect(await readdir(directory)).toEqual(['new.img']);
  });

  it('keeps the mode of an existing private file', async () => {
    const file = join(directory, 'private.img');
    await writeFile(file, 'old', { mode: 0o600 });
    await chmod(file, 0o600);
    const run = await download(file);
    expect(run.exitCode).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await readFile(file)).equals(DATA)).toBe(true);
  });

  it('writes a hard-linked file in place, so every link sees the image', async () => {
    const file = join(directory, 'linked.img');
    const other = join(directory, 'other-name.img');
    await writeFile(file, 'old', { mode: 0o640 });
    await link(file, other);
    const inode = (await stat(file)).ino;
    const run = await download(file);
    expect(run.exitCode).toBe(0);
    expect((await stat(file)).ino).toBe(inode);
    expect((await stat(file)).mode & 0o777).toBe(0o640);
    expect((await readFile(other)).equals(DATA)).toBe(true);
    expect((await readdir(directory)).sort()).toEqual(['linked.img', 'other-name.img']);
  });

  it('follows a symbolic link and leaves the link in place', async () => {
    const real = join(directory, 'real.img');
    const alias = join(directory, 'alias.img');
    await writeFile(real, 'old', { mode: 0o600 });
    await symlink('real.img', alias);
    const run = await download(alias);
    expect(run.exitCode).toBe(0);
    expect((await lstat(alias)).isSymbolicLink()).toBe(true);
    expect((await readFile(real)).equals(DATA)).toBe(true);
    expect((await stat(real)).mode & 0o777).toBe(0o600);
  });

  it('creates the file a dangling symbolic link points at', async () => {
    const alias = join(directory, 'alias.img');
    await symlink('not-yet.img', alias);
    const run = await download(alias);
    expect(run.exitCode).toBe(0);
    expect((await lstat(alias)).isSymbolicLink()).toBe(true);
    expect((await readFile(join(directory, 'not-yet.img'))).equals(DATA)).toBe(true);
  });

  it('writes through a FIFO to its reader', async () => {
    const fifo = join(directory, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('sha512sum', [fifo]);
    let digest = '';
    reader.stdout.on('data', (chunk: Buffer) => (digest += chunk.toString()));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const run = await download(fifo);
    await closed;
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(digest.split(' ')[0]).toBe(SHA512);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    expect(await readdir(directory)).toEqual(['pipe']);
  });

  it('names the missing directory, not a hidden temporary file', async () => {
    const run = await download(join(directory, 'missing', 'out.img'));
    expect([run.exitCode, run.stderr]).toEqual([1, `Cannot write the image to ${join(directory, 'missing', 'out.img')}: directory ${join(directory, 'missing')} does not exist\n`]);
  });

  it('refuses a directory', async () => {
    const run = await download(directory);
    expect([run.exitCode, run.stderr]).toEqual([1, `Cannot write the image to ${directory}: it is a directory\n`]);
  });

  describe.runIf(isRoot)('character devices (made with mknod, as root)', () => {
    it('writes through a null device and leaves it a device', async () => {
      const device = join(directory, 'null');
      execFileSync('mknod', [device, 'c', '1', '3']);
      const run = await download(device);
      expect([run.exitCode, run.stderr]).toEqual([0, '']);
      expect((await lstat(device)).isCharacterDevice()).toBe(true);
      expect(await readdir(directory)).toEqual(['null']);
    });

    it('reports a full device as one line and exit 1', async () => {
      const device = join(directory, 'full');
      execFileSync('mknod', [device, 'c', '1', '7']);
      const run = await download(device);
      expect([run.exitCode, run.stderr]).toEqual([1, `Cannot write the image to ${device}: no space left on the device\n`]);
      expect((await lstat(device)).isCharacterDevice()).toBe(true);
      expect(await readdir(directory)).toEqual(['full']);
    });
  });
});
