/**
 * The command line: global options from config/options.ts, the one subcommand the user named,
 * built from its definition, parsed with commander, run, and its result printed by the output
 * module. argparse's conventions for errors (usage errors exit 2) are kept.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { flagsOf, invalidChoice, type AnyCommand, type OptionSpec, type Spec } from '../commands/definition.js';
import { COMMANDS, type CommandModule } from '../commands/registry.js';
import { GLOBAL_OPTIONS, type GlobalFlags, type GlobalOptionSpec } from '../config/options.js';
import type { RootContext } from '../context.js';
import { CliError, ExitCode, InvalidValueError, UsageError } from '../errors.js';
import { DEFAULT_OUTPUT, LIST_FORMATS, printResult, type Format, type OutputOptions, type QuoteMode } from '../output/print.js';
import { versionLine } from '../version.js';
import { closest, expandCommandWords, splitCommandLine, type KnownOption } from './argv.js';
import { BUILTIN_COMMANDS, builtinCommand } from './builtins.js';
import { commandUsage, programHelp, commandHelp } from './help.js';
import { outputOptionsFor } from './output-options.js';

/** Parses and runs the command line; returns the exit code. Errors other than usage errors propagate to the entry point. */
export async function runCommandLine(argv: readonly string[], context: RootContext): Promise<number> {
  const globals = GLOBAL_OPTIONS.map(knownGlobal);
  const isCommand = (name: string): boolean => name in COMMANDS || builtinCommand(name) !== undefined;
  const line = splitCommandLine(argv, [...globals, { flags: ['-h', '--help'], takesValue: false }, { flags: ['--version'], takesValue: false }], isCommand);
  if (line.global.includes('--version')) {
    context.io.stdout.write(`${versionLine(context.nodeVersion)}\n`);
    return ExitCode.ok;
  }
  if (line.name === undefined || line.global.includes('-h') || line.global.includes('--help')) {
    // The global options say which API version the help is for.
    const program = rootCommand(context);
    try {
      program.parse(line.global.filter((word) => word !== '-h' && word !== '--help'), { from: 'user' });
    } catch (error) {
      if (error instanceof CommanderError) {
        return ExitCode.usage;
      }
      throw error;
    }
    await context.configure(globalFlags(program));
    context.io.stdout.write(await programHelp({ columns: context.io.columns, version: context.settings().imageApiRequested }));
    return ExitCode.ok;
  }
  const builtin = builtinCommand(line.name);
  if (builtin) {
    return runModule({ command: builtin }, builtin.name, line.global, line.rest, context);
  }
  const load = COMMANDS[line.name];
  if (!load) {
    throw unknownCommand(line.name);
  }
  return runModule(await load(), line.name, line.global, line.rest, context);
}

/** `glance image-lst`: what the user probably meant. */
export function unknownCommand(name: string): UsageError {
  const names = [...Object.keys(COMMANDS), ...Object.values(BUILTIN_COMMANDS).flatMap((builtin) => (builtin.hidden ? [] : [builtin.name]))];
  // `glance token-cache wipe`: the spaced form of a command family.
  const family = names.filter((candidate) => candidate.startsWith(`${name}-`));
  const suggestions = family.length > 0 ? family : closest(name, names);
  const hint = suggestions.length > 0 ? `Did you mean ${suggestions.join(' or ')}?` : 'See "glance help" for the list of commands.';
  // The last line keeps argparse's form, which scripts written for python-glanceclient match.
  return new UsageError(
    `usage: glance [options] <subcommand> ...\nglance: '${name}' is not a glance command. ${hint}\nglance: error: argument <subcommand>: invalid choice: '${name}'`,
    undefined,
    { bare: true },
  );
}

