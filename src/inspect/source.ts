/**
 * Where the format readers read: a file by random access (`FileSource`), or the bytes of a stream
 * seen so far (`PrefixSource`: its first bytes and, once it has ended, its last bytes). Readers
 * ask for small ranges at the offsets their format defines; nothing reads a whole image.
 */
import { read } from 'node:fs';
import { promisify } from 'node:util';

const readFromFile = promisify(read);

export interface ByteSource {
  /** The length of the data: a file's size, a stream's once it has ended; undefined before. */
  readonly size: number | undefined;
  /**
   * Up to `length` bytes at `offset`, fewer only where the data ends. A stream prefix throws
   * `NeedMoreBytes` for bytes that have not passed yet and `OutOfReach` for bytes it will not keep.
   */
  read(offset: number, length: number): Promise<Buffer>;
}

/** The stream has not brought these bytes yet: ask again once `end` bytes have passed. */
export class NeedMoreBytes extends Error {
  constructor(readonly end: number) {
    super(`need the first ${end} bytes`);
  }
}

/** The bytes lie past what a stream inspection keeps: its first bytes and its last ones. */
export class OutOfReach extends Error {
  constructor(
    readonly offset: number,
    readonly limit: number,
    /** What was being read, once a reader has said. */
    readonly what?: string,
  ) {
    super(`offset ${offset} is beyond the first ${limit} bytes`);
  }
}

/** The data ends inside a structure the format requires. */
export class Truncated extends Error {
  constructor(readonly what: string) {
    super(`the file ends inside ${what}`);
  }
}

/** Exactly `length` bytes at `offset`, or `Truncated` naming `what` was being read. */
export async function readExact(source: ByteSource, offset: number, length: number, what: string): Promise<Buffer> {
  const bytes = await readAtMost(source, offset, length, what);
  if (bytes.length < length) {
    throw new Truncated(what);
  }
  return bytes;
}

/** Up to `length` bytes at `offset` (fewer where the data ends); `what` names them if a stream does not keep them. */
export async function readAtMost(source: ByteSource, offset: number, length: number, what: string): Promise<Buffer> {
  try {
    return await source.read(offset, length);
  } catch (error) {
    throw error instanceof OutOfReach && error.what === undefined ? new OutOfReach(error.offset, error.limit, what) : error;
  }
}

/** The first bytes every reader looks at (signatures up to the ISO volume descriptors), read once. */
const HEAD_SIZE = 64 * 1024;

/** Random access to a regular file open as `descriptor`. Counts what it reads, so that tests can hold it to its promise. */
export class FileSource implements ByteSource {
  /** Bytes read from the file so far. */
  bytesRead = 0;
  private head: Promise<Buffer> | undefined;

  constructor(
    private readonly descriptor: number,
    readonly size: number,
  ) {}

  read(offset: number, length: number): Promise<Buffer> {
    if (offset + length <= HEAD_SIZE) {
      this.head ??= this.readFile(0, Math.min(HEAD_SIZE, this.size));
      return this.head.then((head) => head.subarray(offset, offset + length));
    }
    return this.readFile(offset, length);
  }

  private async readFile(offset: number, length: number): Promise<Buffer> {
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    const buffer = Buffer.alloc(wanted);
    let filled = 0;
    while (filled < wanted) {
      const { bytesRead } = await readFromFile(this.descriptor, buffer, filled, wanted - filled, offset + filled);
      if (bytesRead === 0) {
        break;
      }
      filled += bytesRead;
    }
    this.bytesRead += filled;
    return buffer.subarray(0, filled);
  }
}

/**
 * What a stream inspection has seen: the first `prefix.length` bytes (at most `limit`) and, once
 * the stream has ended, its last `tail.length` bytes and its length.
 */
export class PrefixSource implements ByteSource {
  constructor(
    private readonly prefix: Buffer,
    private readonly limit: number,
    private readonly ended?: { size: number; tail: Buffer },
  ) {}

  get size(): number | undefined {
    return this.ended?.size;
  }

  async read(offset: number, length: number): Promise<Buffer> {
    const end = offset + length;
    if (end <= this.prefix.length) {
      return this.prefix.subarray(offset, end);
    }
    if (this.ended) {
      const { size, tail } = this.ended;
      if (offset >= size) {
        return Buffer.alloc(0);
      }
      if (this.prefix.length >= size) {
        return this.prefix.subarray(offset, end);
      }
      const tailStart = size - tail.length;
      if (offset >= tailStart) {
        return tail.subarray(offset - tailStart, end - tailStart);
      }
      throw new OutOfReach(Math.max(offset, this.prefix.length), this.limit);
    }
    if (end > this.limit) {
      throw new OutOfReach(Math.max(offset, this.limit), this.limit);
    }
    throw new NeedMoreBytes(end);
  }
}
