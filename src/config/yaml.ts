/**
 * A small YAML reader for the subset clouds.yaml and secure.yaml use: block mappings and
 * sequences, one-line flow collections, plain and quoted scalars, literal and folded block
 * scalars, comments. Anchors, aliases, tags and multiple documents are refused with a clear
 * message rather than misread. Scalars resolve as PyYAML (YAML 1.1) resolves them, since that is
 * what openstacksdk reads these files with: `yes`/`no`/`on`/`off` are booleans too.
 */

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

export class YamlError extends Error {
  constructor(message: string, readonly line: number) {
    super(`line ${line}: ${message}`);
  }
}

interface Line {
  /** 1-based, for messages. */
  number: number;
  indent: number;
  /** The text after the indentation, comment removed, trailing spaces trimmed. */
  text: string;
  /** The raw line without its indentation (block scalars keep comments and spacing). */
  raw: string;
}

export function parseYaml(source: string): YamlValue {
  const lines: Line[] = [];
  const rawLines = source.replace(/^\uFEFF/, '').split(/\r?\n/);
  let documents = 0;
  rawLines.forEach((raw, index) => {
    const indentMatch = /^[ ]*/.exec(raw)!;
    const rest = raw.slice(indentMatch[0].length);
    if (rest.startsWith('\t')) {
      throw new YamlError('tabs cannot indent YAML', index + 1);
    }
    const text = stripComment(rest).trimEnd();
    if (indentMatch[0].length === 0 && /^(---|\.\.\.)(\s|$)/.test(text)) {
      documents += text.startsWith('---') ? 1 : 0;
      if (documents > 1) {
        throw new YamlError('only one YAML document is supported', index + 1);
      }
      return;
    }
    lines.push({ number: index + 1, indent: indentMatch[0].length, text, raw: rest });
  });
  const reader = new Reader(lines);
  reader.skipBlank();
  if (reader.done()) {
    return null;
  }
  const value = reader.block(reader.peek()!.indent);
  reader.skipBlank();
  if (!reader.done()) {
    throw new YamlError('unexpected indentation', reader.peek()!.number);
  }
  return value;
}

class Reader {
  private index = 0;

  constructor(private readonly lines: Line[]) {}

  done(): boolean {
    return this.index >= this.lines.length;
  }

  peek(): Line | undefined {
    return this.lines[this.index];
  }

  skipBlank(): void {
    while (this.lines[this.index]?.text === '') {
      this.index++;
    }
  }

  /** A block node whose lines start at `indent`. */
  block(indent: number): YamlValue {
    const first = this.peek()!;
    return isSequenceItem(first.text) ? this.sequence(indent) : this.mapping(indent);
  }

  private mapping(indent: number, firstText?: string): { [key: string]: YamlValue } {
    const result: { [key: string]: YamlValue } = {};
    let pending = firstText;
    for (;;) {
      let line: Line;
      let text: string;
      if (pending !== undefined) {
        line = this.lines[this.index - 1]!;
        text = pending;
        pending = undefined;
      } else {
        this.skipBlank();
        const next = this.peek();
        if (!next || next.indent < indent) {
          return result;
        }
        if (next.indent > indent) {
          throw new YamlError('unexpected indentation', next.number);
        }
        if (isSequenceItem(next.text)) {
          return result;
        }
        line = next;
        text = next.text;
        this.index++;
      }
      const { key, rest } = splitKey(text, line.number);
      if (Object.prototype.hasOwnProperty.call(result, key)) {
        throw new YamlError(`duplicate key '${key}'`, line.number);
      }
      result[key] = this.valueAfterIndicator(rest, indent, line, true);
    }
  }

