/** A progress sink that records what a transfer told it: `start <total>`, then `finish <bytes>` or `abort <bytes>`. */
import type { ProgressSink } from '../../src/transfer/hashing.js';

export function recordingProgress(): { sink: ProgressSink; events: string[] } {
  const events: string[] = [];
  let advanced = 0;
  return {
    events,
    sink: (total) => {
      events.push(`start ${String(total)}`);
      return {
        advance: (bytes) => {
          advanced += bytes;
        },
        finish: () => events.push(`finish ${advanced}`),
        abort: () => events.push(`abort ${advanced}`),
      };
    },
  };
}
