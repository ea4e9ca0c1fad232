import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, expect, it, vi } from 'vitest';
import type { Image } from '../../../src/glance/types.js';
import { recordingProgress } from '../../helpers/progress.js';
import { checkStagedSize, sendImageData, uploadHashAlgorithm, verifyUpload } from '../../../src/transfer/upload.js';

const DATA = Buffer.from('image bytes '.repeat(100));
const MD5 = createHash('md5').update(DATA).digest('hex');
const SHA512 = createHash('sha512').update(DATA).digest('hex');
const ID = '6f1b8a3e-0c3c-4b1e-9a51-2a6f7c1d9e01';

const source = (data: Buffer = DATA) => ({ origin: '--file' as const, size: data.length, open: () => Readable.from([data.subarray(0, 500), data.subarray(500)]) });

async function drain(body: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

describe('sendImageData', () => {
  it('streams every byte into the request, hashing on the way, with progress', async () => {
    const progress = recordingProgress();
    let received: Buffer = Buffer.alloc(0);
    const sent = await sendImageData(source(), { size: DATA.length, algorithms: ['md5', 'sha512'], progress: progress.sink, what: 'Upload' }, async (body) => {
      received = await drain(body);
    });
    expect(received.equals(DATA)).toBe(true);
    expect(sent).toEqual({ bytes: DATA.length, digests: { md5: MD5, sha512: SHA512 } });
    expect(progress.events).toEqual([`start ${DATA.length}`, `finish ${DATA.length}`]);
  });

  it('fails when Glance answered before the end of the data', async () => {
    const progress = recordingProgress();
    const send = sendImageData(source(), { algorithms: ['sha512'], progress: progress.sink, what: 'Staging' }, async (body) => {
      for await (const _chunk of body) {
        return;
      }
    });
    await expect(send).rejects.toThrow('Staging did not complete: Glance answered after 500 bytes, before the end of the data');
  });

  it('clears the progress line and closes the source when the request fails', async () => {
    const progress = recordingProgress();
    const stream = Readable.from([DATA]);
    const send = sendImageData({ origin: 'stdin', open: () => stream }, { algorithms: [], progress: progress.sink, what: 'Upload' }, () =>
      Promise.reject(new Error('HTTP 413 Request Entity Too Large')),
    );
    await expect(send).rejects.toThrow('HTTP 413');
    expect(progress.events).toEqual(['start undefined', 'abort 0']);
    expect(stream.destroyed).toBe(true);
  });
});

describe('verifyUpload', () => {
  const stored = (fields: Partial<Image>): Image => ({ id: ID, size: DATA.length, checksum: MD5, os_hash_algo: 'sha512', os_hash_value: SHA512, ...fields }) as Image;

  it('accepts a record that matches what was sent, silently', () => {
    const warn = vi.fn();
    verifyUpload(stored({}), { sha512: SHA512 }, DATA.length, warn);
    expect(warn).not.toHaveBeenCalled();
  });

  it('names every difference', () => {
    expect(() => verifyUpload(stored({ size: 1, os_hash_value: 'bad' }), { sha512: SHA512, md5: 'other' }, DATA.length, () => {})).toThrow(
      `Upload verification failed for image ${ID}: Glance stored 1 bytes but ${DATA.length} were sent; checksum is ${MD5} but the data sent has md5 other; os_hash_value is bad but the data sent has sha512 ${SHA512}`,
    );
  });

  it('warns when only the size could be compared (another os_hash_algo)', () => {
    const warn = vi.fn();
    verifyUpload(stored({ checksum: null, os_hash_algo: 'sha256', os_hash_value: 'x' }), { sha512: SHA512 }, DATA.length, warn);
    expect(warn).toHaveBeenCalledWith(`Only the size of image ${ID} was verified: Glance recorded sha256, the client computed sha512`);
  });

  it('hashes md5 only for a cloud whose records have no os_hash_algo', () => {
    expect(uploadHashAlgorithm({ id: ID } as Image)).toBe('md5');
    expect(uploadHashAlgorithm(stored({}))).toBe('sha512');
    expect(uploadHashAlgorithm(undefined)).toBe('sha512');
  });

  it('checks the staged size', () => {
    expect(() => checkStagedSize(stored({ size: 3 }), { bytes: 4 })).toThrow(`Staging verification failed for image ${ID}: Glance staged 3 bytes but 4 were sent`);
    expect(() => checkStagedSize(stored({ size: null }), { bytes: 4 })).not.toThrow();
  });
});