  private sequence(indent: number): YamlValue[] {
    const result: YamlValue[] = [];
    for (;;) {
      this.skipBlank();
      const next = this.peek();
      if (!next || next.indent !== indent || !isSequenceItem(next.text)) {
        if (next && next.indent > indent) {
          throw new YamlError('unexpected indentation', next.number);
        }
        return result;
      }
      this.index++;
      const rest = next.text === '-' ? '' : next.text.slice(2).trimStart();
      const offset = next.text.length - rest.length;
      if (rest !== '' && findMappingColon(rest) >= 0 && !/^["'[{]/.test(rest)) {
        // "- key: value" starts a mapping whose keys line up with "key".
        result.push(this.mapping(indent + offset, rest));
      } else if (isSequenceItem(rest)) {
        throw new YamlError('nested sequences on one line are not supported', next.number);
      } else {
        result.push(this.valueAfterIndicator(rest, indent, next, false));
      }
    }
  }

  /** The value after "key:" or "- ": inline, a block scalar, or a nested block on the next lines. */
  private valueAfterIndicator(rest: string, indent: number, line: Line, inMapping: boolean): YamlValue {
    if (rest === '') {
      this.skipBlank();
      const next = this.peek();
      if (next && (next.indent > indent || (inMapping && next.indent === indent && isSequenceItem(next.text)))) {
        return this.block(next.indent);
      }
      return null;
    }
    if (/^[|>][+-]?[0-9]?$/.test(rest)) {
      return this.blockScalar(rest, indent);
    }
    if (/^[&*!]/.test(rest)) {
      throw new YamlError('anchors, aliases and tags are not supported', line.number);
    }
    if (rest.startsWith('[') || rest.startsWith('{')) {
      const flow = new FlowParser(rest, line.number);
      return flow.parseAll();
    }
    if (rest.startsWith('"') || rest.startsWith("'")) {
      const { value, end } = quoted(rest, 0, line.number);
      if (rest.slice(end).trim() !== '') {
        throw new YamlError('unexpected text after a quoted string', line.number);
      }
      return value;
    }
    // A plain scalar may continue on more-indented lines (folded with spaces).
    let text = rest;
    for (;;) {
      const next = this.peek();
      if (!next || next.text === '' || next.indent <= indent || isSequenceItem(next.text) || findMappingColon(next.text) >= 0) {
        break;
      }
      text += ` ${next.text}`;
      this.index++;
    }
    return resolvePlain(text);
  }

  private blockScalar(header: string, indent: number): string {
    const folded = header.startsWith('>');
    const chomp = header.includes('-') ? 'strip' : header.includes('+') ? 'keep' : 'clip';
    const collected: string[] = [];
    let blockIndent: number | undefined;
    while (!this.done()) {
      const line = this.peek()!;
      const blank = line.raw.trim() === '';
      if (!blank && line.indent <= indent) {
        break;
      }
      blockIndent ??= blank ? undefined : line.indent;
      collected.push(blank ? '' : ' '.repeat(line.indent - (blockIndent ?? line.indent)) + line.raw);
      this.index++;
    }
    let text = folded ? collected.join('\n').replace(/([^\n])\n(?=[^\n ])/g, '$1 ') : collected.join('\n');
    if (chomp === 'strip') {
      text = text.replace(/\n+$/, '');
    } else if (chomp === 'clip') {
      text = text.replace(/\n+$/, '') + '\n';
    } else {
      text += '\n';
    }
    return text;
  }
}

function isSequenceItem(text: string): boolean {
  return text === '-' || text.startsWith('- ');
}

/** Removes a comment: "#" at the start or after a space, outside quotes. */
function stripComment(text: string): string {
  let quote: string | undefined;
  for (let index = 0; index < text.length; index++) {
    const character = text[index];
    if (quote) {
      if (character === quote) {
        if (quote === "'" && text[index + 1] === "'") {
          index++;
        } else {
          quote = undefined;
        }
      } else if (quote === '"' && character === '\\') {
        index++;
      }
      continue;
    }
    if ((character === '"' || character === "'") && (index === 0 || /[\s:[{,-]/.test(text[index - 1]!))) {
      quote = character;
    } else if (character === '#' && (index === 0 || /\s/.test(text[index - 1]!))) {
      return text.slice(0, index);
    }
  }
  return text;
}

/** Where "key: value" splits, or -1. */
function findMappingColon(text: string): number {
  if (text.startsWith('"') || text.startsWith("'")) {
    try {
      const { end } = quoted(text, 0, 0);
      return text[end] === ':' && (end + 1 === text.length || text[end + 1] === ' ') ? end : -1;
    } catch {
      return -1;
    }
  }
  for (let index = 0; index < text.length; index++) {
    if (text[index] === ':' && (index + 1 === text.length || text[index + 1] === ' ')) {
      return index;
    }
  }
  return -1;
}

function splitKey(text: string, lineNumber: number): { key: string; rest: string } {
  const colon = findMappingColon(text);
  if (colon < 0) {
    // The line itself is not quoted: it may hold a password.
    throw new YamlError('expected "key: value"', lineNumber);
  }
  const rawKey = text.slice(0, colon).trim();
  if (/^[&*!?]/.test(rawKey)) {
    throw new YamlError('anchors, aliases, tags and complex keys are not supported', lineNumber);
  }
  const key = rawKey.startsWith('"') || rawKey.startsWith("'") ? (quoted(rawKey, 0, lineNumber).value as string) : rawKey;
  return { key, rest: text.slice(colon + 1).trim() };
}

/** A single- or double-quoted scalar starting at `start`. */
function quoted(text: string, start: number, lineNumber: number): { value: string; end: number } {
  const quote = text[start];
  let value = '';
  for (let index = start + 1; index < text.length; index++) {
    const character = text[index]!;
    if (quote === "'") {
      if (character === "'") {
        if (text[index + 1] === "'") {
          value += "'";
          index++;
          continue;
        }
        return { value, end: index + 1 };
      }
      value += character;
      continue;
    }
    if (character === '"') {
      return { value, end: index + 1 };
    }
    if (character === '\\') {
      const escape = text[++index];
      const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '"': '"', '\\': '\\', '/': '/', ' ': ' ', e: '\u001b' };
      if (escape !== undefined && escape in simple) {
        value += simple[escape];
      } else if (escape === 'x' || escape === 'u' || escape === 'U') {
        const length = escape === 'x' ? 2 : escape === 'u' ? 4 : 8;
        const hex = text.slice(index + 1, index + 1 + length);
        if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== length) {
          throw new YamlError(`bad \\${escape} escape in a double-quoted string`, lineNumber);
        }
        value += String.fromCodePoint(parseInt(hex, 16));
        index += length;
      } else {
        throw new YamlError('unknown escape in a double-quoted string', lineNumber);
      }
      continue;
    }
    value += character;
  }
  throw new YamlError('unterminated quoted string', lineNumber);
}

/** PyYAML's implicit resolvers, for the types a config file uses. */
function resolvePlain(text: string): YamlValue {
  if (/^(~|null|Null|NULL)$/.test(text)) {
    return null;
  }
  if (/^(true|True|TRUE|yes|Yes|YES|on|On|ON)$/.test(text)) {
    return true;
  }
  if (/^(false|False|FALSE|no|No|NO|off|Off|OFF)$/.test(text)) {
    return false;
  }
  if (/^[-+]?(0|[1-9][0-9_]*)$/.test(text)) {
    return Number(text.replace(/_/g, ''));
  }
  if (/^[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+][0-9]+)?$/.test(text)) {
    return Number(text.replace(/_/g, ''));
  }
  return text;
}

