/**
 * `glance help`, `glance help CMD` and `CMD --help`, from the definitions and the global option
 * table, laid out as python-glanceclient's argparse help and wrapped to the terminal's width (80
 * columns when stdout is not a terminal).
 */
import { flagsOf, type AnyCommand, type ArgumentSpec, type OptionSpec } from '../commands/definition.js';
import { COMMANDS } from '../commands/registry.js';
import { GLOBAL_OPTIONS, type GlobalOptionSpec } from '../config/options.js';
import { BUILTIN_COMMANDS } from './builtins.js';
import { formatExample, formatParagraphs, formatSections, formatUsage, type HelpItem, type HelpSection } from './help-format.js';
import { outputOptionsFor } from './output-options.js';

export const DEFAULT_COLUMNS = 80;

const DESCRIPTION = 'Command-line interface to the OpenStack Images API.';
const GROUP_DESCRIPTIONS: Record<string, string> = {
  'API Connection Options': 'Options controlling the HTTP API Connections',
  'Authentication Options': 'Options specific to the password plugin.',
};

/** What help needs of a command: the definitions of src/commands and the built-ins alike. */
export type HelpSubject = Pick<AnyCommand, 'name' | 'summary' | 'description' | 'examples' | 'arguments' | 'options' | 'output' | 'apiVersions' | 'hidden'>;

/** The Image API version help is for: the one asked for, or undefined (v2, the default). */
export type HelpApiVersion = 1 | 2 | undefined;

/** Whether a command is there with this API version. */
export function availableIn(command: Pick<AnyCommand, 'apiVersions'>, version: HelpApiVersion): boolean {
  return command.apiVersions === undefined || command.apiVersions.includes(version ?? 2);
}

/** Every command the registry and the built-ins offer for the API version, in name order; built-ins last, as argparse adds them. */
export async function listedCommands(version: HelpApiVersion): Promise<HelpSubject[]> {
  const loaded = await Promise.all(Object.values(COMMANDS).map(async (load) => (await load()).command));
  const listed = [...loaded].sort((a, b) => (a.name < b.name ? -1 : 1));
  return [...listed, ...Object.values(BUILTIN_COMMANDS)].filter((command) => !command.hidden && availableIn(command, version));
}

export interface ProgramHelpOptions {
  columns?: number;
  version?: HelpApiVersion;
  /** `glance help` (rather than `glance` or `glance --help`): the reference then points to the v1 help. */
  helpCommand?: boolean;
}

export async function programHelp({ columns = DEFAULT_COLUMNS, version, helpCommand = false }: ProgramHelpOptions = {}): Promise<string> {
  const visible = (GLOBAL_OPTIONS as readonly GlobalOptionSpec[]).filter((spec) => !spec.hidden && spec.flags.length > 0);
  const usageParts = ['[--version]', ...visible.map((spec) => `[${spec.flags[0]}${spec.metavar ? ` ${spec.metavar}` : ''}]`)];
  const commands = await listedCommands(version);
  const item = (spec: GlobalOptionSpec): HelpItem => ({
    invocation: spec.flags.map((flag) => (spec.metavar ? `${flag} ${spec.metavar}` : flag)).join(', '),
    help: spec.help,
  });
  const sections: HelpSection[] = [
    { title: 'Positional arguments', heading: '<subcommand>', items: commands.map((command) => ({ invocation: command.name, help: command.summary, nested: true })) },
    {
      title: 'Optional arguments',
      items: [{ invocation: '--version', help: "Show the program's version number and exit." }, ...visible.filter((spec) => !spec.group).map(item)],
    },
    ...Object.entries(GROUP_DESCRIPTIONS).map(([title, description]) => ({
      title,
      description,
      items: visible.filter((spec) => spec.group === title).map(item),
    })),
  ];
  const v1Hint = helpCommand && version !== 1 ? '\nRun `glance --os-image-api-version 1 help` for v1 help\n' : '';
  return (
    `${formatUsage('glance', usageParts, ['<subcommand> ...'], columns)}\n${formatParagraphs(DESCRIPTION, columns - 2)}\n\n${formatSections(sections, columns)}\n` +
    `${formatParagraphs('See "glance help COMMAND" for help on a specific command.', columns - 2)}\n${v1Hint}`
  );
}

