/**
 * How a subcommand is declared: once, as data. The parser, `glance help`, `glance help CMD`,
 * completion and the README's command list all read these definitions; nothing else lists a
 * command's arguments or options.
 *
 * A definition names its positional arguments and options as typed specs; `run` receives their
 * parsed values, typed by inference, and returns data for the output module to print.
 */
import type { CommandContext } from '../context.js';
import { InvalidValueError } from '../errors.js';
import type { CommandResult } from '../output/model.js';

/** What a completing shell offers for a value. */
export type Completion = 'file' | 'directory' | 'image' | 'none';

interface SpecBase {
  help: string;
  /** Left out of help and completion (legacy spellings). */
  hidden?: boolean;
  /** Fixed set of values: checked, listed in help and completed. */
  choices?: readonly string[];
  complete?: Completion;
}

/** A positional argument. */
export interface ArgumentSpec<V = unknown> extends SpecBase {
  readonly kind: 'argument';
  /** As help shows it: `<IMAGE_ID>`. */
  metavar: string;
  /** `[<X>]`: may be left out. */
  optional?: boolean;
  /** Takes every remaining word (`<IMAGE_ID> [<IMAGE_ID> ...]`). */
  variadic?: boolean;
  parse?: (raw: string) => unknown;
  /** Phantom: the type `run` receives. */
  readonly __value?: V;
}

/** An option. Without `metavar` it is a flag (true when given). */
export interface OptionSpec<V = unknown> extends SpecBase {
  readonly kind: 'option';
  /** Spellings, long first: `['--file']`, `['--image-id']`. Derived from the key when absent. */
  flags?: readonly string[];
  /** The value as help shows it: `<FILE>`, `<True|False>`. Absent for flags. */
  metavar?: string;
  /** The value may be left out (`--hidden` alone means True). */
  optionalValue?: boolean;
  /** Repeatable: each occurrence is added to a list. */
  repeatable?: boolean;
  /** Takes every following word up to the next option (argparse's nargs='+'). */
  variadic?: boolean;
  parse?: (raw: string) => unknown;
  /** Applied when the option is absent (after `env`). */
  default?: unknown;
  /** An environment variable that stands in for an absent option. */
  env?: string;
  required?: boolean;
  /** Help section (argparse's argument groups). */
  group?: string;
  readonly __value?: V;
}

export type Spec = ArgumentSpec | OptionSpec;
export type Specs = Record<string, Spec>;

/** The values `run` receives for a set of specs. */
export type Values<S extends Specs> = { [K in keyof S]: S[K] extends { readonly __value?: infer V } ? V : never };

export interface CommandDefinition<A extends Specs = Specs, O extends Specs = Specs> {
  /** The subcommand, e.g. `image-show`; equal to the file's path under src/commands joined by '-'. */
  name: string;
  /** One line: what `glance help` lists. */
  summary: string;
  /** Paragraphs after the summary in `glance help CMD`. */
  description?: string;
  /** Command lines shown at the end of `glance help CMD`. */
  examples?: readonly string[];
  arguments?: A;
  options?: O;
  /** What the command prints: a record or a list gets -f/-c and the other output options. */
  output?: 'record' | 'list';
  /**
   * What the command makes, and the record field that names it: a usage error found only once
   * the record exists (a bad -c) still says what was made, e.g. `{ what: 'image', key: 'id' }`.
   */
  creates?: { what: string; key: string };
  /** Listed in neither help nor completion (other spellings of a command). */
  hidden?: boolean;
  /** Image API versions that have this command; default both. Help for v1 lists only v1 commands. */
  apiVersions?: readonly (1 | 2)[];
  run(input: Values<A> & Values<O>, context: CommandContext): Promise<CommandResult> | CommandResult;
}

/** What the registry holds: a definition whose input type is erased. */
export type AnyCommand = CommandDefinition<Specs, Specs> & {
  run(input: Record<string, unknown>, context: CommandContext): Promise<CommandResult> | CommandResult;
};

/** Declares a command; returns it unchanged, typed for the registry. */
export function defineCommand<A extends Specs = Record<never, never>, O extends Specs = Record<never, never>>(definition: CommandDefinition<A, O>): AnyCommand {
  return definition as unknown as AnyCommand;
}

type Extra = Omit<SpecBase, 'help'>;

