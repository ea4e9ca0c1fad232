/**
 * Tables laid out exactly as python-glanceclient prints them (prettytable 3.6 rules, drawn with
 * cli-table3). The printer imports this module only for table output, so that -f json and
 * commands that print nothing never load cli-table3.
 */
import CliTable from 'cli-table3';
// cli-table3's own width measure (string-width 4): the one it pads and truncates with.
import cliTableUtils from 'cli-table3/src/utils.js';
import { wrapText } from './textwrap.js';

/** Options of a prettytable rendering. */
export interface TableOptions {
  /** Maximum width of every column (prettytable `max_width`); longer values wrap like Python's textwrap. */
  maxWidth?: number;
  /** A cap per column (prettytable's `max_width` dict), where it differs from `maxWidth`. */
  columnMaxWidths?: readonly (number | undefined)[];
  /** Sort rows by this column index (prettytable `sortby`). */
  sortBy?: number;
  /** For tests: draw with this renderer whatever the table (the output must be the same). */
  drawWith?: 'cli-table3' | 'direct';
  /**
   * prettytable's `align` for every column, headers included: glanceclient sets `l`, except for
   * cache-list, whose table keeps prettytable's default `c`. Centred tables are drawn directly.
   */
  align?: 'left' | 'center';
}

/**
 * Renders cells that are already strings, as prettytable's `get_string()` does with glanceclient's
 * settings: every column left-aligned (headers too), `+---+` rules, one space of padding, a header
 * row and no rules between rows. No trailing newline.
 *
 * - `maxWidth` caps each column at the widest of its header and `maxWidth`; a value line wider
 *   than its column is re-wrapped with Python's `textwrap.fill`.
 * - `sortBy` orders rows by that column in code-point order, ties broken by the whole row.
 * - Widths are terminal columns as wcwidth counts them (East Asian wide characters take two).
 *   prettytable wraps by character count, so a wrapped line of wide characters can still
 *   overflow its column; it is printed unpadded, as prettytable does.
 * - Headers are expected on one line.
 */
export function renderTable(headers: string[], rows: string[][], options: TableOptions = {}): string {
  for (const row of rows) {
    if (row.length !== headers.length) {
      throw new RangeError(`Row has ${row.length} cells but the table has ${headers.length} columns`);
    }
  }
  const { sortBy, maxWidth, columnMaxWidths } = options;
  if (sortBy !== undefined && !(sortBy >= 0 && sortBy < headers.length)) {
    throw new RangeError(`sortBy ${sortBy} is not a column of this table`);
  }
  const ordered = sortBy === undefined ? rows : [...rows].sort((a, b) => compareRows(a, b, sortBy));
  const widths = columnWidths(headers, ordered, (column) => columnMaxWidths?.[column] ?? maxWidth);
  const cellLines = ordered.map((row) => row.map((value, column) => fitLines(value, widths[column] ?? 0)));

  if (options.align === 'center') {
    return drawDirectly(headers, cellLines, widths, justifyCenter);
  }
  const withCliTable =
    options.drawWith === undefined
      ? ordered.length <= CLI_TABLE_MAX_ROWS && canDrawWithCliTable(headers, cellLines, widths)
      : options.drawWith === 'cli-table3';
  return withCliTable ? drawWithCliTable(headers, cellLines, widths) : drawDirectly(headers, cellLines, widths, justifyLeft);
}

/** prettytable `_compute_widths`: the widest header or value line, values capped at `maxWidth`. */
function columnWidths(headers: string[], rows: string[][], maxWidthOf: (column: number) => number | undefined): number[] {
  const widths = headers.map(blockSize);
  for (const row of rows) {
    row.forEach((value, column) => {
      const maxWidth = maxWidthOf(column);
      const valueWidth = maxWidth === undefined ? blockSize(value) : Math.min(blockSize(value), maxWidth);
      widths[column] = Math.max(widths[column] ?? 0, valueWidth);
    });
  }
  return widths;
}

/** prettytable `_stringify_row`: the lines of one cell, each too-wide line re-wrapped to the column. */
function fitLines(value: string, width: number): string[] {
  return value.split('\n').flatMap((line) => {
    if (displayWidth(line) <= width) {
      return [line];
    }
    // textwrap.fill() joins an empty wrap (an all-blank line) into one empty line.
    const wrapped = wrapText(line, width);
    return wrapped.length > 0 ? wrapped : [''];
  });
}

