/**
 * argparse's help layout, which python-glanceclient users read and scripts grep: a wrapped
 * `usage:` line, sections of `invocation  help` items with the help column at 24 at most, text
 * wrapped to the width (the terminal's, else 80) less two.
 */
import { wrapText } from '../output/textwrap.js';

export interface HelpItem {
  /** `--file <FILE>`, `<IMAGE_ID>`, `image-create`. */
  invocation: string;
  help: string;
  /** Extra indent: subcommands sit two deeper than options. */
  nested?: boolean;
}

export interface HelpSection {
  title: string;
  /** A paragraph under the title (argparse's group description). */
  description?: string;
  items: HelpItem[];
  /** A heading item without help, such as `<subcommand>`. */
  heading?: string;
}

const MAX_HELP_POSITION = 24;

/** argparse's `usage:` line: the program, then optional parts, then positional parts on lines of their own when it wraps. */
export function formatUsage(prog: string, optionalParts: string[], positionalParts: string[], columns: number): string {
  const width = columns - 2;
  const prefix = 'usage: ';
  const all = [prog, ...optionalParts, ...positionalParts].join(' ');
  if (prefix.length + all.length <= width) {
    return `${prefix}${all}\n`;
  }
  const lines = (parts: string[], indent: string, first?: string): string[] => {
    const result: string[] = [];
    let line: string[] = [];
    let length = first !== undefined ? first.length - 1 : indent.length - 1;
    for (const part of parts) {
      if (length + 1 + part.length > width && line.length > 0) {
        result.push(indent + line.join(' '));
        line = [];
        length = indent.length - 1;
      }
      line.push(part);
      length += part.length + 1;
    }
    if (line.length > 0) {
      result.push(indent + line.join(' '));
    }
    if (first !== undefined && result.length > 0) {
      result[0] = (result[0] as string).slice(indent.length);
    }
    return result;
  };
  let result: string[];
  const aligned = prefix.length + prog.length + 1;
  // argparse aligns the parts after the program; where one would not fit there (argparse lets it
  // run over), they all go under `usage:` instead.
  if (prefix.length + prog.length <= 0.75 * width && [...optionalParts, ...positionalParts].every((part) => aligned + part.length <= width)) {
    const indent = ' '.repeat(aligned);
    result =
      optionalParts.length > 0
        ? [...lines([prog, ...optionalParts], indent, prefix), ...lines(positionalParts, indent)]
        : lines([prog, ...positionalParts], indent, prefix);
  } else {
    const indent = ' '.repeat(prefix.length);
    // A part too long even there is broken at its blanks.
    const fitted = [...optionalParts, ...positionalParts].flatMap((part) => (indent.length + part.length <= width ? [part] : part.split(' ')));
    result = [prog, ...lines(fitted, indent)];
  }
  return `${prefix}${result.join('\n')}\n`;
}

/** The sections, blank-line separated, with argparse's shared help column. */
export function formatSections(sections: HelpSection[], columns: number): string {
  const width = columns - 2;
  const maxHelpPosition = Math.min(MAX_HELP_POSITION, Math.max(width - 20, 4));
  const longest = Math.max(
    0,
    ...sections.flatMap((section) => [
      ...(section.heading === undefined ? [] : [section.heading.length + 2]),
      ...section.items.map((item) => item.invocation.length + (item.nested ? 4 : 2)),
    ]),
  );
  const helpPosition = Math.min(longest + 2, maxHelpPosition);
  const helpWidth = Math.max(width - helpPosition, 11);
  return sections
    .map((section) => {
      let text = `${section.title}:\n`;
      if (section.description) {
        text += `${wrap(section.description, width - 2).map((line) => `  ${line}`).join('\n')}\n\n`;
      }
      if (section.heading !== undefined) {
        text += `  ${section.heading}\n`;
      }
      for (const item of section.items) {
        const indent = item.nested ? 4 : 2;
        const actionWidth = helpPosition - indent - 2;
        const helpLines = item.help ? wrap(item.help, helpWidth) : [];
        const invocation = invocationLines(item.invocation, indent, width);
        if (helpLines.length === 0) {
          text += `${invocation}\n`;
          continue;
        }
        if (item.invocation.length <= actionWidth) {
          text += `${' '.repeat(indent)}${item.invocation.padEnd(actionWidth)}  ${helpLines[0]}\n`;
        } else {
          text += `${invocation}\n${' '.repeat(helpPosition)}${helpLines[0]}\n`;
        }
        for (const line of helpLines.slice(1)) {
          text += `${' '.repeat(helpPosition)}${line}\n`;
        }
      }
      return text;
    })
    .join('\n');
}

