/** Python 3.11 `textwrap.TextWrapper(width).wrap()` with default options, ported so tables wrap like prettytable. */

// Python's str regexes are Unicode-aware: `\w` is a letter, a number or `_`, `\d` is a decimal
// digit (Nd), and textwrap's "letter" is `[^\d\W]`. JavaScript's `\w` is ASCII-only even with
// the `u` flag, so the classes are spelled out with Unicode properties.
const WHITESPACE = '[\\t\\n\\v\\f\\r ]';
const NON_WHITESPACE = '[^\\t\\n\\v\\f\\r ]';
const WORD_CHAR = '[\\p{L}\\p{N}_]';
const WORD_PUNCT = `[\\p{L}\\p{N}_!"'&.,?]`;
const LETTER = '[\\p{L}\\p{Nl}\\p{No}_]';

/**
 * `TextWrapper.wordsep_re`: splits text into whitespace runs, em-dashes between words, and words
 * that may end right after a hyphen of a compound word ("goof-" / "ball").
 */
const WORD_SEPARATOR = new RegExp(
  `(${WHITESPACE}+` +
    `|(?<=${WORD_PUNCT})-{2,}(?=${WORD_CHAR})` +
    `|${NON_WHITESPACE}+?(?:` +
    `-(?:(?<=${LETTER}{2}-)|(?<=${LETTER}-${LETTER}-))(?=${LETTER}-?${LETTER})` +
    `|(?=${WHITESPACE}|$)` +
    `|(?<=${WORD_PUNCT})(?=-{2,}${WORD_CHAR})` +
    `))`,
  'gu',
);

/** The characters Python's `str.strip()` removes (`str.isspace()`); JavaScript's `\s` is a different set. */
const PYTHON_SPACE = /^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/u;

const TAB_SIZE = 8;

/**
 * Wraps one paragraph into lines of at most `width` characters, exactly as Python's
 * `textwrap.wrap(text, width)` does: tabs expanded, every whitespace character turned into a
 * space, whitespace dropped at line ends, long words broken (after a hyphen when possible).
 * Widths count code points, as Python's `len()` does, not display columns.
 */
export function wrapText(text: string, width: number): string[] {
  if (!(width > 0)) {
    throw new RangeError(`invalid width ${width} (must be > 0)`);
  }
  const pending = splitChunks(spacesForWhitespace(expandTabs(text))).reverse();
  const lines: string[] = [];

  while (pending.length > 0) {
    let line: string[] = [];
    let lineLength = 0;

    // Whitespace opening a line is dropped, except at the very start of the text.
    if (lines.length > 0 && isBlank(pending.at(-1))) {
      pending.pop();
    }

    while (pending.length > 0) {
      const chunkLength = codePointLength(pending.at(-1));
      if (lineLength + chunkLength > width) {
        break;
      }
      line.push(pending.pop() ?? '');
      lineLength += chunkLength;
    }

    if (pending.length > 0 && codePointLength(pending.at(-1)) > width) {
      line = breakLongWord(pending, line, lineLength, width);
      lineLength = line.reduce((sum, chunk) => sum + codePointLength(chunk), 0);
    }

    if (line.length > 0 && isBlank(line.at(-1))) {
      lineLength -= codePointLength(line.pop());
    }

    if (line.length > 0) {
      lines.push(line.join(''));
    }
  }
  return lines;
}

/** `TextWrapper._handle_long_word` with `break_long_words` and `break_on_hyphens` on. */
function breakLongWord(pending: string[], line: string[], lineLength: number, width: number): string[] {
  const spaceLeft = width < 1 ? 1 : width - lineLength;
  const chunk = Array.from(pending.at(-1) ?? '');
  let end = spaceLeft;
  if (chunk.length > spaceLeft) {
    // Prefer to break after the last hyphen that fits, unless only hyphens precede it.
    // Python's `rfind('-', 0, spaceLeft)`; Array#lastIndexOf would wrap a negative start around.
    const hyphen = spaceLeft > 0 ? chunk.lastIndexOf('-', spaceLeft - 1) : -1;
    if (hyphen > 0 && chunk.slice(0, hyphen).some((char) => char !== '-')) {
      end = hyphen + 1;
    }
  }
  pending[pending.length - 1] = chunk.slice(end).join('');
  return [...line, chunk.slice(0, end).join('')];
}

/** `TextWrapper._split`: the chunks (words and whitespace runs) that lines are built from. */
function splitChunks(text: string): string[] {
  const chunks: string[] = [];
  let consumed = 0;
  for (const match of text.matchAll(WORD_SEPARATOR)) {
    if (match.index > consumed) {
      chunks.push(text.slice(consumed, match.index));
    }
    if (match[0] !== '') {
      chunks.push(match[0]);
    }
    consumed = match.index + match[0].length;
  }
  if (consumed < text.length) {
    chunks.push(text.slice(consumed));
  }
  return chunks;
}

/** Python's `str.expandtabs(8)`: columns count code points and restart after `\n` or `\r`. */
function expandTabs(text: string): string {
  if (!text.includes('\t')) {
    return text;
  }
  let expanded = '';
  let column = 0;
  for (const char of text) {
    if (char === '\t') {
      const spaces = TAB_SIZE - (column % TAB_SIZE);
      expanded += ' '.repeat(spaces);
      column += spaces;
    } else {
      expanded += char;
      column = char === '\n' || char === '\r' ? 0 : column + 1;
    }
  }
  return expanded;
}

/** `replace_whitespace`: each ASCII whitespace character becomes one space. */
function spacesForWhitespace(text: string): string {
  return text.replace(/[\t\n\v\f\r]/g, ' ');
}

function isBlank(chunk: string | undefined): boolean {
  return PYTHON_SPACE.test(chunk ?? '');
}

function codePointLength(text: string | undefined): number {
  if (text === undefined) {
    return 0;
  }
  let length = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    // A high surrogate followed by a low one is a single code point.
    if (unit >= 0xd800 && unit <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        index++;
      }
    }
    length++;
  }
  return length;
}
