/** Runs the command line in-process, as the entry point would, with fake streams and HTTP. */
import type { Dispatcher } from 'undici';
import { runCommandLine } from '../../src/cli/program.js';
import { createContext } from '../../src/context.js';
import { failureReport } from '../../src/errors.js';
import type { RetryTiming } from '../../src/http/retry.js';
import { fakeIO, type FakeIOOptions } from './io.js';

export interface CliRun {
  stdout: string;
  stdoutBytes: Buffer;
  stderr: string;
  exitCode: number;
}

export interface RunOptions extends FakeIOOptions {
  env?: Record<string, string>;
  dispatcher?: Dispatcher;
  signal?: AbortSignal;
  /** The waits between retries: by default none, and no jitter (each delay printed is the nominal one). */
  retryTiming?: RetryTiming;
}

/** Retries without waiting, every delay at its nominal length. */
export const NO_WAIT: RetryTiming = { pause: async () => undefined, random: () => 1 };

export async function runCli(argv: string[], options: RunOptions = {}): Promise<CliRun> {
  const streams = fakeIO(options);
  const context = createContext({
    io: streams.io,
    // The token cache stays off unless a test turns it on (OS_CACHE=1 and a cache directory).
    env: { OS_CACHE: '0', ...options.env },
    signal: options.signal ?? new AbortController().signal,
    nodeVersion: 'v20.0.0',
    effectiveUid: process.geteuid?.(),
    dispatcher: options.dispatcher,
    retryTiming: options.retryTiming ?? NO_WAIT,
  });
  let exitCode: number;
  try {
    exitCode = await runCommandLine(argv, context);
  } catch (error) {
    const report = failureReport(error, false);
    streams.io.stderr.write(report.text);
    exitCode = report.exitCode;
  }
  return { stdout: streams.stdout(), stdoutBytes: streams.stdoutBytes(), stderr: streams.stderr(), exitCode };
}
