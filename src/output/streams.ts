/** The process's standard streams as commands see them; the entry point builds the real ones, tests build fakes. */
import type { Readable, Writable } from 'node:stream';

/** What standard input is connected to. Only a file or a pipe counts as image data. */
export type StdinKind = 'file' | 'pipe' | 'terminal' | 'null-device' | 'closed';

export interface IOStreams {
  stdout: Writable;
  stderr: Writable;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
  /** Terminal width of stderr, for progress bars. */
  stderrColumns?: number;
  /** Terminal width of stdout, for help; undefined when stdout is not a terminal (help is then 80 wide). */
  columns?: number;
  stdinKind: StdinKind;
  /** Size of stdin when it is a regular file. */
  stdinSize?: number;
  /** Opens stdin for reading image data; only called when stdinKind is 'file' or 'pipe'. */
  openStdin(): Readable;
  /** Asks for a secret on the terminal without echoing it; undefined without a terminal or on Ctrl-D. */
  promptSecret(prompt: string): Promise<string | undefined>;
}

export function stdinHasData(io: Pick<IOStreams, 'stdinKind'>): boolean {
  return io.stdinKind === 'file' || io.stdinKind === 'pipe';
}
