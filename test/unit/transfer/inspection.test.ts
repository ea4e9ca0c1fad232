/** The inspection of upload data (src/transfer/inspection.ts) and the hold-back of the last chunk. */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Inspection } from '../../../src/inspect/inspect.js';
import { ImageRefused, inspectUpload, refusal } from '../../../src/transfer/inspection.js';
import { fileSource } from '../../../src/transfer/source.js';
import { holdingLastChunk } from '../../../src/transfer/upload.js';
import { qcow2Bytes } from '../../helpers/disk-images.js';

const dir = mkdtempSync(join(tmpdir(), 'glance-transfer-inspection-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function inspection(fields: Partial<Inspection>): Inspection {
  return { format: 'raw', virtual_size: 1024, size: 1024, safe: true, reasons: [], details: {}, ...fields };
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of chunks) {
    parts.push(Buffer.from(chunk));
  }
  return Buffer.concat(parts);
}

describe('refusal', () => {
  it.each([
    ['raw as raw', inspection({}), 'raw', true, undefined],
    ['anything when no format is declared', inspection({ format: 'qcow2' }), undefined, true, undefined],
    ['raw as ami, aki or ari (no reader: raw to the inspector)', inspection({}), 'ami', true, undefined],
    ['qcow2 as raw', inspection({ format: 'qcow2' }), 'raw', true, 'disk.img is qcow2, not raw; pass --disk-format qcow2'],
    ['raw as qcow2', inspection({}), 'qcow2', true, 'disk.img is raw, not qcow2; pass --disk-format raw'],
    ['raw as vhd while the stream has not ended (a fixed VHD ends in its footer)', inspection({}), 'vhd', false, undefined],
    ['raw as vhd once it has', inspection({}), 'vhd', true, 'disk.img is raw, not vhd; pass --disk-format raw'],
    [
      'an unsafe image, even of the declared format',
      inspection({ format: 'qcow2', safe: false, reasons: ['backing file "a"', 'marked corrupt by qemu'] }),
      'qcow2',
      true,
      'disk.img is a qcow2 image that is not safe to upload: backing file "a"; marked corrupt by qemu',
    ],
  ])('%s', (_label, found, declared, final, expected) => {
    expect(refusal(found, declared, 'disk.img', final)).toBe(expected);
  });
});

describe('inspectUpload', () => {
  it('inspects a regular file at once: unsafe is refused there, another format when the declared one is known', async () => {
    const backed = join(dir, 'backed.qcow2');
    writeFileSync(backed, qcow2Bytes(Buffer.alloc(0), { backingFile: 'base' }));
    await expect(inspectUpload(await fileSource(backed), { path: backed, name: backed })).rejects.toThrow(ImageRefused);

    const plain = join(dir, 'plain.qcow2');
    writeFileSync(plain, qcow2Bytes(randomBytes(1000)));
    const source = await fileSource(plain);
    const checked = await inspectUpload(source, { path: plain, name: 'plain.qcow2' });
    expect(await checked.detectedFormat()).toBe('qcow2');
    expect(checked.sourceFor('qcow2')).toBe(source);
    expect(() => checked.sourceFor('raw')).toThrow('plain.qcow2 is qcow2, not raw; pass --disk-format qcow2');
  });

  it('reads a stream ahead for --disk-format auto, then hands over every byte, the ones read ahead first', async () => {
    const data = qcow2Bytes(randomBytes(300 * 1024));
    const chunked = Array.from({ length: Math.ceil(data.length / 4096) }, (_, index) => data.subarray(index * 4096, (index + 1) * 4096));
    const checked = await inspectUpload({ origin: 'stdin', open: () => Readable.from(chunked) }, { name: 'stdin' });
    expect(await checked.detectedFormat()).toBe('qcow2');
    expect((await collect(checked.sourceFor('qcow2').open())).equals(data)).toBe(true);
  });

  it('a read ahead waiting for a pipe ends with Ctrl-C', async () => {
    const pipe = new PassThrough();
    pipe.write(Buffer.alloc(1024));
    const interrupt = new AbortController();
    const checked = await inspectUpload({ origin: 'stdin', open: () => pipe }, { name: 'stdin', signal: interrupt.signal });
    const detecting = checked.detectedFormat();
    setTimeout(() => interrupt.abort(), 20);
    await expect(detecting).rejects.toThrow();
    expect(pipe.destroyed).toBe(true);
  });

  it("destroying the stream it hands over stops a read that waits for the pipe (the upload's clean-up)", async () => {
    const pipe = new PassThrough();
    pipe.write(Buffer.alloc(1024));
    const checked = await inspectUpload({ origin: 'stdin', open: () => pipe }, { name: 'stdin' });
    const stream = checked.sourceFor('raw').open();
    const reading = collect(stream);
    setTimeout(() => stream.destroy(), 20);
    await expect(reading).rejects.toThrow();
  });
});

describe('holdingLastChunk', () => {
  it('passes every chunk on, the last only after beforeLast has run', async () => {
    const events: string[] = [];
    const chunks = holdingLastChunk(Readable.from([Buffer.from('a'), Buffer.from('b'), Buffer.from('c')]), () => {
      events.push('check');
    });
    for await (const chunk of chunks) {
      events.push(Buffer.from(chunk).toString());
    }
    expect(events).toEqual(['a', 'b', 'check', 'c']);
  });

  it('never passes the last chunk on when beforeLast refuses', async () => {
    const passed: string[] = [];
    const chunks = holdingLastChunk(Readable.from([Buffer.from('a'), Buffer.from('b')]), () => {
      throw new Error('refused');
    });
    await expect(
      (async () => {
        for await (const chunk of chunks) {
          passed.push(Buffer.from(chunk).toString());
        }
      })(),
    ).rejects.toThrow('refused');
    expect(passed).toEqual(['a']);
  });
});
