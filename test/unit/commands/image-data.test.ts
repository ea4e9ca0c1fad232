import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashing, type Transferred } from '../../../src/commands/image/data.js';

const NO_PROGRESS = { advance() {}, finish() {}, abort() {} };
const CHUNKS = [Buffer.from('first '), Buffer.from('second '), Buffer.from('third')];
const ALL = Buffer.concat(CHUNKS);

async function* source(): AsyncGenerator<Uint8Array> {
  yield* CHUNKS;
}

describe('hashing', () => {
  it('has the digests once the declared size has passed, even if nobody asks for more (undici with Content-Length)', async () => {
    const result: Transferred = { bytes: 0 };
    const body = hashing(source(), ['md5', 'sha512'], NO_PROGRESS, result, ALL.length);
    // Pull exactly the three chunks, never the end of the generator.
    for (let index = 0; index < CHUNKS.length; index++) {
      await body.next();
    }
    expect(result.bytes).toBe(ALL.length);
    expect(result.digests).toEqual({
      md5: createHash('md5').update(ALL).digest('hex'),
      sha512: createHash('sha512').update(ALL).digest('hex'),
    });
  });

  it('has no digests while data is still to come', async () => {
    const result: Transferred = { bytes: 0 };
    const body = hashing(source(), ['md5'], NO_PROGRESS, result, ALL.length + 1);
    for (let index = 0; index < CHUNKS.length; index++) {
      await body.next();
    }
    expect(result.digests).toBeUndefined();
  });

  it('takes the digests at the end of a source of unknown size', async () => {
    const result: Transferred = { bytes: 0 };
    for await (const _chunk of hashing(source(), ['md5'], NO_PROGRESS, result)) {
      // consume
    }
    expect(result.digests).toEqual({ md5: createHash('md5').update(ALL).digest('hex') });
  });
});
