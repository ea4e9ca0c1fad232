/**
 * Inspection of a stream as it passes (stdin, a URL, a pipe): no seeking, constant memory.
 *
 * The inspector keeps the first `limit` bytes (8 MiB by default) and the last 64 KiB, and runs
 * the same format readers as a file inspection over them:
 *
 * - `push(chunk)` returns the inspection as soon as the bytes seen decide it, and undefined
 *   before. Every format is decided by its first bytes: at least the first 64 KiB (the ISO
 *   volume descriptors at 32 KiB are part of every verdict), a qcow2's first cluster, a VMDK's
 *   descriptor (up to 1 MiB), a VHDX's metadata region (about 3 MiB into a qemu-made file). A
 *   structure beyond `limit` makes the image unsafe ("... is beyond the first N bytes a stream
 *   inspection keeps"), and a stream shorter than what a reader needs is decided at `end()`.
 * - `end()` gives the final inspection once the stream has ended. Only it sees the end of the
 *   data: a fixed VHD (whose footer is only at the end, so that `push` calls it raw), a
 *   stream-optimised VMDK's footer, the size of the stream, and the sizes that follow from it
 *   (a raw image's virtual size, a LUKS volume's). A caller that must refuse before the last
 *   byte leaves (an upload) holds the last chunk back until `end()` has answered.
 *
 * What needs random access, and so a file (`inspectFile`): nothing for images that qemu-img or
 * Hyper-V make, within the default limit. A hand-made file can put a VHDX metadata region, a
 * VMDK descriptor or a GPT's entries anywhere; past the limit, a stream calls that unsafe.
 */
import { addAbortSignal, type Readable } from 'node:stream';
import { inspectSource } from './detect.js';
import type { Inspection } from './model.js';
import { NeedMoreBytes, PrefixSource } from './source.js';

export const DEFAULT_PREFIX_LIMIT = 8 * 1024 * 1024;
/** Below this some formats could never be decided (a VMDK descriptor is read up to 1 MiB). */
const MIN_PREFIX_LIMIT = 1024 * 1024;
/** Enough for a VHD footer (512 bytes) and a VMDK footer (1 KiB from the end). */
const TAIL_SIZE = 64 * 1024;

export class StreamInspector {
  private prefix: Buffer[] = [];
  private prefixLength = 0;
  /** The last chunks, at least TAIL_SIZE bytes of them when the stream has that many. */
  private tail: Buffer[] = [];
  private tailLength = 0;
  private total = 0;
  /** The prefix length the readers asked for last time. */
  private needed = 0;
  private decision: Inspection | undefined;

  constructor(private readonly limit = DEFAULT_PREFIX_LIMIT) {
    if (limit < MIN_PREFIX_LIMIT) {
      throw new RangeError(`a stream inspection keeps at least ${MIN_PREFIX_LIMIT} bytes`);
    }
  }

  /** Bytes seen so far. */
  get bytesSeen(): number {
    return this.total;
  }

  /** The next chunk of the stream: the inspection once the first bytes decide it. */
  async push(chunk: Uint8Array): Promise<Inspection | undefined> {
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.prefixLength < this.limit) {
      // Copied: the caller may reuse its buffer.
      const kept = Buffer.from(bytes.subarray(0, this.limit - this.prefixLength));
      this.prefix.push(kept);
      this.prefixLength += kept.length;
    }
    this.total += bytes.length;
    this.keepTail(bytes);
    if (this.decision === undefined && this.prefixLength >= this.needed) {
      this.decision = await this.decide();
    }
    return this.decision;
  }

  /** The stream has ended: the inspection of all of it, its end included. */
  end(): Promise<Inspection> {
    const tail = Buffer.concat(this.tail);
    return inspectSource(new PrefixSource(this.joinedPrefix(), this.limit, { size: this.total, tail: tail.subarray(Math.max(0, tail.length - TAIL_SIZE)) }));
  }

  private async decide(): Promise<Inspection | undefined> {
    try {
      return await inspectSource(new PrefixSource(this.joinedPrefix(), this.limit));
    } catch (error) {
      if (error instanceof NeedMoreBytes) {
        this.needed = error.end;
        return undefined;
      }
      throw error;
    }
  }

  private joinedPrefix(): Buffer {
    if (this.prefix.length > 1) {
      this.prefix = [Buffer.concat(this.prefix)];
    }
    return this.prefix[0] ?? Buffer.alloc(0);
  }

  private keepTail(bytes: Buffer): void {
    const kept = Buffer.from(bytes.subarray(Math.max(0, bytes.length - TAIL_SIZE)));
    this.tail.push(kept);
    this.tailLength += kept.length;
    while (this.tail.length > 1 && this.tailLength - (this.tail[0]?.length ?? 0) >= TAIL_SIZE) {
      this.tailLength -= this.tail.shift()?.length ?? 0;
    }
  }
}

/** Reads `stream` to its end through an inspector; `signal` destroys it (an AbortError) where it waits. */
export async function inspectStream(stream: Readable, signal?: AbortSignal): Promise<Inspection> {
  if (signal) {
    addAbortSignal(signal, stream);
  }
  const inspector = new StreamInspector();
  for await (const chunk of stream) {
    await inspector.push(chunk as Buffer);
  }
  return inspector.end();
}
