/** Byte counts in human units, as glanceclient's `make_size_human_readable` prints them. */

const SUFFIXES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB', 'ZB'] as const;
const BASE = 1024;

/**
 * glanceclient's `make_size_human_readable`: base 1024, one decimal place with trailing zeros
 * and point stripped (`1536` → `1.5kB`, `1048575` → `1024kB`, `null` → `0B`).
 *
 * Python raises IndexError from 1024**8 bytes on; here the value stays in ZB instead
 * (`1024ZB`). Glance sizes are 64-bit, so real images never get that far.
 */
export function humanSize(bytes: number | null | undefined): string {
  let size = bytes ?? 0;
  let index = 0;
  while (size >= BASE && index < SUFFIXES.length - 1) {
    size /= BASE;
    index++;
  }
  const stripped = formatOneDecimal(size).replace(/0+$/, '').replace(/\.+$/, '');
  return `${stripped}${SUFFIXES[index]}`;
}

/**
 * Python's `'%.1f' % value`. `toFixed` rounds exact ties (x.x5 exactly representable, such as
 * 1.25) away from zero, Python rounds them to even, so ties are settled here.
 */
function formatOneDecimal(value: number): string {
  if (Number.isNaN(value)) {
    return 'nan';
  }
  const sign = value < 0 ? '-' : '';
  const magnitude = Math.abs(value);
  if (!Number.isFinite(magnitude)) {
    return `${sign}inf`;
  }
  if (magnitude >= 1e21) {
    // Every double this large is an integer; toFixed would switch to exponent notation.
    return `${sign}${BigInt(magnitude).toString()}.0`;
  }
  const quarters = magnitude * 4;
  const isExactTie = Number.isInteger(quarters) && quarters % 2 === 1;
  if (!isExactTie) {
    return `${sign}${magnitude.toFixed(1)}`;
  }
  const lowerTenths = Math.floor(magnitude * 10);
  const tenths = lowerTenths % 2 === 0 ? lowerTenths : lowerTenths + 1;
  return `${sign}${Math.floor(tenths / 10)}.${tenths % 10}`;
}
