/** Image data on its way to Glance: streamed into one request, hashed, then checked against what Glance recorded. */
import { CliError } from '../errors.js';
import type { Image } from '../glance/types.js';
import type { Digests } from './digester.js';
import { hashing, type ProgressSink, type Transferred } from './hashing.js';
import type { ImageSource } from './source.js';

/**
 * The one digest computed while uploading, chosen as downloads choose theirs: the cloud's
 * os_hash_algo, and md5 only as the fallback. No API tells the algorithm before an upload, so it
 * is Glance's default, sha512, unless the image record shows a cloud that keeps no multihash at
 * all (no os_hash_algo field: Glance before Rocky, or a v1 endpoint), which records only the md5
 * checksum. One hash, because each costs as much CPU as the transfer itself (see BENCHMARKS.md).
 */
export function uploadHashAlgorithm(image?: Image): string {
  return image !== undefined && !('os_hash_algo' in image) ? 'md5' : 'sha512';
}

export interface SendOptions {
  size?: number;
  /** Digests to compute on the way (none for staging: Glance hashes only at import). */
  algorithms: string[];
  progress: ProgressSink;
  /** Names the transfer in the incomplete-send message. */
  what: 'Upload' | 'Staging';
}

/**
 * Streams a source into one request (`send`: an upload or a staging PUT), hashing it on the way.
 * Fails unless every byte went out.
 */
export async function sendImageData(
  source: ImageSource,
  options: SendOptions,
  send: (body: AsyncIterable<Uint8Array>) => Promise<void>,
): Promise<Required<Transferred>> {
  const progress = options.progress(options.size);
  const sent: Transferred = { bytes: 0 };
  const stream = source.open();
  const reading: { failure?: unknown } = {};
  try {
    await send(hashing(remembering(stream, reading), options.algorithms, progress, sent, options.size));
    progress.finish();
  } catch (error) {
    progress.abort();
    // The HTTP layer reports a body that failed as a failed connection: a message meant for the
    // user (an inspection's refusal) is the real story.
    throw reading.failure instanceof CliError ? reading.failure : error;
  } finally {
    stream.destroy();
  }
  if (!sent.digests) {
    // Glance answered before reading everything: what it stored cannot be what the user gave.
    throw new CliError(`${options.what} did not complete: Glance answered after ${sent.bytes} bytes, before the end of the data`);
  }
  return { bytes: sent.bytes, digests: sent.digests };
}

/**
 * Passes the chunks on one behind, each once the next has arrived, and the last once `beforeLast`
 * has accepted the whole. A request body cut before its end (the chunks fail, or `beforeLast`
 * throws) is one the server never completes: it never stores data the client refused.
 */
export async function* holdingLastChunk(chunks: AsyncIterable<Uint8Array>, beforeLast: () => void | Promise<void>): AsyncGenerator<Uint8Array> {
  let held: Uint8Array | undefined;
  for await (const chunk of chunks) {
    if (held) {
      yield held;
    }
    held = chunk;
  }
  await beforeLast();
  if (held) {
    yield held;
  }
}

/** Passes the chunks through, keeping the error reading them raised. */
async function* remembering(chunks: AsyncIterable<Uint8Array>, reading: { failure?: unknown }): AsyncGenerator<Uint8Array> {
  try {
    yield* chunks;
  } catch (error) {
    reading.failure = error;
    throw error;
  }
}

/**
 * Compares Glance's record of the upload with the bytes the client sent. When the record has no
 * digest the client computed (a cloud configured with another os_hash_algo), only the size can
 * be checked, and `warn` says so.
 */
export function verifyUpload(image: Image, sent: Digests, bytes: number, warn: (message: string) => void): void {
  const problems: string[] = [];
  if (typeof image.size === 'number' && image.size !== bytes) {
    problems.push(`Glance stored ${image.size} bytes but ${bytes} were sent`);
  }
  if (image.checksum && sent.md5 && image.checksum !== sent.md5) {
    problems.push(`checksum is ${image.checksum} but the data sent has md5 ${sent.md5}`);
  }
  const algorithm = image.os_hash_algo ?? undefined;
  const sentHash = algorithm ? sent[algorithm] : undefined;
  if (image.os_hash_value && sentHash && image.os_hash_value !== sentHash) {
    problems.push(`os_hash_value is ${image.os_hash_value} but the data sent has ${algorithm} ${sentHash}`);
  }
  if (problems.length > 0) {
    throw new CliError(`Upload verification failed for image ${image.id}: ${problems.join('; ')}`);
  }
  const compared = (image.checksum && sent.md5) || (image.os_hash_value && sentHash);
  if (!compared && (image.checksum || image.os_hash_value)) {
    warn(`Only the size of image ${image.id} was verified: Glance recorded ${algorithm ?? 'md5'}, the client computed ${Object.keys(sent).join(', ')}`);
  }
}

/** Glance recorded the staged size at once (the hashes come only with the import): it must be what was sent. */
export function checkStagedSize(image: Image, staged: Transferred): void {
  if (typeof image.size === 'number' && image.size !== staged.bytes) {
    throw new CliError(`Staging verification failed for image ${image.id}: Glance staged ${image.size} bytes but ${staged.bytes} were sent`);
  }
}
