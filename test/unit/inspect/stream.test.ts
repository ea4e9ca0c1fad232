/** Inspecting a stream as it passes: the first bytes decide, the end completes, memory stays bounded. */
import { createReadStream } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectFile, StreamInspector, type Inspection } from '../../../src/inspect/inspect.js';
import { makeQemuImages, qemuImg, scratchDirectory, type MadeImage } from '../../helpers/disk-images.js';

const scratch = scratchDirectory();
let images: MadeImage[] = [];

beforeAll(async () => {
  images = await makeQemuImages(scratch.path, { encrypted: false });
}, 120_000);
afterAll(() => scratch.remove());

interface Streamed {
  /** What `push` returned first, and after how many bytes. */
  decision?: Inspection;
  decidedAfter?: number;
  final: Inspection;
}

/** Streams a file through an inspector in chunks of `chunkSize` bytes. */
async function stream(file: string, chunkSize: number, inspector = new StreamInspector()): Promise<Streamed> {
  const result: Partial<Streamed> = {};
  for await (const chunk of createReadStream(file, { highWaterMark: chunkSize })) {
    const decision = await inspector.push(chunk as Buffer);
    if (decision && !result.decision) {
      result.decision = decision;
      result.decidedAfter = inspector.bytesSeen;
    }
  }
  return { ...result, final: await inspector.end() };
}

describe('StreamInspector', () => {
  it('ends with the inspection the file gets, for every image qemu-img makes, whatever the chunk size', async () => {
    expect(images.length).toBe(28);
    for (const image of images) {
      const expected = await inspectFile(image.file);
      for (const chunkSize of [4096, 65536 + 7, 1024 * 1024]) {
        expect({ image: image.name, chunkSize, inspection: (await stream(image.file, chunkSize)).final }).toEqual({ image: image.name, chunkSize, inspection: expected });
      }
    }
  }, 60_000);

  it('decides from the first bytes, long before the end of a large image', async () => {
    const decisions: Record<string, { format?: string; after?: number }> = {};
    for (const image of images) {
      const { decision, decidedAfter } = await stream(image.file, 4096);
      decisions[image.name] = { format: decision?.format, after: decidedAfter };
    }
    // A header at the start is decided once the place of the ISO volume descriptors (32 KiB) has passed.
    expect(decisions['vmdk monolithicSparse']).toEqual({ format: 'vmdk', after: 36864 });
    expect(decisions['vdi static']).toEqual({ format: 'vdi', after: 36864 });
    expect(decisions['raw']).toEqual({ format: 'raw', after: 36864 });
    // A qcow2 once its first cluster, which holds the header extensions, has passed.
    expect(decisions['qcow2 v3']).toEqual({ format: 'qcow2', after: 65536 });
    // A VHDX once its metadata items, 3 MiB in, have passed.
    expect(decisions['vhdx']).toEqual({ format: 'vhdx', after: 3 * 1024 * 1024 + 65536 + 4096 });
    // The first cluster of 2 MiB holds the qcow2 header extensions.
    expect(decisions['qcow2 with 2 MiB clusters']).toEqual({ format: 'qcow2', after: 2 * 1024 * 1024 });
    // A VMDK descriptor file is read up to 1 MiB or to its end, and a 4.5 KiB VHD is shorter than
    // the place of an ISO's volume descriptors: end() decides both.
    expect(decisions['vmdk monolithicFlat']).toEqual({ format: undefined, after: undefined });
    expect(decisions['vpc dynamic']).toEqual({ format: undefined, after: undefined });
  }, 60_000);

  it('a fixed VHD is raw while it streams, and vhd once its footer, at the end, has passed', async () => {
    const fixed = images.find((image) => image.name === 'vpc fixed')!;
    const { decision, final } = await stream(fixed.file, 65536);
    expect(decision).toMatchObject({ format: 'raw', virtual_size: null, size: null });
    expect(final).toMatchObject({ format: 'vhd', virtual_size: (await inspectFile(fixed.file)).virtual_size, details: { type: 'fixed', footer: 'end' } });
  });

  it('what lies beyond the bytes it keeps makes the image unsafe', async () => {
    const vhdx = images.find((image) => image.name === 'vhdx')!;
    const { decision, decidedAfter, final } = await stream(vhdx.file, 65536, new StreamInspector(1024 * 1024));
    const beyond = 'the VHDX metadata table at offset 3145728 is beyond the first 1048576 bytes a stream inspection keeps';
    expect(decision).toMatchObject({ format: 'vhdx', safe: false, virtual_size: null, reasons: [beyond] });
    expect(decidedAfter).toBe(256 * 1024);
    expect(final).toMatchObject({ format: 'vhdx', safe: false, reasons: [beyond] });
    expect(() => new StreamInspector(512 * 1024)).toThrow('a stream inspection keeps at least 1048576 bytes');
  });

  it('keeps at most its limit of a long stream, and its end', async () => {
    const large = scratch.file('large.raw');
    qemuImg('create', '-f', 'raw', large, '64M');
    const inspector = new StreamInspector();
    const { decision, final } = await stream(large, 1024 * 1024, inspector);
    expect(decision).toMatchObject({ format: 'raw', size: null });
    expect(final).toMatchObject({ format: 'raw', virtual_size: 64 * 1024 * 1024, size: 64 * 1024 * 1024, safe: true });
    const kept = inspector as unknown as { prefix: Buffer[]; tail: Buffer[] };
    expect(kept.prefix.reduce((total, chunk) => total + chunk.length, 0)).toBe(8 * 1024 * 1024);
    expect(kept.tail.reduce((total, chunk) => total + chunk.length, 0)).toBeLessThanOrEqual(128 * 1024);
  });
});