/** Python's list comparison of `[row[sortBy]] + row`, which is what prettytable sorts by. */
function compareRows(a: string[], b: string[], sortBy: number): number {
  const byKey = compareCodePoints(a[sortBy] ?? '', b[sortBy] ?? '');
  if (byKey !== 0) {
    return byKey;
  }
  for (let column = 0; column < a.length; column++) {
    const byCell = compareCodePoints(a[column] ?? '', b[column] ?? '');
    if (byCell !== 0) {
      return byCell;
    }
  }
  return 0;
}

/** Python's `str` ordering. JavaScript's `<` compares UTF-16 units, which misorders astral characters. */
function compareCodePoints(a: string, b: string): number {
  if (a === b) {
    return 0;
  }
  let index = 0;
  while (index < a.length && index < b.length) {
    const left = a.codePointAt(index) ?? 0;
    const right = b.codePointAt(index) ?? 0;
    if (left !== right) {
      return left < right ? -1 : 1;
    }
    index += left > 0xffff ? 2 : 1;
  }
  return a.length - b.length;
}

// ---------------------------------------------------------------------------------------------
// Drawing

/** prettytable's default style: `+` junctions, `-` rules, `|` between cells. */
const BORDER_CHARS: Record<CliTable.CharName, string> = {
  top: '-',
  'top-mid': '+',
  'top-left': '+',
  'top-right': '+',
  bottom: '-',
  'bottom-mid': '+',
  'bottom-left': '+',
  'bottom-right': '+',
  left: '|',
  'left-mid': '+',
  mid: '-',
  'mid-mid': '+',
  right: '|',
  'right-mid': '+',
  middle: '|',
};

// cli-table3 places each cell by scanning every cell before it: about 0.2 ms a row at 1,000 rows,
// most of the client's time for a 1,000-image list (see BENCHMARKS.md). Longer tables, the image
// lists of big clouds, are drawn directly, with the same output.
const CLI_TABLE_MAX_ROWS = 100;

/** A printable-ASCII line is one column per character for wcwidth and cli-table3 alike. */
const PLAIN_ASCII = /^[\x20-\x7e]*$/;

/**
 * cli-table3 pads each line to what string-width measures and truncates anything wider with `…`,
 * and it rewrites ANSI colour codes across line breaks. So it can only reproduce prettytable when,
 * for every line, string-width agrees with wcwidth, the line fits its column, and there are no
 * escape sequences. It cannot when a line holds control characters such as a tab (wcwidth says
 * -1, which makes prettytable pad one space too many), zero-width or combining characters outside
 * U+0300–U+036F, emoji sequences, or wide characters that overflow their column. Those tables are
 * drawn directly.
 */
function canDrawWithCliTable(headers: string[], cellLines: string[][][], widths: number[]): boolean {
  const fits = (line: string, width: number): boolean => {
    if (PLAIN_ASCII.test(line)) {
      return line.length <= width;
    }
    if (line.includes('\x1b')) {
      return false;
    }
    const columns = displayWidth(line);
    return columns >= 0 && columns <= width && cliTableUtils.strlen(line) === columns;
  };
  return (
    headers.length > 0 &&
    headers.every((header, column) => fits(header, widths[column] ?? 0)) &&
    cellLines.every((row) => row.every((lines, column) => lines.every((line) => fits(line, widths[column] ?? 0))))
  );
}

function drawWithCliTable(headers: string[], cellLines: string[][][], widths: number[]): string {
  const options: CliTable.TableConstructorOptions = {
    chars: BORDER_CHARS,
    colWidths: widths.map((width) => width + 2),
    style: { 'padding-left': 1, 'padding-right': 1, head: [], border: [], compact: true },
  };

  // A header-only table is the top rule, the header and a closing rule, which is both the rule
  // under prettytable's header and its bottom rule.
  const headerTable = new CliTable({ ...options, head: headers });
  const headerLines = headerTable.toString().split('\n');
  const rule = headerLines.at(-1) ?? '';

  if (cellLines.length === 0) {
    return [...headerLines, rule].join('\n');
  }
  const body = new CliTable(options);
  for (const row of cellLines) {
    body.push(row.map((lines) => lines.join('\n')));
  }
  // The body is drawn with its own top and bottom rules; only its rows are kept.
  return [...headerLines, ...body.toString().split('\n').slice(1, -1), rule].join('\n');
}