/**
 * An option's spellings on their own line, as argparse puts them; where that line would run over
 * the width (argparse lets it), broken at blanks, the rest four columns further in.
 */
function invocationLines(invocation: string, indent: number, width: number): string {
  return fill(invocation.split(' '), indent, width, 0)
    .map((text, index) => `${' '.repeat(index === 0 ? indent : indent + CONTINUATION_INDENT)}${text}`)
    .join('\n');
}

/**
 * Pieces joined by blanks into lines that fit the width: the first line starts at `indent`, the
 * others CONTINUATION_INDENT further in, and every line but the last keeps `reserve` columns free.
 * A piece longer than a line gets a line of its own.
 */
function fill(pieces: readonly string[], indent: number, width: number, reserve: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const piece of pieces) {
    const candidate = line === '' ? piece : `${line} ${piece}`;
    const margin = lines.length === 0 ? indent : indent + CONTINUATION_INDENT;
    if (line !== '' && margin + candidate.length + reserve > width) {
      lines.push(line);
      line = piece;
    } else {
      line = candidate;
    }
  }
  return [...lines, line];
}

/** argparse's text wrapping: ASCII whitespace collapsed, then Python's textwrap.wrap. */
export function wrap(text: string, width: number): string[] {
  return wrapText(text.replace(/[ \t\n\r\f\v]+/g, ' ').trim(), Math.max(width, 11));
}

/** Paragraphs (separated by blank lines) each reflowed to the width, blank-line separated. */
export function formatParagraphs(text: string, width: number): string {
  return text
    .split(/\n[ \t]*\n/)
    .map((paragraph) => wrap(paragraph, width).join('\n'))
    .filter((paragraph) => paragraph !== '')
    .join('\n\n');
}

/**
 * A shell command line that fits the width: broken between words, outside quotes and after an
 * option's value rather than before it, with a backslash ending each broken line, so that it can
 * still be pasted into a shell as it is shown.
 */
export function formatExample(example: string, indent: number, width: number): string {
  // Room for the " \\" that ends a broken line; an option and its value too long together are broken too.
  const pieces = shellUnits(shellWords(example)).flatMap((unit) => (indent + CONTINUATION_INDENT + unit.join(' ').length + 2 > width ? unit : [unit.join(' ')]));
  const lines = fill(pieces, indent, width, 2);
  return lines.map((text, index) => `${' '.repeat(index === 0 ? indent : indent + CONTINUATION_INDENT)}${text}${index < lines.length - 1 ? ' \\' : ''}`).join('\n');
}

/** Words that read as one: an option and its value, a redirection and its file. */
function shellUnits(words: readonly string[]): string[][] {
  const units: string[][] = [];
  for (let index = 0; index < words.length; index++) {
    const word = words[index] as string;
    const next = words[index + 1];
    const takesNext = (/^-/.test(word) && !word.includes('=')) || /^\d?[<>]$/.test(word);
    if (takesNext && next !== undefined && !/^-|^[|&;<>]/.test(next)) {
      units.push([word, next]);
      index++;
    } else {
      units.push([word]);
    }
  }
  return units;
}

const CONTINUATION_INDENT = 4;

/** The line split at blanks that are outside quotes; the words keep their quotes. */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const character = line[index] as string;
    if (quote === undefined && character === ' ') {
      if (word !== '') {
        words.push(word);
        word = '';
      }
      continue;
    }
    word += character;
    if (character === '\\' && quote !== "'" && index + 1 < line.length) {
      word += line[++index] as string;
    } else if (quote === undefined && (character === "'" || character === '"')) {
      quote = character;
    } else if (character === quote) {
      quote = undefined;
    }
  }
  if (word !== '') {
    words.push(word);
  }
  return words;
}