async function runModule(module: CommandModule, name: string, global: string[], rest: string[], context: RootContext): Promise<number> {
  const program = rootCommand(context);
  const definition = module.command;
  const usage = commandUsage(definition, context.io.columns);
  if (helpRequested(rest)) {
    context.io.stdout.write(commandHelp(definition, context.io.columns));
    return ExitCode.ok;
  }
  const subcommand = toCommander(definition, context, usage);
  const words = expandCommandWords(rest, optionsOf(definition).map(([, spec, flags]) => knownOption(spec, flags)), GLOBAL_OPTIONS.map(knownGlobal), definition.output !== undefined);
  configureErrors(subcommand, context, usage);
  program.addCommand(subcommand);
  program.hook('preAction', () => context.configure(globalFlags(program)));
  try {
    await program.parseAsync([...global, name, ...words], { from: 'user' });
    return ExitCode.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      const displayed = ['commander.helpDisplayed', 'commander.version', 'commander.help'].includes(error.code);
      return displayed ? ExitCode.ok : ExitCode.usage;
    }
    if (error instanceof UsageError && error.usage === undefined && !error.bare) {
      throw new UsageError(error.message, usage);
    }
    throw error;
  }
}

function helpRequested(words: readonly string[]): boolean {
  const end = words.indexOf('--');
  return (end < 0 ? words : words.slice(0, end)).some((word) => word === '-h' || word === '--help');
}

/** The root: every global option (so that they also work after the subcommand), argparse's errors. */
function rootCommand(context: RootContext): Command {
  const program = new Command('glance').helpOption(false).allowExcessArguments(false);
  for (const spec of GLOBAL_OPTIONS as readonly GlobalOptionSpec[]) {
    const [long, ...others] = [...spec.flags].sort((a, b) => b.length - a.length);
    if (long === undefined) {
      continue;
    }
    const short = others.find((flag) => !flag.startsWith('--'));
    const value = spec.metavar ? ` <${spec.metavar.replace(/^<|>$/g, '')}>` : '';
    const option = new Option(`${short ? `${short}, ` : ''}${long}${value}`);
    if (spec.parse) {
      const parse = spec.parse;
      option.argParser((raw: string) => argParse(() => parse(raw)));
    }
    program.addOption(option);
    for (const alias of spec.aliases ?? []) {
      program.addOption(new Option(`${alias}${value}`).hideHelp());
    }
  }
  configureErrors(program, context, 'glance [options] <subcommand> ...');
  return program;
}

/** The global options as parsed, keyed as config/options.ts names them (aliases folded in). */
function globalFlags(program: Command): GlobalFlags {
  const values = program.opts<Record<string, unknown>>();
  const flags: Record<string, unknown> = {};
  for (const spec of GLOBAL_OPTIONS as readonly GlobalOptionSpec[]) {
    for (const flag of [...spec.flags, ...(spec.aliases ?? [])]) {
      const value = values[attributeName(flag)];
      if (value !== undefined && flags[spec.key] === undefined) {
        flags[spec.key] = value;
      }
    }
  }
  return flags as GlobalFlags;
}

/** commander's attribute for a flag: `--os-tenant-id` → osTenantId, `--no-cache` → cache. */
function attributeName(flag: string): string {
  return flag
    .replace(/^--?(no-)?/, '')
    .replace(/[-_]+([a-z])/g, (_match, letter: string) => letter.toUpperCase());
}

function knownGlobal(spec: GlobalOptionSpec): KnownOption {
  return { flags: [...spec.flags, ...(spec.aliases ?? [])], takesValue: spec.metavar !== undefined };
}

function knownOption(spec: OptionSpec, flags: readonly string[]): KnownOption {
  return { flags, takesValue: spec.metavar !== undefined, optionalValue: spec.optionalValue };
}

/** The options of a definition with their spellings, the output options included. */
export function optionsOf(definition: AnyCommand): [string, OptionSpec, readonly string[]][] {
  const own = Object.entries(definition.options ?? {}).filter((entry): entry is [string, OptionSpec] => entry[1].kind === 'option');
  return [...own, ...outputOptionsFor(definition)].map(([key, spec]) => [key, spec, flagsOf(key, spec)]);
}

