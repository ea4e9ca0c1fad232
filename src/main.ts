/**
 * The process boundary: the only module that touches `process`. It builds the real streams and
 * context, runs the command line, and turns every outcome into an exit code.
 */
import { closeSync, createReadStream, fstatSync, openSync, writeSync } from 'node:fs';
import { isatty, ReadStream } from 'node:tty';
import type { Readable } from 'node:stream';
import { runCommandLine } from './cli/program.js';
import { createContext } from './context.js';
import { ExitCode, failureReport, InterruptedError, STOP_SIGNALS, type StopSignal } from './errors.js';
import type { IOStreams, StdinKind } from './output/streams.js';

const STDIN_CHUNK_SIZE = 1024 * 1024;

export async function main(argv: string[]): Promise<number> {
  const controller = new AbortController();
  const io = systemStreams();
  // Ctrl-C, a cancelled CI job (SIGTERM) or a closed terminal (SIGHUP) all get the same clean-up:
  // the command sees the abort, deletes the image it created and did not finish, removes its
  // temporary files, and the process exits 128 + the signal.
  let stoppedBy: StopSignal | undefined;
  const onSignal = (signal: StopSignal): void => {
    if (controller.signal.aborted) {
      // A second signal: stop waiting for clean-up.
      process.stderr.write(`${new InterruptedError(signal).message}\n`);
      process.exit(new InterruptedError(signal).exitCode);
    }
    stoppedBy = signal;
    controller.abort();
  };
  for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) {
    process.on(signal, onSignal);
  }
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    // `glance image-list | head -1`: the reader left; that is not an error of ours.
    if (error.code === 'EPIPE') {
      process.exit(process.exitCode ?? ExitCode.ok);
    }
  });

  const debug = argv.includes('-d') || argv.includes('--debug') || Boolean(process.env.GLANCECLIENT_DEBUG);
  const context = createContext({
    io,
    env: process.env,
    signal: controller.signal,
    platform: process.platform,
    umask: process.umask(),
    nodeVersion: process.version,
    effectiveUid: process.geteuid?.(),
    beforeUndici: useBaselineWasmCompiler,
  });
  try {
    return await runCommandLine(argv, context);
  } catch (error) {
    const { text, exitCode } = failureReport(stoppedBy ? new InterruptedError(stoppedBy) : error, debug);
    process.stderr.write(text);
    return exitCode;
  } finally {
    for (const signal of Object.keys(STOP_SIGNALS) as StopSignal[]) {
      process.off(signal, onSignal);
    }
    await context.close().catch(() => undefined);
  }
}

/**
 * A process-wide V8 flag, set before undici (uploads, proxied requests) loads: undici parses HTTP
 * with llhttp compiled to WebAssembly, which V8's optimizing tier recompiles in the background on
 * every run, about 130 ms of CPU and 35 MiB of peak memory for a parser that sees a few headers
 * (bodies pass through it by length; see BENCHMARKS.md). The baseline compiler alone is fast
 * enough. node:v8 is loaded only then: it costs every command a few milliseconds at start-up.
 */
async function useBaselineWasmCompiler(): Promise<void> {
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--liftoff-only');
}

function systemStreams(): IOStreams {
  const { kind, size } = inspectStdin();
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    stderrColumns: process.stderr.columns,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    stdinKind: kind,
    stdinSize: size,
    openStdin(): Readable {
      // Regular files read fastest in 1 MiB chunks; pipes and sockets need Node's own stream handling.
      return kind === 'file' ? createReadStream('', { fd: 0, highWaterMark: STDIN_CHUNK_SIZE, autoClose: false }) : process.stdin;
    },
    promptSecret,
  };
}

function inspectStdin(): { kind: StdinKind; size?: number } {
  try {
    const info = fstatSync(0);
    if (info.isFile()) {
      return { kind: 'file', size: info.size };
    }
    if (info.isFIFO() || info.isSocket()) {
      return { kind: 'pipe' };
    }
    return { kind: isatty(0) ? 'terminal' : 'null-device' };
  } catch {
    return { kind: 'closed' };
  }
}

/**
 * getpass, as python-glanceclient prompts: only when stdin is a terminal (a script piping data in
 * is never stopped by a prompt), and then on the controlling terminal, /dev/tty, for both the
 * prompt and the answer, so that `2>/dev/null` does not hide it; without one, on stderr and stdin.
 */
function promptSecret(prompt: string): Promise<string | undefined> {
  if (!process.stdin.isTTY) {
    return Promise.resolve(undefined);
  }
  const terminal = openControllingTerminal();
  const input = terminal?.input ?? process.stdin;
  const write = (text: string): void => {
    if (terminal) {
      writeSync(terminal.fd, text);
    } else {
      process.stderr.write(text);
    }
  };
  // Echo off before the prompt shows, so that nothing typed ahead of it is echoed.
  input.setRawMode(true);
  write(prompt);
  input.setEncoding('utf8');
  input.resume();
  return new Promise((resolve) => {
    let value = '';
    const finish = (result: string | undefined): void => {
      input.off('data', onData);
      input.setRawMode(false);
      write('\n');
      if (terminal) {
        input.destroy();
      } else {
        input.pause();
      }
      resolve(result);
    };
    const onData = (chunk: string): void => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') {
          return finish(value);
        }
        if (character === '\u0004') {
          return finish(value === '' ? undefined : value);
        }
        if (character === '\u0003') {
          finish(undefined);
          process.emit('SIGINT');
          return;
        }
        value = character === '\u007f' || character === '\b' ? value.slice(0, -1) : value + character;
      }
    };
    input.on('data', onData);
  });
}

/** /dev/tty opened for reading and writing, or undefined when the process has no controlling terminal. */
function openControllingTerminal(): { fd: number; input: ReadStream } | undefined {
  let fd: number | undefined;
  try {
    fd = openSync('/dev/tty', 'r+');
    return { fd, input: new ReadStream(fd) };
  } catch {
    if (fd !== undefined) {
      closeSync(fd);
    }
    return undefined;
  }
}
