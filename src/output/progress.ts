/** Byte-transfer progress bar for uploads and downloads, drawn with cli-progress on a terminal. */

import type * as CliProgress from 'cli-progress';
import { humanSize } from './humanize.js';

/** Where the bar is drawn: normally `process.stderr`, so that data on stdout stays clean. */
export interface ProgressTarget {
  write(chunk: string): boolean;
  /** The bar is only drawn when this is `true`. */
  isTTY?: boolean;
  /** Terminal width; lines are cut to it. */
  columns?: number;
}

/** One transfer's progress. Call `finish()` or `abort()` exactly once: the redraw timer runs until then. */
export interface TransferProgress {
  /** Counts bytes moved since the last call. Cheap: redraws are throttled. */
  advance(bytes: number): void;
  /** Draws the final state and ends the line. */
  finish(): void;
  /** Clears the bar's line (for an error message to take its place) without drawing a final state. */
  abort(): void;
}

/** Options of {@link transferProgress}, and the total of one transfer. */
export interface TransferProgressOptions {
  /** The stream to draw on (stderr). */
  target: ProgressTarget;
  /** Whether progress was asked for (`--progress`). */
  enabled: boolean;
  /** Bytes expected; without it (or with 0) the bar shows bytes and rate only. */
  total?: number;
  /** Printed before the bar. */
  label?: string;
}

const NO_PROGRESS: TransferProgress = {
  advance() {},
  finish() {},
  abort() {},
};

const REDRAWS_PER_SECOND = 10;
const BAR_WIDTH = 20;
const SPINNER_FRAMES = ['|', '/', '-', '\\'] as const;
// Below this the rate is mostly noise from the first chunk.
const MIN_SECONDS_FOR_RATE = 0.2;

/**
 * What draws the progress of each transfer of a command: bars on `target`, or nothing when
 * progress is disabled or `target` is not a TTY (then cli-progress is not even loaded). With a
 * known total the line reads `[=========           ] 45% 12.3MB/27.1MB 5.2MB/s ETA 3s`; without
 * one, `/ 12.3MB 5.2MB/s`.
 */
export async function transferProgress(options: Omit<TransferProgressOptions, 'total'>): Promise<(total: number | undefined) => TransferProgress> {
  if (!options.enabled || options.target.isTTY !== true) {
    return () => NO_PROGRESS;
  }
  // A chunk of the bundle of its own, loaded only here: most commands never draw a bar.
  const { SingleBar } = (await import('cli-progress')).default;
  return (total) => drawProgress(SingleBar, { ...options, total });
}

function drawProgress(SingleBar: typeof CliProgress.SingleBar, options: TransferProgressOptions): TransferProgress {
  const { target, label } = options;
  const total = options.total !== undefined && options.total > 0 ? options.total : undefined;

  const startedAt = Date.now();
  let transferred = 0;
  let closed = false;

  const describe = (isFinal: boolean): string => {
    const seconds = (Date.now() - startedAt) / 1000;
    const rate = seconds >= MIN_SECONDS_FOR_RATE ? transferred / seconds : undefined;
    const rateText = rate === undefined ? '--' : `${humanSize(rate)}/s`;
    const prefix = label ? `${label} ` : '';
    if (total === undefined) {
      const frame = isFinal ? '' : `${SPINNER_FRAMES[Math.floor(seconds * REDRAWS_PER_SECOND) % SPINNER_FRAMES.length]} `;
      return `${prefix}${frame}${humanSize(transferred)} ${rateText}`;
    }
    const fraction = Math.min(1, transferred / total);
    const filled = '='.repeat(Math.round(fraction * BAR_WIDTH));
    // Floored so that 100% means every byte, not 99.5% of them.
    const percent = Math.floor(fraction * 100);
    const eta = rate ? formatDuration(Math.max(0, total - transferred) / rate) : '--';
    return `${prefix}[${filled.padEnd(BAR_WIDTH)}] ${percent}% ${humanSize(transferred)}/${humanSize(total)} ${rateText} ETA ${eta}`;
  };

  const bar = new SingleBar({
    // cli-progress only calls write() and reads isTTY/columns (node:readline's cursor helpers
    // also just write escape sequences), so any ProgressTarget will do.
    stream: target as unknown as NodeJS.WritableStream,
    fps: REDRAWS_PER_SECOND,
    // Cut lines to the terminal width rather than switching the terminal's autowrap off, which
    // would stay off if the process died before stop().
    linewrap: true,
    hideCursor: false,
    // stop() then leaves a clean line: abort() wants exactly that, and finish() writes the final
    // state itself, since stop() alone cannot both draw it and let abort() skip it.
    clearOnComplete: true,
    gracefulExit: false,
    // The final render happens inside stop(); drawing nothing there just clears the line.
    format: () => (closed ? '' : describe(false)),
  });
  bar.start(total ?? 0, 0);

  const close = (): string => {
    closed = true;
    const finalState = describe(true);
    bar.stop();
    return finalState;
  };

  return {
    advance(bytes) {
      if (closed) {
        return;
      }
      transferred += bytes;
      bar.update(transferred);
    },
    finish() {
      if (closed) {
        return;
      }
      const finalLine = close();
      // A pty of unknown size reports 0 columns: then the line is not cut.
      target.write(`${finalLine.slice(0, target.columns || finalLine.length)}\n`);
    },
    abort() {
      if (!closed) {
        close();
      }
    },
  };
}

/** `42s`, `3m05s`, `1h02m`. */
function formatDuration(seconds: number): string {
  const whole = Math.ceil(seconds);
  if (whole < 60) {
    return `${whole}s`;
  }
  if (whole < 3600) {
    return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
  }
  return `${Math.floor(whole / 3600)}h${String(Math.floor((whole % 3600) / 60)).padStart(2, '0')}m`;
}