/** One commander Command from a definition; its action runs the command and prints the result. */
function toCommander(definition: AnyCommand, context: RootContext, usage: string): Command {
  const command = new Command(definition.name).helpOption(false);
  const argumentKeys: string[] = [];
  for (const [key, spec] of Object.entries(definition.arguments ?? {})) {
    if (spec.kind !== 'argument') {
      continue;
    }
    argumentKeys.push(key);
    const name = spec.metavar.replace(/^<|>$/g, '');
    command.argument(spec.optional ? `[${name}${spec.variadic ? '...' : ''}]` : `<${name}${spec.variadic ? '...' : ''}>`, spec.help, parser(spec));
  }
  const options = optionsOf(definition);
  for (const [, spec, flags] of options) {
    const long = flags.find((flag) => flag.startsWith('--')) ?? (flags[0] as string);
    const short = flags.find((flag) => !flag.startsWith('--'));
    const name = spec.metavar?.replace(/^<|>$/g, '');
    const value = name === undefined ? '' : spec.optionalValue ? ` [${name}]` : ` <${name}${spec.variadic ? '...' : ''}>`;
    const option = new Option(`${short ? `${short}, ` : ''}${long}${value}`, spec.help);
    const parse = parser(spec);
    if (parse) {
      option.argParser(parse);
    }
    if (spec.required) {
      option.makeOptionMandatory();
    }
    command.addOption(option);
    for (const alias of flags.filter((flag) => flag !== long && flag !== short)) {
      const hidden = new Option(`${alias}${value}`).hideHelp();
      if (parse) {
        hidden.argParser(parse);
      }
      command.addOption(hidden);
    }
  }
  command.action(async (...args: unknown[]) => {
    const parsed = args[argumentKeys.length] as Record<string, unknown>;
    const input: Record<string, unknown> = {};
    argumentKeys.forEach((key, index) => {
      input[key] = args[index];
    });
    for (const [key, spec, flags] of options) {
      let value: unknown;
      for (const flag of flags) {
        value ??= optionValue(parsed, flag);
      }
      if (value === undefined && spec.env) {
        const fromEnvironment = context.env[spec.env];
        if (fromEnvironment !== undefined && fromEnvironment !== '') {
          // A flag's variable counts when set to anything (OS_IMAGE_ALLOW_MD5_FALLBACK).
          value = spec.metavar === undefined ? true : parseValue(spec, fromEnvironment, `env[${spec.env}]`);
        }
      }
      input[key] = value ?? spec.default;
    }
    // Output options are checked before the command runs: a usage error sends no request.
    const output = await withUsage(usage, async () => outputOptions(input, definition));
    const result = await definition.run(input, context);
    await withUsage(usage, async () => {
      try {
        await printResult(result, { ...output, terminal: context.io.stdoutIsTTY }, context.io.stdout);
      } catch (error) {
        // A record's fields are known only once it exists: a bad -c on image-create must still
        // tell the user which image the command made.
        const made = definition.creates && result?.kind === 'record' ? result.data[definition.creates.key] : undefined;
        if (error instanceof UsageError && typeof made === 'string') {
          throw new UsageError(`${error.message}; the ${definition.creates?.what} was created all the same: ${made}`);
        }
        throw error;
      }
    });
    if (result?.kind === 'list' && result.failure !== undefined) {
      throw new CliError(result.failure);
    }
  });
  return command;
}

/**
 * What commander parsed for one spelling of an option. A flag spelled `--no-x` is true when given,
 * as any flag: commander stores it negated, as x, and true by default.
 */
function optionValue(parsed: Record<string, unknown>, flag: string): unknown {
  const value = parsed[attributeName(flag)];
  return flag.startsWith('--no-') ? (value === false ? true : undefined) : value;
}

/** A UsageError from `step` gets the command's usage line. */
async function withUsage<T>(usage: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof UsageError && error.usage === undefined) {
      throw new UsageError(error.message, usage);
    }
    throw error;
  }
}

