/** Image data hashed and counted as it streams, with progress reported on the way. */
import { createHash, type Hash } from 'node:crypto';
import { Transform } from 'node:stream';
import type { TransferProgress } from '../output/progress.js';
import type { Digester, Digests } from './digester.js';

export type { TransferProgress };

/**
 * Where a transfer reports its bytes: called once the size to expect is known (undefined when it
 * is not), it returns the progress of that transfer (a bar on a terminal, or nothing).
 */
export type ProgressSink = (total: number | undefined) => TransferProgress;

export const NO_PROGRESS: TransferProgress = { advance() {}, finish() {}, abort() {} };
export const NO_PROGRESS_SINK: ProgressSink = () => NO_PROGRESS;

/** What went out (or came in): the bytes, and their digests once every byte has passed. */
export interface Transferred {
  bytes: number;
  digests?: Digests;
}

/**
 * Passes chunks through while hashing them and reporting progress. The digests are taken when
 * the source ends, and also as soon as `size` bytes have passed: undici stops pulling a request
 * body once it has sent Content-Length bytes, and may leave this generator suspended there.
 */
export async function* hashing(
  source: AsyncIterable<Uint8Array>,
  algorithms: string[],
  progress: TransferProgress,
  result: Transferred,
  size?: number,
): AsyncGenerator<Uint8Array> {
  const hashes: [string, Hash][] = algorithms.map((algorithm) => [algorithm, createHash(algorithm)]);
  const take = (): void => {
    result.digests = Object.fromEntries(hashes.map(([algorithm, hash]) => [algorithm, hash.copy().digest('hex')]));
  };
  for await (const chunk of source) {
    for (const [, hash] of hashes) {
      hash.update(chunk);
    }
    result.bytes += chunk.length;
    progress.advance(chunk.length);
    result.digests = undefined;
    if (result.bytes === size) {
      take();
    }
    yield chunk;
  }
  take();
}

/**
 * hashing() as a stream stage, for downloads: the response arrives in 64 KiB socket reads, where
 * an async generator costs about twice the CPU of a Transform and makes the body stream
 * concatenate what it buffered (see BENCHMARKS.md). The digester may already hold a prefix (a
 * download continued from a partial file); the digests are taken when the data ends.
 */
export function hashingStream(digester: Digester, progress: TransferProgress, result: Transferred): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      result.bytes += chunk.length;
      progress.advance(chunk.length);
      const behind = digester.update(chunk);
      if (behind) {
        behind.then(() => callback(null, chunk), callback);
      } else {
        callback(null, chunk);
      }
    },
    flush(callback) {
      digester.digest().then((digests) => {
        result.digests = digests;
        callback();
      }, callback);
    },
    destroy(error, callback) {
      digester.abort();
      callback(error);
    },
  });
}
