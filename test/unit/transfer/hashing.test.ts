import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { describe, expect, it } from 'vitest';
import { hashing, hashingStream, type Transferred } from '../../../src/transfer/hashing.js';
import { createDigester, inlineDigester, workerDigester, WORKER_THRESHOLD } from '../../../src/transfer/digester.js';

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

describe('digesters', () => {
  // Odd chunk sizes, so that batches of 1 MiB split chunks; 6 MiB, more than the worker's 4 MiB of batches in flight.
  const data = randomBytes(6 * 1024 * 1024 + 12345);
  const expected = {
    md5: createHash('md5').update(data).digest('hex'),
    sha512: createHash('sha512').update(data).digest('hex'),
  };
  const chunked = (size: number): Buffer[] => Array.from({ length: Math.ceil(data.length / size) }, (_, index) => data.subarray(index * size, (index + 1) * size));

  it('a worker digests exactly what it was given, waiting when it is behind', async () => {
    const digester = workerDigester(['md5', 'sha512']);
    let waits = 0;
    for (const chunk of chunked(65536 + 7)) {
      const behind = digester.update(chunk);
      if (behind) {
        waits += 1;
        await behind;
      }
    }
    expect(await digester.digest()).toEqual(expected);
    expect(waits).toBeGreaterThan(0);
  });

  it('a worker takes chunks larger than its batches', async () => {
    const digester = workerDigester(['sha512']);
    for (const chunk of chunked(3 * 1024 * 1024 + 1)) {
      await digester.update(chunk);
    }
    expect(await digester.digest()).toEqual({ sha512: expected.sha512 });
  });

  it('inline and worker digesters agree on empty data', async () => {
    const empty = createHash('sha512').update('').digest('hex');
    expect(await inlineDigester(['sha512']).digest()).toEqual({ sha512: empty });
    expect(await workerDigester(['sha512']).digest()).toEqual({ sha512: empty });
  });

  it('a stopped worker refuses more data', async () => {
    const digester = workerDigester(['sha512']);
    digester.abort();
    await expect(digester.update(data) ?? Promise.resolve()).rejects.toThrow('hashing stopped');
    await expect(digester.digest()).rejects.toThrow('hashing stopped');
  });

  it('an unknown algorithm fails the worker\'s digest instead of hanging', async () => {
    const digester = workerDigester(['no-such-hash']);
    await expect(digester.digest()).rejects.toThrow();
  });

  it('hashes inline below the threshold and when the size is unknown', () => {
    expect(createDigester(['sha512'], WORKER_THRESHOLD - 1).update(Buffer.from('x'))).toBeUndefined();
    expect(createDigester(['sha512'], undefined).update(Buffer.from('x'))).toBeUndefined();
  });

  it('hashingStream passes every byte through and digests a large download in the worker', async () => {
    const result: Transferred = { bytes: 0 };
    const received: Buffer[] = [];
    await pipeline(
      Readable.from(chunked(65536)),
      hashingStream(createDigester(['sha512'], WORKER_THRESHOLD), NO_PROGRESS, result),
      async function* (chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          received.push(chunk);
        }
      },
    );
    expect(Buffer.concat(received).equals(data)).toBe(true);
    expect(result).toEqual({ bytes: data.length, digests: { sha512: expected.sha512 } });
  });
});
