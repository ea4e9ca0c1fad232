/**
 * `glance help`, `glance help CMD` and `CMD --help`, from the definitions and the global option
 * table, laid out as python-glanceclient's argparse help.
 */
import { flagsOf, type AnyCommand, type ArgumentSpec, type OptionSpec } from '../commands/definition.js';
import { COMMANDS } from '../commands/registry.js';
import { GLOBAL_OPTIONS, type GlobalOptionSpec } from '../config/options.js';
import type { CommandContext } from '../context.js';
import { BUILTIN_COMMANDS } from './builtins.js';
import { formatSections, formatUsage, type HelpItem, type HelpSection } from './help-format.js';
import { outputOptionsFor } from './output-options.js';

export const DEFAULT_COLUMNS = 80;

const DESCRIPTION = 'Command-line interface to the OpenStack Images API.';
const GROUP_DESCRIPTIONS: Record<string, string> = {
  'API Connection Options': 'Options controlling the HTTP API Connections',
  'Authentication Options': 'Options specific to the password plugin.',
};

/** A command as help lists it. */
export interface CommandSummary {
  name: string;
  summary: string;
}

/** Every command the registry and the built-ins offer, loaded, in name order; built-ins last, as argparse adds them. */
export async function commandSummaries(context: CommandContext): Promise<CommandSummary[]> {
  const loaded = await Promise.all(
    Object.entries(COMMANDS).map(async ([name, load]): Promise<CommandSummary | undefined> => {
      const { command } = await load();
      return command.hidden ? undefined : { name, summary: command.summary };
    }),
  );
  const listed = loaded.filter((entry): entry is CommandSummary => entry !== undefined).sort((a, b) => (a.name < b.name ? -1 : 1));
  return [...listed, ...BUILTIN_COMMANDS.map((builtin) => ({ name: builtin.names[0] as string, summary: builtin.summary }))];
}

export async function programHelp(context: CommandContext, columns = DEFAULT_COLUMNS): Promise<string> {
  const visible = (GLOBAL_OPTIONS as readonly GlobalOptionSpec[]).filter((spec) => !spec.hidden && spec.flags.length > 0);
  const usageParts = ['[--version]', ...visible.map((spec) => `[${spec.flags[0]}${spec.metavar ? ` ${spec.metavar}` : ''}]`)];
  const commands = await commandSummaries(context);
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
  return (
    `${formatUsage('glance', usageParts, ['<subcommand> ...'], columns)}\n${DESCRIPTION}\n\n${formatSections(sections, columns)}\n` +
    'See "glance help COMMAND" for help on a specific command.\n'
  );
}

/** The `usage:` text of a command without its `usage: ` prefix (for error messages, which add it). */
export function commandUsage(definition: AnyCommand, columns = DEFAULT_COLUMNS): string {
  return formatUsage(`glance ${definition.name}`, optionUsageParts(definition), argumentUsageParts(definition), columns)
    .replace(/^usage: /, '')
    .replace(/\n$/, '');
}

export function commandHelp(definition: AnyCommand, columns = DEFAULT_COLUMNS): string {
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
  const about = [definition.summary, ...(definition.description ? [definition.description] : [])].join('\n\n');
  const examples = definition.examples?.length ? `\nExamples:\n${definition.examples.map((example) => `  ${example}\n`).join('')}` : '';
  return `usage: ${commandUsage(definition, columns)}\n\n${about}\n${sections.length > 0 ? `\n${formatSections(sections, columns)}` : ''}${examples}`;
}

function visibleArguments(definition: AnyCommand): [string, ArgumentSpec][] {
  return Object.entries(definition.arguments ?? {}).filter((entry): entry is [string, ArgumentSpec] => entry[1].kind === 'argument' && !entry[1].hidden);
}

function visibleOptions(definition: AnyCommand): [string, OptionSpec][] {
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

function optionUsageParts(definition: AnyCommand): string[] {
  return visibleOptions(definition).map(([key, spec]) => {
    const part = `${flagsOf(key, spec)[0] as string}${valueUsage(spec)}`;
    return spec.required ? part : `[${part}]`;
  });
}

function argumentUsageParts(definition: AnyCommand): string[] {
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