/** The `usage:` text of a command without its `usage: ` prefix (for error messages, which add it). */
export function commandUsage(definition: HelpSubject, columns = DEFAULT_COLUMNS): string {
  return formatUsage(`glance ${definition.name}`, optionUsageParts(definition), argumentUsageParts(definition), columns)
    .replace(/^usage: /, '')
    .replace(/\n$/, '');
}

export function commandHelp(definition: HelpSubject, columns = DEFAULT_COLUMNS): string {
  const argumentItems = visibleArguments(definition).map(([, spec]) => ({ invocation: spec.metavar, help: spec.help }));
  const options = visibleOptions(definition);
  const optionItem = ([key, spec]: [string, OptionSpec]): HelpItem => ({
    invocation: flagsOf(key, spec)
      .map((flag) => `${flag}${valueUsage(spec)}`)
      .join(', '),
    help: withEnvironment(spec),
  });
  const groups = [...new Set(options.map(([, spec]) => spec.group).filter((group): group is string => group !== undefined))];
  const sections: HelpSection[] = [
    { title: 'Positional arguments', items: argumentItems },
    { title: 'Optional arguments', items: options.filter(([, spec]) => !spec.required && !spec.group).map(optionItem) },
    { title: 'Required arguments', items: options.filter(([, spec]) => spec.required).map(optionItem) },
    ...groups.map((group) => ({ title: group, items: options.filter(([, spec]) => spec.group === group).map(optionItem) })),
  ].filter((section) => section.items.length > 0);
  const about = formatParagraphs([definition.summary, ...(definition.description ? [definition.description] : [])].join('\n\n'), columns - 2);
  const examples = definition.examples?.length ? `\nExamples:\n${definition.examples.map((example) => `${formatExample(example, 2, columns - 2)}\n`).join('')}` : '';
  return `usage: ${commandUsage(definition, columns)}\n\n${about}\n${sections.length > 0 ? `\n${formatSections(sections, columns)}` : ''}${examples}`;
}

function visibleArguments(definition: HelpSubject): [string, ArgumentSpec][] {
  return Object.entries(definition.arguments ?? {}).filter((entry): entry is [string, ArgumentSpec] => entry[1].kind === 'argument' && !entry[1].hidden);
}

function visibleOptions(definition: HelpSubject): [string, OptionSpec][] {
  const own = Object.entries(definition.options ?? {}).filter((entry): entry is [string, OptionSpec] => entry[1].kind === 'option' && !entry[1].hidden);
  return [...own, ...outputOptionsFor(definition)];
}

function valueUsage(spec: OptionSpec): string {
  if (spec.metavar === undefined) {
    return '';
  }
  if (spec.optionalValue) {
    return ` [${spec.metavar}]`;
  }
  return spec.variadic ? ` ${spec.metavar} [${spec.metavar} ...]` : ` ${spec.metavar}`;
}

function optionUsageParts(definition: HelpSubject): string[] {
  return visibleOptions(definition).map(([key, spec]) => {
    const part = `${flagsOf(key, spec)[0] as string}${valueUsage(spec)}`;
    return spec.required ? part : `[${part}]`;
  });
}

function argumentUsageParts(definition: HelpSubject): string[] {
  return visibleArguments(definition).map(([, spec]) => {
    if (spec.variadic) {
      return spec.optional ? `[${spec.metavar} ...]` : `${spec.metavar} [${spec.metavar} ...]`;
    }
    return spec.optional ? `[${spec.metavar}]` : spec.metavar;
  });
}

function withEnvironment(spec: OptionSpec): string {
  return spec.env && !spec.help.includes(`env[${spec.env}]`) ? `${spec.help} Defaults to env[${spec.env}].` : spec.help;
}
