/**
 * Hashing image data as it streams. Large transfers hash in a worker thread so that SHA-512,
 * which costs as much CPU as receiving and writing the data together, runs beside the transfer
 * instead of between its reads (see BENCHMARKS.md). Small ones hash inline: a worker takes
 * tens of milliseconds to start.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type * as WorkerThreads from 'node:worker_threads';

/** Hex digests by algorithm name. */
export type Digests = Record<string, string>;

export interface Digester {
  /**
   * Hashes a chunk. Returns a promise only when the worker is behind: the caller waits for it
   * before the next chunk, and keeps this one unchanged until then.
   */
  update(chunk: Uint8Array): Promise<void> | undefined;
  /** The digests of every chunk given. Call once, after the last chunk. */
  digest(): Promise<Digests>;
  /** Stops hashing after a failure, releasing the worker. */
  abort(): void;
}

/** Below this size, hashing inline beats starting a worker. */
export const WORKER_THRESHOLD = 64 * 1024 * 1024;
const BATCH_SIZE = 1024 * 1024;
const BATCHES = 4;

export function createDigester(algorithms: string[], size: number | undefined): Digester {
  if (algorithms.length === 0 || size === undefined || size < WORKER_THRESHOLD) {
    return inlineDigester(algorithms);
  }
  return workerDigester(algorithms);
}

export function inlineDigester(algorithms: string[]): Digester {
  const hashes = algorithms.map((algorithm) => [algorithm, createHash(algorithm)] as const);
  return {
    update(chunk) {
      for (const [, hash] of hashes) {
        hash.update(chunk);
      }
      return undefined;
    },
    digest: async () => Object.fromEntries(hashes.map(([algorithm, hash]) => [algorithm, hash.digest('hex')])),
    abort: () => undefined,
  };
}

// CommonJS, evaluated in the worker: no file to find next to the bundle.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const hashes = workerData.map((algorithm) => createHash(algorithm));
parentPort.on('message', (batch) => {
  if (batch === null) {
    parentPort.postMessage({ digests: Object.fromEntries(workerData.map((algorithm, index) => [algorithm, hashes[index].digest('hex')])) });
    return;
  }
  const view = new Uint8Array(batch.buffer, 0, batch.length);
  for (const hash of hashes) hash.update(view);
  parentPort.postMessage(batch, [batch.buffer]);
});
`;

interface Batch {
  buffer: ArrayBuffer;
  length: number;
}

/**
 * Copies chunks into 1 MiB batches and transfers each to the worker, which hashes it and
 * transfers it back for reuse: at most 4 MiB are in flight, whatever the image size.
 */
export function workerDigester(algorithms: string[]): Digester {
  // Loaded here, not at the top: every command would pay for it at start-up.
  const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof WorkerThreads;
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: algorithms });
  const free: ArrayBuffer[] = Array.from({ length: BATCHES }, () => new ArrayBuffer(BATCH_SIZE));
  let current: Uint8Array | undefined;
  let filled = 0;
  let failure: Error | undefined;
  let waiting: { resolve: () => void; reject: (error: Error) => void } | undefined;
  let finishing: { resolve: (digests: Digests) => void; reject: (error: Error) => void } | undefined;

  const fail = (error: Error): void => {
    failure ??= error;
    waiting?.reject(failure);
    finishing?.reject(failure);
    waiting = finishing = undefined;
    void worker.terminate();
  };
  worker.on('message', (message: Batch | { digests: Digests }) => {
    if ('digests' in message) {
      finishing?.resolve(message.digests);
      finishing = undefined;
      void worker.terminate();
      return;
    }
    free.push(message.buffer);
    const resume = waiting;
    waiting = undefined;
    resume?.resolve();
  });
  worker.on('error', fail);
  worker.on('exit', () => fail(new Error('the hashing worker stopped')));

  const send = (): void => {
    if (current && filled > 0) {
      const batch: Batch = { buffer: current.buffer as ArrayBuffer, length: filled };
      worker.postMessage(batch, [batch.buffer]);
    }
    current = undefined;
    filled = 0;
  };
  const copy = (chunk: Uint8Array, from: number): Promise<void> | undefined => {
    let offset = from;
    while (offset < chunk.length) {
      if (!current) {
        const buffer = free.pop();
        if (!buffer) {
          return new Promise<void>((resolve, reject) => {
            waiting = { resolve, reject };
          }).then(() => copy(chunk, offset));
        }
        current = new Uint8Array(buffer);
      }
      const length = Math.min(chunk.length - offset, BATCH_SIZE - filled);
      current.set(chunk.subarray(offset, offset + length), filled);
      filled += length;
      offset += length;
      if (filled === BATCH_SIZE) {
        send();
      }
    }
    return undefined;
  };

  return {
    update(chunk) {
      if (failure) {
        return Promise.reject(failure);
      }
      return copy(chunk, 0);
    },
    digest() {
      if (failure) {
        return Promise.reject(failure);
      }
      return new Promise<Digests>((resolve, reject) => {
        finishing = { resolve, reject };
        send();
        worker.postMessage(null);
      });
    },
    abort() {
      fail(new Error('hashing stopped'));
    },
  };
}