function outputOptions(input: Record<string, unknown>, definition: AnyCommand): OutputOptions {
  if (definition.output === undefined) {
    return DEFAULT_OUTPUT;
  }
  const format = input.format as Format;
  if (definition.output === 'list' && !LIST_FORMATS.includes(format)) {
    throw new UsageError(`argument -f/--format: invalid choice: '${format}' (choose from ${LIST_FORMATS.map((name) => `'${name}'`).join(', ')})`);
  }
  const offered = new Set(outputOptionsFor(definition).map(([key]) => key));
  const value = (key: string): unknown => (offered.has(key) ? input[key] : undefined);
  return {
    format,
    columns: (value('column') as string[] | undefined) ?? [],
    noindent: value('noindent') === true,
    quote: (value('quote') as QuoteMode | undefined) ?? DEFAULT_OUTPUT.quote,
    prefix: (value('prefix') as string | undefined) ?? '',
    sortColumns: (value('sortColumn') as string[] | undefined) ?? [],
    sortDescending: value('sortDescending') === true && value('sortAscending') !== true,
  };
}

/** commander's parser for a spec: choices, repetition and the spec's own parse, with argparse's words. */
function parser(spec: Spec): ((value: string, previous: unknown) => unknown) | undefined {
  if (!spec.parse && !spec.choices && !(spec.kind === 'option' && spec.repeatable)) {
    return undefined;
  }
  return (raw: string, previous: unknown) => {
    const value = argParse(() => parseValue(spec, raw));
    return spec.kind === 'option' && spec.repeatable ? [...(Array.isArray(previous) ? previous : []), value] : value;
  };
}

function parseValue(spec: Spec, raw: string, where?: string): unknown {
  try {
    if (spec.choices && !spec.choices.includes(raw)) {
      throw invalidChoice(raw, spec.choices);
    }
    return spec.parse ? spec.parse(raw) : raw;
  } catch (error) {
    if (where !== undefined && error instanceof InvalidValueError) {
      throw new UsageError(`${where}: ${error.message}`);
    }
    throw error;
  }
}

/** InvalidValueError in commander's terms, so that it reports a usage error. */
function argParse<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InvalidValueError) {
      throw new InvalidArgumentError(error.message);
    }
    throw error;
  }
}

/** argparse's shape for usage errors on stderr, exit 2. */
function configureErrors(command: Command, context: RootContext, usage: string): void {
  const name = usage.split(/\s+/).slice(0, command.parent || usage.startsWith('glance [') ? 1 : 2).join(' ');
  command.exitOverride();
  command.configureOutput({
    writeOut: (text) => context.io.stdout.write(text),
    writeErr: (text) => context.io.stderr.write(text),
    outputError: (text, write) => {
      write(`usage: ${usage}\n${name}: error: ${argparseWording(text.replace(/^error: /, ''))}`);
    },
  });
}

/** Commander's usage messages in argparse's words, which scripts and people already know. */
const ARGPARSE_WORDING: [RegExp, string][] = [
  [/^missing required argument '(.+)'/, 'the following arguments are required: <$1>'],
  [/^required option '(\S+)[^']*' not specified/, 'the following arguments are required: $1'],
  [/^unknown option '(.+?)'.*/, 'unrecognized arguments: $1'],
  [/^too many arguments.*?\. Expected (\d+) arguments? but got (\d+)\./, 'unrecognized arguments (expected $1, got $2)'],
  [/^option '(-\w), (--[\w-]+)[^']*' argument '.*' is invalid\. /, 'argument $1/$2: '],
  [/^option '(\S+)[^']*' argument '.*' is invalid\. /, 'argument $1: '],
  [/^command-argument value '.*' is invalid for argument '(.+?)'\. /, 'argument <$1>: '],
  [/^option '(-\w), (--[\w-]+)[^']*' argument missing/, 'argument $1/$2: expected one argument'],
  [/^option '(\S+)[^']*' argument missing/, 'argument $1: expected one argument'],
];

function argparseWording(message: string): string {
  for (const [pattern, replacement] of ARGPARSE_WORDING) {
    if (pattern.test(message)) {
      return message.replace(pattern, replacement);
    }
  }
  return message;
}