/** `[a, b]` and `{a: b}` on one line, nested as needed. */
class FlowParser {
  private position = 0;

  constructor(
    private readonly text: string,
    private readonly lineNumber: number,
  ) {}

  parseAll(): YamlValue {
    const value = this.value();
    this.space();
    if (this.position !== this.text.length) {
      throw new YamlError('unexpected text after a flow collection (multi-line flow collections are not supported)', this.lineNumber);
    }
    return value;
  }

  private space(): void {
    while (this.text[this.position] === ' ') {
      this.position++;
    }
  }

  private value(): YamlValue {
    this.space();
    const character = this.text[this.position];
    if (character === '[') {
      this.position++;
      const items: YamlValue[] = [];
      for (;;) {
        this.space();
        if (this.text[this.position] === ']') {
          this.position++;
          return items;
        }
        items.push(this.value());
        this.separator(']');
      }
    }
    if (character === '{') {
      this.position++;
      const result: { [key: string]: YamlValue } = {};
      for (;;) {
        this.space();
        if (this.text[this.position] === '}') {
          this.position++;
          return result;
        }
        const key = this.scalar(true);
        this.space();
        if (this.text[this.position] !== ':') {
          throw new YamlError('expected ":" in a flow mapping', this.lineNumber);
        }
        this.position++;
        result[String(key)] = this.value();
        this.separator('}');
      }
    }
    return this.scalar(false);
  }

  private separator(close: string): void {
    this.space();
    const character = this.text[this.position];
    if (character === ',') {
      this.position++;
    } else if (character !== close) {
      throw new YamlError(`expected "," or "${close}" in a flow collection`, this.lineNumber);
    }
  }

  private scalar(isKey: boolean): YamlValue {
    this.space();
    const character = this.text[this.position];
    if (character === '"' || character === "'") {
      const { value, end } = quoted(this.text, this.position, this.lineNumber);
      this.position = end;
      return value;
    }
    if (character === undefined) {
      throw new YamlError('unterminated flow collection', this.lineNumber);
    }
    const stop = isKey ? /[,:}\]]/ : /[,}\]]/;
    let end = this.position;
    while (end < this.text.length && !stop.test(this.text[end]!)) {
      end++;
    }
    const raw = this.text.slice(this.position, end).trim();
    this.position = end;
    return resolvePlain(raw);
  }
}
