import { describe, expect, it } from 'vitest';
import { humanSize } from '../../../src/output/humanize.js';

// Expected text from glanceclient 4.1.0's utils.make_size_human_readable on Python 3.11.
const PYTHON_SIZES: [bytes: number | null, printed: string][] = [
  [null, '0B'],
  [0, '0B'],
  [1, '1B'],
  [106, '106B'],
  [1023, '1023B'],
  [1024, '1kB'],
  [1025, '1kB'],
  [1280, '1.2kB'],
  [1536, '1.5kB'],
  [1792, '1.8kB'],
  [2304, '2.2kB'],
  [10240, '10kB'],
  [1024000, '1000kB'],
  [1048575, '1024kB'],
  [1048576, '1MB'],
  [9761280, '9.3MB'],
  [13200896, '12.6MB'],
  [1476395008, '1.4GB'],
  [1073741823, '1024MB'],
  [1073741824, '1GB'],
  [5772436045824, '5.2TB'],
  [1125899906842624, '1PB'],
  [3458764513820540928, '3EB'],
  [1180591620717411303424, '1ZB'],
  [1180591620717411303424000, '1000ZB'],
  [9223372036854775807, '8EB'],
];

describe('humanSize', () => {
  it.each(PYTHON_SIZES)('prints %s bytes as %s', (bytes, printed) => {
    expect(humanSize(bytes)).toBe(printed);
  });

  it('prints undefined like None', () => {
    expect(humanSize(undefined)).toBe('0B');
  });

  it('rounds exact ties to even like Python, where toFixed would round up', () => {
    // 1280 / 1024 = 1.25 exactly: '%.1f' gives 1.2, (1.25).toFixed(1) gives 1.3.
    expect(humanSize(1280)).toBe('1.2kB');
    expect(humanSize(1024 * 1024 * 3.75)).toBe('3.8MB');
  });

  it('stays in ZB from 1024**8 bytes on, where Python raises IndexError', () => {
    expect(humanSize(1024 ** 8)).toBe('1024ZB');
  });
});
