/** inspectFile: regular files by random access, FIFOs as streams, and the files it cannot read. */
import { execFileSync, spawn } from 'node:child_process';
import { symlinkSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectFile, UnreadableImage } from '../../../src/inspect/inspect.js';
import { qemuImg, scratchDirectory } from '../../helpers/disk-images.js';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());

describe('inspectFile', () => {
  it('reads a FIFO as a stream to its end, with the verdict the file gets', async () => {
    const image = scratch.file('child.qcow2');
    qemuImg('create', '-f', 'qcow2', '-u', '-b', 'base.qcow2', '-F', 'qcow2', image, '1G');
    const fifo = scratch.file('pipe');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', 'cat "$1" > "$2"', 'sh', image, fifo]);
    try {
      expect(await inspectFile(fifo)).toEqual(await inspectFile(image));
    } finally {
      writer.kill();
    }
  });

  it('stops waiting on a FIFO when the signal is aborted', async () => {
    const fifo = scratch.file('silent');
    execFileSync('mkfifo', [fifo]);
    // A writer that opens the FIFO and never writes.
    const writer = spawn('sh', ['-c', 'exec 3> "$1"; sleep 30', 'sh', fifo]);
    try {
      const controller = new AbortController();
      const inspection = inspectFile(fifo, { signal: controller.signal });
      setTimeout(() => controller.abort(), 200);
      await expect(inspection).rejects.toMatchObject({ name: 'AbortError' });
    } finally {
      writer.kill();
    }
  });

  it('follows a symbolic link; names what it cannot read and why', async () => {
    const image = scratch.file('disk.vdi');
    qemuImg('create', '-f', 'vdi', image, '1G');
    symlinkSync(image, scratch.file('link.vdi'));
    expect(await inspectFile(scratch.file('link.vdi'))).toMatchObject({ format: 'vdi', safe: true });

    writeFileSync(scratch.file('plain'), '');
    for (const [path, cause] of [
      [scratch.file('missing'), 'no such file or directory'],
      [scratch.path, 'it is a directory'],
      [`${scratch.file('plain')}/below`, 'a component of the path is not a directory'],
    ]) {
      const failure = inspectFile(path!);
      await expect(failure).rejects.toBeInstanceOf(UnreadableImage);
      await expect(failure).rejects.toThrow(`Cannot read ${path}: ${cause}`);
    }
  });

  it('an empty file is raw data of size 0', async () => {
    writeFileSync(scratch.file('empty'), '');
    expect(await inspectFile(scratch.file('empty'))).toEqual({
      format: 'raw',
      virtual_size: 0,
      size: 0,
      safe: true,
      reasons: [],
      details: { partition_table: null, partitions: null, note: 'no disk image format recognised: raw data' },
    });
  });
});