/** prettytable's drawing, for the tables cli-table3 cannot reproduce (or centre). */
function drawDirectly(headers: string[], cellLines: string[][][], widths: number[], justify: (text: string, width: number) => string): string {
  const rule = `+${widths.map((width) => '-'.repeat(width + 2)).join('+')}+`;
  const drawLine = (cells: string[]): string =>
    `|${cells.map((text, column) => ` ${justify(text, widths[column] ?? 0)} `).join('|')}|`;

  const lines = [rule, drawLine(headers), rule];
  for (const row of cellLines) {
    const height = Math.max(1, ...row.map((cell) => cell.length));
    for (let lineIndex = 0; lineIndex < height; lineIndex++) {
      lines.push(drawLine(row.map((cell) => cell[lineIndex] ?? '')));
    }
  }
  lines.push(rule);
  return lines.join('\n');
}

/** prettytable `_justify(text, width, 'l')`: Python's `' ' * n` is empty for a negative n. */
function justifyLeft(text: string, width: number): string {
  return text + spaces(width - displayWidth(text));
}

/** prettytable `_justify(text, width, 'c')`, which follows `str.center`: an odd excess puts the extra space right of odd-width text, left of even-width text. */
function justifyCenter(text: string, width: number): string {
  const textWidth = displayWidth(text);
  const excess = width - textWidth;
  const half = Math.floor(excess / 2);
  if (excess % 2 === 0) {
    return spaces(half) + text + spaces(half);
  }
  return textWidth % 2 !== 0 ? spaces(half) + text + spaces(half + 1) : spaces(half + 1) + text + spaces(half);
}

function spaces(count: number): string {
  return ' '.repeat(Math.max(0, count));
}

// ---------------------------------------------------------------------------------------------
// Display width, as prettytable measures it: wcwidth 0.2.5's wcswidth() after removing ANSI SGR
// codes. A string holding any other control character measures -1.

