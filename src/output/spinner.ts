/** A one-line status spinner on stderr, for waits whose length nobody knows (an import running on the server). */
import type { ProgressTarget } from './progress.js';

/** Call `stop()` exactly once: the redraw timer runs until then. */
export interface Spinner {
  /** Replaces the text after the spinning frame. */
  update(text: string): void;
  /** Clears the line, so that what comes next (an error, a table) starts on a clean one. */
  stop(): void;
}

const FRAMES = ['|', '/', '-', '\\'] as const;
const REDRAW_MS = 100;

const NO_SPINNER: Spinner = {
  update() {},
  stop() {},
};

/**
 * `| Importing image 6f1b…: importing (12s)` redrawn in place ten times a second, or a no-op
 * when `target` is not a terminal (scripts and CI logs get no control characters).
 */
export function createSpinner(target: ProgressTarget, initialText: string): Spinner {
  if (target.isTTY !== true) {
    return NO_SPINNER;
  }
  const startedAt = Date.now();
  let text = initialText;
  let frame = 0;
  let stopped = false;
  const draw = (): void => {
    const seconds = Math.floor((Date.now() - startedAt) / 1000);
    const line = `${FRAMES[frame % FRAMES.length]} ${text} (${seconds}s)`;
    frame++;
    // A pty of unknown size reports 0 columns: then the line is not cut.
    const width = target.columns ? target.columns - 1 : line.length;
    target.write(`\r\x1b[K${line.slice(0, width)}`);
  };
  const timer = setInterval(draw, REDRAW_MS);
  // The wait itself keeps the process busy; the redraws alone must not.
  timer.unref();
  draw();
  return {
    update(next) {
      text = next;
    },
    stop() {
      if (stopped) {
        return;
      }
      stopped = true;
      clearInterval(timer);
      target.write('\r\x1b[K');
    },
  };
}
