/** In-memory standard streams with TTY switches (the iostreams.Test() of cli/cli). */
import { Readable, Writable } from 'node:stream';
import type { IOStreams, StdinKind } from '../../src/output/streams.js';

export interface FakeIO {
  io: IOStreams;
  stdout(): string;
  stdoutBytes(): Buffer;
  stderr(): string;
}

export interface FakeIOOptions {
  stdoutIsTTY?: boolean;
  stderrIsTTY?: boolean;
  stdinKind?: StdinKind;
  /** Bytes on stdin when stdinKind is 'file' or 'pipe'. */
  stdinData?: Buffer;
  /** Reads of stdin return this many bytes at most (default: all of stdinData at once). */
  stdinChunkSize?: number;
  /** The answer typed at a password prompt; undefined means no terminal. */
  password?: string;
  /** The terminal's width, when stdout is one. */
  columns?: number;
}

export function fakeIO(options: FakeIOOptions = {}): FakeIO {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  const sink = (chunks: Buffer[]): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        chunks.push(Buffer.from(chunk));
        callback();
      },
    });
  const stdinKind = options.stdinKind ?? 'null-device';
  const io: IOStreams = {
    stdout: sink(out),
    stderr: sink(err),
    stdoutIsTTY: options.stdoutIsTTY ?? false,
    stderrIsTTY: options.stderrIsTTY ?? false,
    stderrColumns: 80,
    columns: options.columns,
    stdinKind,
    stdinSize: stdinKind === 'file' ? options.stdinData?.length : undefined,
    openStdin: () => Readable.from(options.stdinData ? chunksOf(options.stdinData, options.stdinChunkSize) : []),
    promptSecret: async () => options.password,
  };
  return {
    io,
    stdout: () => Buffer.concat(out).toString('utf8'),
    stdoutBytes: () => Buffer.concat(out),
    stderr: () => Buffer.concat(err).toString('utf8'),
  };
}

function chunksOf(data: Buffer, size = data.length): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += size) {
    chunks.push(data.subarray(offset, offset + size));
  }
  return chunks;
}