// Positional arguments -------------------------------------------------------------------------

export function argument(metavar: string, help: string, extra: Extra & { parse?: never } = {}): ArgumentSpec<string> {
  return { kind: 'argument', metavar, help, ...extra };
}

export function optionalArgument(metavar: string, help: string, extra: Extra = {}): ArgumentSpec<string | undefined> {
  return { kind: 'argument', metavar, help, optional: true, ...extra };
}

export function variadicArgument(metavar: string, help: string, extra: Extra = {}): ArgumentSpec<string[]> {
  return { kind: 'argument', metavar, help, variadic: true, ...extra };
}

export function parsedArgument<V>(metavar: string, help: string, parse: (raw: string) => V, extra: Extra = {}): ArgumentSpec<V> {
  return { kind: 'argument', metavar, help, parse, ...extra };
}

// Options --------------------------------------------------------------------------------------

type OptionExtra = Extra & Pick<OptionSpec, 'flags' | 'env' | 'group' | 'required'>;

/** `--progress`: true when given. */
export function flag(help: string, extra: Omit<OptionExtra, 'env' | 'choices' | 'required'> & { env?: string } = {}): OptionSpec<boolean> {
  return { kind: 'option', help, default: false, ...extra };
}

/** `--name <NAME>`: a string, undefined when absent. */
export function text(metavar: string, help: string, extra: OptionExtra = {}): OptionSpec<string | undefined> {
  return { kind: 'option', metavar, help, ...extra };
}

/** A string with a default. */
export function textWithDefault(metavar: string, help: string, fallback: string, extra: OptionExtra = {}): OptionSpec<string> {
  return { kind: 'option', metavar, help, default: fallback, ...extra };
}

/** `--limit <LIMIT>`: Python's int(). */
export function integer(metavar: string, help: string, extra: OptionExtra = {}): OptionSpec<number | undefined> {
  return { kind: 'option', metavar, help, parse: parseInteger, ...extra };
}

export function integerWithDefault(metavar: string, help: string, fallback: number, extra: OptionExtra = {}): OptionSpec<number> {
  return { kind: 'option', metavar, help, parse: parseInteger, default: fallback, ...extra };
}

/** A value parsed by `parse`, undefined when absent. */
export function parsed<V>(metavar: string, help: string, parse: (raw: string) => V, extra: OptionExtra = {}): OptionSpec<V | undefined> {
  return { kind: 'option', metavar, help, parse, ...extra };
}

/** `--tag <TAG>` given any number of times: every value, in order. */
export function repeatable(metavar: string, help: string, extra: OptionExtra = {}): OptionSpec<string[]> {
  return { kind: 'option', metavar, help, repeatable: true, default: [], ...extra };
}

/** A schema-generated or otherwise computed option whose value type is not known statically. */
export function option(spec: Omit<OptionSpec, 'kind'>): OptionSpec<unknown> {
  return { kind: 'option', ...spec };
}

// Value parsers, with argparse's rules and wording ---------------------------------------------

export function parseInteger(value: string): number {
  // Python's int(): optional sign, digits, surrounding blanks.
  if (!/^\s*[+-]?\d+\s*$/.test(value)) {
    throw new InvalidValueError(`invalid int value: '${value}'`);
  }
  return Number.parseInt(value, 10);
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
  throw new InvalidValueError(`invalid boolean value: '${value}' (use True or False)`);
}

/** bool_from_string(strict=False), as --hidden uses it: unknown words mean False. */
export function parseLooseBoolean(value: string): boolean {
  return TRUE_WORDS.has(value.trim().toLowerCase());
}

/** `key=value`, split on the first `=`; undefined when there is no `=`. */
export function splitKeyValue(text: string): [string, string] | undefined {
  const index = text.indexOf('=');
  return index < 0 ? undefined : [text.slice(0, index), text.slice(index + 1)];
}

/** argparse's wording for a value outside `choices`. */
export function invalidChoice(value: string, choices: readonly string[]): InvalidValueError {
  return new InvalidValueError(`invalid choice: '${value}' (choose from ${choices.map((choice) => `'${choice}'`).join(', ')})`);
}

/** The long flag an option key stands for: `maxColumnWidth` → `--max-column-width`. */
export function flagsOf(key: string, spec: OptionSpec): readonly string[] {
  return spec.flags ?? [`--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`];
}
