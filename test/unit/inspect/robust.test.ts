/** Damaged headers give a verdict, never a crash: random bytes flipped where each format keeps its metadata. */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectSource } from '../../../src/inspect/inspect.js';
import { PrefixSource } from '../../../src/inspect/source.js';
import { qemuImg, scratchDirectory, writeGpt } from '../../helpers/disk-images.js';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());

/** A whole image in memory, served as a stream that has ended. */
function inMemory(bytes: Buffer): PrefixSource {
  return new PrefixSource(bytes, bytes.length, { size: bytes.length, tail: Buffer.alloc(0) });
}

/** mulberry32: the same damage on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let value = Math.imul(state ^ (state >>> 15), 1 | state);
    value = (value + Math.imul(value ^ (value >>> 7), 61 | value)) ^ value;
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

const images: Record<string, { bytes: Buffer; regions: [number, number][] }> = {};

beforeAll(() => {
  const make = (name: string, regions: [number, number][], ...args: string[]): void => {
    const file = scratch.file(name);
    qemuImg('create', ...args.slice(0, -1), file, args.at(-1)!);
    images[name] = { bytes: readFileSync(file), regions };
  };
  const header: [number, number][] = [[0, 4096]];
  make('qcow2', header, '-f', 'qcow2', '-b', '/etc/hostname', '-F', 'raw', '-u', '1G');
  make('vmdk', header, '-f', 'vmdk', '1G');
  make('vhd', [[0, 2048]], '-f', 'vpc', '1G');
  make('vhdx', [[0, 64], [192 * 1024, 1024], [3 * 1024 * 1024, 1024], [3 * 1024 * 1024 + 65536, 256]], '-f', 'vhdx', '64M');
  make('vdi', [[0, 512]], '-f', 'vdi', '1G');
  make('ploop', [[0, 64]], '-f', 'parallels', '64M');
  make('qed', [[0, 128]], '-f', 'qed', '1G');
  make('gpt', [[0, 2048]], '-f', 'raw', '1M');
  writeGpt(scratch.file('gpt'), 2048);
  images.gpt!.bytes = readFileSync(scratch.file('gpt'));
});

describe('damaged headers', () => {
  it.each(['qcow2', 'vmdk', 'vhd', 'vhdx', 'vdi', 'ploop', 'qed', 'gpt'])('%s: 300 random damages, each a verdict', async (name) => {
    const { bytes, regions } = images[name]!;
    const next = random(name.length * 7919);
    const formats = new Set<string>();
    for (let round = 0; round < 300; round += 1) {
      const damaged = Buffer.from(bytes);
      for (let flip = 0; flip < 1 + Math.floor(next() * 8); flip += 1) {
        const [start, length] = regions[Math.floor(next() * regions.length)]!;
        const at = start + Math.floor(next() * length);
        // Mostly flipped bits; now and then 0xff runs, which make fields huge.
        if (next() < 0.8) {
          damaged[at] = damaged[at]! ^ (1 << Math.floor(next() * 8));
        } else {
          damaged.fill(0xff, at, Math.min(at + 8, damaged.length));
        }
      }
      const inspection = await inspectSource(inMemory(damaged));
      expect(typeof inspection.safe).toBe('boolean');
      expect(inspection.safe).toBe(inspection.reasons.length === 0);
      formats.add(inspection.format);
    }
    expect(formats.size).toBeGreaterThan(0);
  }, 60_000);
});
