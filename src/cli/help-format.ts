/**
 * argparse's help layout, which python-glanceclient users read and scripts grep: a wrapped
 * `usage:` line, sections of `invocation  help` items with the help column at 24 at most, text
 * wrapped to the width (the terminal's, else 80) less two.
 */

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
  if (prefix.length + prog.length <= 0.75 * width) {
    const indent = ' '.repeat(prefix.length + prog.length + 1);
    result =
      optionalParts.length > 0
        ? [...lines([prog, ...optionalParts], indent, prefix), ...lines(positionalParts, indent)]
        : lines([prog, ...positionalParts], indent, prefix);
  } else {
    const indent = ' '.repeat(prefix.length);
    result = [prog, ...lines([...optionalParts, ...positionalParts], indent)];
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
        if (helpLines.length === 0) {
          text += `${' '.repeat(indent)}${item.invocation}\n`;
          continue;
        }
        if (item.invocation.length <= actionWidth) {
          text += `${' '.repeat(indent)}${item.invocation.padEnd(actionWidth)}  ${helpLines[0]}\n`;
        } else {
          text += `${' '.repeat(indent)}${item.invocation}\n${' '.repeat(helpPosition)}${helpLines[0]}\n`;
        }
        for (const line of helpLines.slice(1)) {
          text += `${' '.repeat(helpPosition)}${line}\n`;
        }
      }
      return text;
    })
    .join('\n');
}

/** Python's textwrap.wrap after argparse collapses whitespace: words never split unless longer than the width. */
export function wrap(text: string, width: number): string[] {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    if (line === '') {
      line = word;
    } else if (line.length + 1 + word.length <= width) {
      line += ` ${word}`;
    } else {
      lines.push(line);
      line = word;
    }
    while (line.length > width) {
      // textwrap breaks a word longer than the line at a hyphen if it can, else at the width.
      const hyphen = line.lastIndexOf('-', width - 1);
      const cut = hyphen > 0 ? hyphen + 1 : width;
      lines.push(line.slice(0, cut));
      line = line.slice(cut);
    }
  }
  if (line !== '') {
    lines.push(line);
  }
  return lines;
}
