/** Option value parsers with argparse's rules and wording, shared by every command. */
import { InvalidArgumentError } from 'commander';

export function parseInteger(value: string): number {
  // Python's int(): optional sign, digits, surrounding blanks.
  if (!/^\s*[+-]?\d+\s*$/.test(value)) {
    throw new InvalidArgumentError(`invalid int value: '${value}'`);
  }
  return Number.parseInt(value, 10);
}

export function parsePositiveNumber(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new InvalidArgumentError(`invalid value: '${value}' (a positive number of seconds)`);
  }
  return number;
}

const TRUE_WORDS = new Set(['1', 't', 'true', 'on', 'y', 'yes']);
const FALSE_WORDS = new Set(['0', 'f', 'false', 'off', 'n', 'no']);

/** oslo's bool_from_string(strict=True): anything but the known words is an error. */
export function parseStrictBoolean(value: string): boolean {
  const word = value.trim().toLowerCase();
  if (TRUE_WORDS.has(word)) {
    return true;
  }
  if (FALSE_WORDS.has(word)) {
    return false;
  }
  throw new InvalidArgumentError(`invalid boolean value: '${value}' (use True or False)`);
}

/** bool_from_string(strict=False), as --hidden uses it: unknown words mean False. */
export function parseLooseBoolean(value: string): boolean {
  return TRUE_WORDS.has(value.trim().toLowerCase());
}

/** For repeatable options. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `key=value`, split on the first `=`; returns undefined when there is no `=`. */
export function splitKeyValue(text: string): [string, string] | undefined {
  const index = text.indexOf('=');
  return index < 0 ? undefined : [text.slice(0, index), text.slice(index + 1)];
}

/** A value restricted to `choices`, worded as argparse words it. */
export function parseChoice(choices: readonly string[]): (value: string) => string {
  return (value) => {
    if (!choices.includes(value)) {
      throw new InvalidArgumentError(`invalid choice: '${value}' (choose from ${choices.map((choice) => `'${choice}'`).join(', ')})`);
    }
    return value;
  };
}

/** A repeatable option restricted to `choices`, worded as argparse words it. */
export function collectChoice(choices: readonly string[]): (value: string, previous: string[] | undefined) => string[] {
  const check = parseChoice(choices);
  return (value, previous) => collect(check(value), previous);
}
