import { mkdtemp, rm, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { declaredSize, fileSource, urlSource } from '../../../src/transfer/source.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'glance-source-'));
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

async function read(stream: AsyncIterable<Uint8Array>): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString();
}

describe('fileSource', () => {
  it('reads a regular file and knows its size', async () => {
    const path = join(directory, 'disk.img');
    await writeFile(path, 'twelve bytes');
    const source = await fileSource(path);
    expect([source.origin, source.size]).toEqual(['--file', 12]);
    expect(await read(source.open())).toBe('twelve bytes');
  });

  it('takes a character device, whose size it does not know', async () => {
    const source = await fileSource('/dev/null');
    expect(source.size).toBeUndefined();
    expect(await read(source.open())).toBe('');
  });

  it.each([
    ['a missing file', (dir: string) => join(dir, 'missing.img')],
    ['a directory', (dir: string) => dir],
  ])('names %s in the reference words', async (_label, path) => {
    await expect(fileSource(path(directory))).rejects.toThrow(`File ${path(directory)} does not exist or user does not have read privileges to it`);
  });

  it.skipIf(process.getuid?.() === 0)('refuses a file it may not read', async () => {
    const path = join(directory, 'secret.img');
    await writeFile(path, 'x');
    await chmod(path, 0o000);
    await expect(fileSource(path)).rejects.toThrow('does not exist or user does not have read privileges to it');
  });
});

describe('sizes', () => {
  const source = { origin: 'stdin' as const, size: 10, open: () => Readable.from([]) };

  it('--size must agree with what the source says', () => {
    expect(declaredSize(source, undefined)).toBe(10);
    expect(declaredSize(source, 10)).toBe(10);
    expect(declaredSize({ ...source, size: undefined }, 7)).toBe(7);
    expect(() => declaredSize(source, 11)).toThrow('Size mismatch: provided size 11 does not match the size of the image 10');
  });

  it('a URL body announced with another size is released and refused', () => {
    const body = Readable.from(['x']);
    expect(() => urlSource({ body, size: 5 }, 6)).toThrow('Size mismatch: provided size 6 does not match the size of the image 5');
    expect(body.destroyed).toBe(true);
  });

  it('a URL body takes --size, else the announced size', () => {
    const body = Readable.from(['x']);
    expect(urlSource({ body, size: 5 }, undefined).size).toBe(5);
    expect(urlSource({ body }, 9).size).toBe(9);
    expect(urlSource({ body }, undefined)).toMatchObject({ origin: '--copy-from', size: undefined });
  });
});