const ANSI_SGR = /\x1b\[[0-9;]*m|\x1b\(B/g;

/** prettytable `_get_size(text)[0]`: the widest line. */
function blockSize(text: string): number {
  return Math.max(...text.split('\n').map(displayWidth));
}

/** prettytable `_str_block_width`. */
function displayWidth(text: string): number {
  if (PLAIN_ASCII.test(text)) {
    return text.length;
  }
  let width = 0;
  for (const char of text.replace(ANSI_SGR, '')) {
    const charWidth = codePointWidth(char.codePointAt(0) ?? 0);
    if (charWidth < 0) {
      return -1;
    }
    width += charWidth;
  }
  return width;
}

/** wcwidth 0.2.5 `wcwidth()`. */
function codePointWidth(code: number): number {
  if (code === 0) {
    return 0;
  }
  if (code < 0x20 || (code >= 0x7f && code < 0xa0)) {
    return -1;
  }
  if (code < 0x300) {
    return 1;
  }
  if (inRanges(code, ZERO_WIDTH_RANGES)) {
    return 0;
  }
  return inRanges(code, WIDE_RANGES) ? 2 : 1;
}

function inRanges(code: number, ranges: readonly (readonly [number, number])[]): boolean {
  let low = 0;
  let high = ranges.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    const [start, end] = ranges[middle] ?? [0, -1];
    if (code < start) {
      high = middle - 1;
    } else if (code > end) {
      low = middle + 1;
    } else {
      return true;
    }
  }
  return false;
}

// Generated from the wcwidth 0.2.5 module that Debian's prettytable 3.6 uses.
/** Code points wcwidth 0.2.5 (Unicode 15.0 tables) gives width 0: combining marks, zero-width format characters. */
const ZERO_WIDTH_RANGES: readonly (readonly [number, number])[] = [
  [0x0300, 0x036f], [0x0483, 0x0489], [0x0591, 0x05bd], [0x05bf, 0x05bf], [0x05c1, 0x05c2],
  [0x05c4, 0x05c5], [0x05c7, 0x05c7], [0x0610, 0x061a], [0x064b, 0x065f], [0x0670, 0x0670],
  [0x06d6, 0x06dc], [0x06df, 0x06e4], [0x06e7, 0x06e8], [0x06ea, 0x06ed], [0x0711, 0x0711],
  [0x0730, 0x074a], [0x07a6, 0x07b0], [0x07eb, 0x07f3], [0x07fd, 0x07fd], [0x0816, 0x0819],
  [0x081b, 0x0823], [0x0825, 0x0827], [0x0829, 0x082d], [0x0859, 0x085b], [0x0898, 0x089f],
  [0x08ca, 0x08e1], [0x08e3, 0x0902], [0x093a, 0x093a], [0x093c, 0x093c], [0x0941, 0x0948],
  [0x094d, 0x094d], [0x0951, 0x0957], [0x0962, 0x0963], [0x0981, 0x0981], [0x09bc, 0x09bc],
  [0x09c1, 0x09c4], [0x09cd, 0x09cd], [0x09e2, 0x09e3], [0x09fe, 0x09fe], [0x0a01, 0x0a02],
  [0x0a3c, 0x0a3c], [0x0a41, 0x0a42], [0x0a47, 0x0a48], [0x0a4b, 0x0a4d], [0x0a51, 0x0a51],
  [0x0a70, 0x0a71], [0x0a75, 0x0a75], [0x0a81, 0x0a82], [0x0abc, 0x0abc], [0x0ac1, 0x0ac5],
  [0x0ac7, 0x0ac8], [0x0acd, 0x0acd], [0x0ae2, 0x0ae3], [0x0afa, 0x0aff], [0x0b01, 0x0b01],
  [0x0b3c, 0x0b3c], [0x0b3f, 0x0b3f], [0x0b41, 0x0b44], [0x0b4d, 0x0b4d], [0x0b55, 0x0b56],
  [0x0b62, 0x0b63], [0x0b82, 0x0b82], [0x0bc0, 0x0bc0], [0x0bcd, 0x0bcd], [0x0c00, 0x0c00],
  [0x0c04, 0x0c04], [0x0c3c, 0x0c3c], [0x0c3e, 0x0c40], [0x0c46, 0x0c48], [0x0c4a, 0x0c4d],
  [0x0c55, 0x0c56], [0x0c62, 0x0c63], [0x0c81, 0x0c81], [0x0cbc, 0x0cbc], [0x0cbf, 0x0cbf],
  [0x0cc6, 0x0cc6], [0x0ccc, 0x0ccd], [0x0ce2, 0x0ce3], [0x0d00, 0x0d01], [0x0d3b, 0x0d3c],
  [0x0d41, 0x0d44], [0x0d4d, 0x0d4d], [0x0d62, 0x0d63], [0x0d81, 0x0d81], [0x0dca, 0x0dca],
  [0x0dd2, 0x0dd4], [0x0dd6, 0x0dd6], [0x0e31, 0x0e31], [0x0e34, 0x0e3a], [0x0e47, 0x0e4e],
  [0x0eb1, 0x0eb1], [0x0eb4, 0x0ebc], [0x0ec8, 0x0ece], [0x0f18, 0x0f19], [0x0f35, 0x0f35],
  [0x0f37, 0x0f37], [0x0f39, 0x0f39], [0x0f71, 0x0f7e], [0x0f80, 0x0f84], [0x0f86, 0x0f87],
  [0x0f8d, 0x0f97], [0x0f99, 0x0fbc], [0x0fc6, 0x0fc6], [0x102d, 0x1030], [0x1032, 0x1037],
  [0x1039, 0x103a], [0x103d, 0x103e], [0x1058, 0x1059], [0x105e, 0x1060], [0x1071, 0x1074],
  [0x1082, 0x1082], [0x1085, 0x1086], [0x108d, 0x108d], [0x109d, 0x109d], [0x135d, 0x135f],
  [0x1712, 0x1714], [0x1732, 0x1733], [0x1752, 0x1753], [0x1772, 0x1773], [0x17b4, 0x17b5],
  [0x17b7, 0x17bd], [0x17c6, 0x17c6], [0x17c9, 0x17d3], [0x17dd, 0x17dd], [0x180b, 0x180d],
  [0x180f, 0x180f], [0x1885, 0x1886], [0x18a9, 0x18a9], [0x1920, 0x1922], [0x1927, 0x1928],
  [0x1932, 0x1932], [0x1939, 0x193b], [0x1a17, 0x1a18], [0x1a1b, 0x1a1b], [0x1a56, 0x1a56],
  [0x1a58, 0x1a5e], [0x1a60, 0x1a60], [0x1a62, 0x1a62], [0x1a65, 0x1a6c], [0x1a73, 0x1a7c],
  [0x1a7f, 0x1a7f], [0x1ab0, 0x1ace], [0x1b00, 0x1b03], [0x1b34, 0x1b34], [0x1b36, 0x1b3a],
  [0x1b3c, 0x1b3c], [0x1b42, 0x1b42], [0x1b6b, 0x1b73], [0x1b80, 0x1b81], [0x1ba2, 0x1ba5],
  [0x1ba8, 0x1ba9], [0x1bab, 0x1bad], [0x1be6, 0x1be6], [0x1be8, 0x1be9], [0x1bed, 0x1bed],
  [0x1bef, 0x1bf1], [0x1c2c, 0x1c33], [0x1c36, 0x1c37], [0x1cd0, 0x1cd2], [0x1cd4, 0x1ce0],
  [0x1ce2, 0x1ce8], [0x1ced, 0x1ced], [0x1cf4, 0x1cf4], [0x1cf8, 0x1cf9], [0x1dc0, 0x1dff],
  [0x200b, 0x200f], [0x2028, 0x202e], [0x2060, 0x2063], [0x20d0, 0x20f0], [0x2cef, 0x2cf1],
  [0x2d7f, 0x2d7f], [0x2de0, 0x2dff], [0x302a, 0x302d], [0x3099, 0x309a], [0xa66f, 0xa672],
  [0xa674, 0xa67d], [0xa69e, 0xa69f], [0xa6f0, 0xa6f1], [0xa802, 0xa802], [0xa806, 0xa806],
  [0xa80b, 0xa80b], [0xa825, 0xa826], [0xa82c, 0xa82c], [0xa8c4, 0xa8c5], [0xa8e0, 0xa8f1],
  [0xa8ff, 0xa8ff], [0xa926, 0xa92d], [0xa947, 0xa951], [0xa980, 0xa982], [0xa9b3, 0xa9b3],
  [0xa9b6, 0xa9b9], [0xa9bc, 0xa9bd], [0xa9e5, 0xa9e5], [0xaa29, 0xaa2e], [0xaa31, 0xaa32],
  [0xaa35, 0xaa36], [0xaa43, 0xaa43], [0xaa4c, 0xaa4c], [0xaa7c, 0xaa7c], [0xaab0, 0xaab0],
  [0xaab2, 0xaab4], [0xaab7, 0xaab8], [0xaabe, 0xaabf], [0xaac1, 0xaac1], [0xaaec, 0xaaed],
  [0xaaf6, 0xaaf6], [0xabe5, 0xabe5], [0xabe8, 0xabe8], [0xabed, 0xabed], [0xfb1e, 0xfb1e],
  [0xfe00, 0xfe0f], [0xfe20, 0xfe2f], [0x101fd, 0x101fd], [0x102e0, 0x102e0], [0x10376, 0x1037a],
  [0x10a01, 0x10a03], [0x10a05, 0x10a06], [0x10a0c, 0x10a0f], [0x10a38, 0x10a3a], [0x10a3f, 0x10a3f],
  [0x10ae5, 0x10ae6], [0x10d24, 0x10d27], [0x10eab, 0x10eac], [0x10efd, 0x10eff], [0x10f46, 0x10f50],
  [0x10f82, 0x10f85], [0x11001, 0x11001], [0x11038, 0x11046], [0x11070, 0x11070], [0x11073, 0x11074],
  [0x1107f, 0x11081], [0x110b3, 0x110b6], [0x110b9, 0x110ba], [0x110c2, 0x110c2], [0x11100, 0x11102],
  [0x11127, 0x1112b], [0x1112d, 0x11134], [0x11173, 0x11173], [0x11180, 0x11181], [0x111b6, 0x111be],
  [0x111c9, 0x111cc], [0x111cf, 0x111cf], [0x1122f, 0x11231], [0x11234, 0x11234], [0x11236, 0x11237],
  [0x1123e, 0x1123e], [0x11241, 0x11241], [0x112df, 0x112df], [0x112e3, 0x112ea], [0x11300, 0x11301],
  [0x1133b, 0x1133c], [0x11340, 0x11340], [0x11366, 0x1136c], [0x11370, 0x11374], [0x11438, 0x1143f],
  [0x11442, 0x11444], [0x11446, 0x11446], [0x1145e, 0x1145e], [0x114b3, 0x114b8], [0x114ba, 0x114ba],
  [0x114bf, 0x114c0], [0x114c2, 0x114c3], [0x115b2, 0x115b5], [0x115bc, 0x115bd], [0x115bf, 0x115c0],
  [0x115dc, 0x115dd], [0x11633, 0x1163a], [0x1163d, 0x1163d], [0x1163f, 0x11640], [0x116ab, 0x116ab],
  [0x116ad, 0x116ad], [0x116b0, 0x116b5], [0x116b7, 0x116b7], [0x1171d, 0x1171f], [0x11722, 0x11725],
  [0x11727, 0x1172b], [0x1182f, 0x11837], [0x11839, 0x1183a], [0x1193b, 0x1193c], [0x1193e, 0x1193e],
  [0x11943, 0x11943], [0x119d4, 0x119d7], [0x119da, 0x119db], [0x119e0, 0x119e0], [0x11a01, 0x11a0a],
  [0x11a33, 0x11a38], [0x11a3b, 0x11a3e], [0x11a47, 0x11a47], [0x11a51, 0x11a56], [0x11a59, 0x11a5b],
  [0x11a8a, 0x11a96], [0x11a98, 0x11a99], [0x11c30, 0x11c36], [0x11c38, 0x11c3d], [0x11c3f, 0x11c3f],
  [0x11c92, 0x11ca7], [0x11caa, 0x11cb0], [0x11cb2, 0x11cb3], [0x11cb5, 0x11cb6], [0x11d31, 0x11d36],
  [0x11d3a, 0x11d3a], [0x11d3c, 0x11d3d], [0x11d3f, 0x11d45], [0x11d47, 0x11d47], [0x11d90, 0x11d91],
  [0x11d95, 0x11d95], [0x11d97, 0x11d97], [0x11ef3, 0x11ef4], [0x11f00, 0x11f01], [0x11f36, 0x11f3a],
  [0x11f40, 0x11f40], [0x11f42, 0x11f42], [0x13440, 0x13440], [0x13447, 0x13455], [0x16af0, 0x16af4],
  [0x16b30, 0x16b36], [0x16f4f, 0x16f4f], [0x16f8f, 0x16f92], [0x16fe4, 0x16fe4], [0x1bc9d, 0x1bc9e],
  [0x1cf00, 0x1cf2d], [0x1cf30, 0x1cf46], [0x1d167, 0x1d169], [0x1d17b, 0x1d182], [0x1d185, 0x1d18b],
  [0x1d1aa, 0x1d1ad], [0x1d242, 0x1d244], [0x1da00, 0x1da36], [0x1da3b, 0x1da6c], [0x1da75, 0x1da75],
  [0x1da84, 0x1da84], [0x1da9b, 0x1da9f], [0x1daa1, 0x1daaf], [0x1e000, 0x1e006], [0x1e008, 0x1e018],
  [0x1e01b, 0x1e021], [0x1e023, 0x1e024], [0x1e026, 0x1e02a], [0x1e08f, 0x1e08f], [0x1e130, 0x1e136],
  [0x1e2ae, 0x1e2ae], [0x1e2ec, 0x1e2ef], [0x1e4ec, 0x1e4ef], [0x1e8d0, 0x1e8d6], [0x1e944, 0x1e94a],
  [0xe0100, 0xe01ef],
];
/** Code points wcwidth 0.2.5 (Unicode 15.0 tables) gives width 2: East Asian Wide and Fullwidth, most emoji. */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f], [0x231a, 0x231b], [0x2329, 0x232a], [0x23e9, 0x23ec], [0x23f0, 0x23f0],
  [0x23f3, 0x23f3], [0x25fd, 0x25fe], [0x2614, 0x2615], [0x2648, 0x2653], [0x267f, 0x267f],
  [0x2693, 0x2693], [0x26a1, 0x26a1], [0x26aa, 0x26ab], [0x26bd, 0x26be], [0x26c4, 0x26c5],
  [0x26ce, 0x26ce], [0x26d4, 0x26d4], [0x26ea, 0x26ea], [0x26f2, 0x26f3], [0x26f5, 0x26f5],
  [0x26fa, 0x26fa], [0x26fd, 0x26fd], [0x2705, 0x2705], [0x270a, 0x270b], [0x2728, 0x2728],
  [0x274c, 0x274c], [0x274e, 0x274e], [0x2753, 0x2755], [0x2757, 0x2757], [0x2795, 0x2797],
  [0x27b0, 0x27b0], [0x27bf, 0x27bf], [0x2b1b, 0x2b1c], [0x2b50, 0x2b50], [0x2b55, 0x2b55],
  [0x2e80, 0x2e99], [0x2e9b, 0x2ef3], [0x2f00, 0x2fd5], [0x2ff0, 0x2ffb], [0x3000, 0x3029],
  [0x302e, 0x303e], [0x3041, 0x3096], [0x309b, 0x30ff], [0x3105, 0x312f], [0x3131, 0x318e],
  [0x3190, 0x31e3], [0x31f0, 0x321e], [0x3220, 0x3247], [0x3250, 0x4dbf], [0x4e00, 0xa48c],
  [0xa490, 0xa4c6], [0xa960, 0xa97c], [0xac00, 0xd7a3], [0xf900, 0xfaff], [0xfe10, 0xfe19],
  [0xfe30, 0xfe52], [0xfe54, 0xfe66], [0xfe68, 0xfe6b], [0xff01, 0xff60], [0xffe0, 0xffe6],
  [0x16fe0, 0x16fe3], [0x16ff0, 0x16ff1], [0x17000, 0x187f7], [0x18800, 0x18cd5], [0x18d00, 0x18d08],
  [0x1aff0, 0x1aff3], [0x1aff5, 0x1affb], [0x1affd, 0x1affe], [0x1b000, 0x1b122], [0x1b132, 0x1b132],
  [0x1b150, 0x1b152], [0x1b155, 0x1b155], [0x1b164, 0x1b167], [0x1b170, 0x1b2fb], [0x1f004, 0x1f004],
  [0x1f0cf, 0x1f0cf], [0x1f18e, 0x1f18e], [0x1f191, 0x1f19a], [0x1f200, 0x1f202], [0x1f210, 0x1f23b],
  [0x1f240, 0x1f248], [0x1f250, 0x1f251], [0x1f260, 0x1f265], [0x1f300, 0x1f320], [0x1f32d, 0x1f335],
  [0x1f337, 0x1f37c], [0x1f37e, 0x1f393], [0x1f3a0, 0x1f3ca], [0x1f3cf, 0x1f3d3], [0x1f3e0, 0x1f3f0],
  [0x1f3f4, 0x1f3f4], [0x1f3f8, 0x1f43e], [0x1f440, 0x1f440], [0x1f442, 0x1f4fc], [0x1f4ff, 0x1f53d],
  [0x1f54b, 0x1f54e], [0x1f550, 0x1f567], [0x1f57a, 0x1f57a], [0x1f595, 0x1f596], [0x1f5a4, 0x1f5a4],
  [0x1f5fb, 0x1f64f], [0x1f680, 0x1f6c5], [0x1f6cc, 0x1f6cc], [0x1f6d0, 0x1f6d2], [0x1f6d5, 0x1f6d7],
  [0x1f6dc, 0x1f6df], [0x1f6eb, 0x1f6ec], [0x1f6f4, 0x1f6fc], [0x1f7e0, 0x1f7eb], [0x1f7f0, 0x1f7f0],
  [0x1f90c, 0x1f93a], [0x1f93c, 0x1f945], [0x1f947, 0x1f9ff], [0x1fa70, 0x1fa7c], [0x1fa80, 0x1fa88],
  [0x1fa90, 0x1fabd], [0x1fabf, 0x1fac5], [0x1face, 0x1fadb], [0x1fae0, 0x1fae8], [0x1faf0, 0x1faf8],
  [0x20000, 0x2fffd], [0x30000, 0x3fffd],
];
