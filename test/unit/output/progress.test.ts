import { describe, expect, it } from 'vitest';
import { transferProgress, type ProgressTarget, type TransferProgress, type TransferProgressOptions } from '../../../src/output/progress.js';

/** One transfer's progress, as a command's sink makes it. */
async function createTransferProgress({ total, ...options }: TransferProgressOptions): Promise<TransferProgress> {
  return (await transferProgress(options))(total);
}

const MIB = 1024 * 1024;

/** A stand-in for process.stderr that records every write. */
function fakeStderr(options: { isTTY: boolean; columns?: number }): ProgressTarget & { writes: string[] } {
  const writes: string[] = [];
  return {
    writes,
    isTTY: options.isTTY,
    columns: options.columns ?? 120,
    write(chunk: string) {
      writes.push(chunk);
      return true;
    },
  };
}

describe('createTransferProgress', () => {
  it('draws a percentage bar on a TTY and ends the line on finish', async () => {
    const stderr = fakeStderr({ isTTY: true });
    const progress = await createTransferProgress({ target: stderr, enabled: true, total: 3 * MIB });
    for (let chunk = 0; chunk < 3; chunk++) {
      progress.advance(MIB);
    }
    progress.finish();

    const output = stderr.writes.join('');
    expect(output).toContain('%');
    expect(output.endsWith('\n')).toBe(true);
    const finalLine = output.slice(output.lastIndexOf('\x1b[2K') + '\x1b[2K'.length);
    expect(finalLine).toMatch(/^\[={20}\] 100% 3MB\/3MB .+ ETA .+\n$/);
  });

  it('puts the label before the bar', async () => {
    const stderr = fakeStderr({ isTTY: true });
    const progress = await createTransferProgress({ target: stderr, enabled: true, total: 10, label: 'Uploading' });
    progress.advance(5);
    progress.finish();
    expect(stderr.writes.at(-1)).toMatch(/^Uploading \[={10} {10}\] 50% 5B\/10B /);
  });

  it('writes nothing when the target is not a TTY', async () => {
    const stderr = fakeStderr({ isTTY: false });
    const progress = await createTransferProgress({ target: stderr, enabled: true, total: 3 * MIB });
    progress.advance(MIB);
    progress.finish();
    expect(stderr.writes).toEqual([]);
  });

  it('writes nothing when progress was not asked for', async () => {
    const stderr = fakeStderr({ isTTY: true });
    const progress = await createTransferProgress({ target: stderr, enabled: false, total: 3 * MIB });
    progress.advance(MIB);
    progress.abort();
    expect(stderr.writes).toEqual([]);
  });

  it('shows bytes without a percentage when the total is unknown', async () => {
    const stderr = fakeStderr({ isTTY: true });
    const progress = await createTransferProgress({ target: stderr, enabled: true });
    progress.advance(1536);
    progress.finish();

    const output = stderr.writes.join('');
    expect(output).not.toContain('%');
    expect(stderr.writes.at(-1)).toMatch(/^1\.5kB .+\n$/);
  });

  it('clears the line on abort without drawing a final 100%', async () => {
    const stderr = fakeStderr({ isTTY: true });
    const progress = await createTransferProgress({ target: stderr, enabled: true, total: 2 * MIB });
    progress.advance(MIB);
    progress.advance(MIB);
    const writesBeforeAbort = stderr.writes.length;
    progress.abort();

    const abortOutput = stderr.writes.slice(writesBeforeAbort).join('');
    expect(abortOutput).not.toContain('100%');
    expect(abortOutput.endsWith('\x1b[2K')).toBe(true);
    expect(abortOutput).not.toContain('\n');
  });

  it('ignores calls after the transfer is over', async () => {
    const stderr = fakeStderr({ isTTY: true });
    const progress = await createTransferProgress({ target: stderr, enabled: true, total: 10 });
    progress.finish();
    const writesAfterFinish = stderr.writes.length;
    progress.advance(5);
    progress.finish();
    progress.abort();
    expect(stderr.writes.length).toBe(writesAfterFinish);
  });

  it('cuts lines to the terminal width', async () => {
    const stderr = fakeStderr({ isTTY: true, columns: 20 });
    const progress = await createTransferProgress({ target: stderr, enabled: true, total: 10 });
    progress.advance(5);
    progress.finish();
    expect(stderr.writes.at(-1)).toBe('[==========         \n');
  });

  it('keeps the whole final line on a terminal of unknown size (0 columns)', async () => {
    const stderr = fakeStderr({ isTTY: true, columns: 0 });
    const progress = await createTransferProgress({ target: stderr, enabled: true, total: 10 });
    progress.advance(10);
    progress.finish();
    expect(stderr.writes.at(-1)).toMatch(/^\[={20}\] 100% 10B\/10B .+ ETA .+\n$/);
  });

  it('throttles redraws: a 1 GiB transfer in 1 MiB chunks redraws a handful of times', async () => {
    const stderr = fakeStderr({ isTTY: true });
    const progress = await createTransferProgress({ target: stderr, enabled: true, total: 1024 * MIB });
    const started = performance.now();
    for (let chunk = 0; chunk < 1024; chunk++) {
      progress.advance(MIB);
    }
    const elapsed = performance.now() - started;
    progress.finish();

    expect(elapsed).toBeLessThan(100);
    expect(stderr.writes.length).toBeLessThan(40);
    expect(stderr.writes.at(-1)).toMatch(/ 100% 1GB\/1GB /);
  });
});
