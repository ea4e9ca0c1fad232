/**
 * Shell completion, from the one declaration of each command: what `glance completion SHELL`
 * writes into a script for bash, zsh or fish. The scripts hold every command, option and fixed
 * choice; only image ids are looked up when TAB is pressed, and then in the local list the last
 * image-list left (`glance __complete images`), never on the network.
 */
import { flagsOf, type ArgumentSpec, type Completion, type OptionSpec } from '../commands/definition.js';
import { AUTH_TYPE_NAMES, GLOBAL_OPTIONS, type GlobalKey, type GlobalOptionSpec } from '../config/options.js';
import { LIST_FORMATS } from '../output/print.js';
import type { Shell } from './builtins.js';
import { bashScript } from './completion-bash.js';
import { fishScript } from './completion-fish.js';
import { zshScript } from './completion-zsh.js';
import { listedCommands, type HelpSubject } from './help.js';
import { outputOptionsFor } from './output-options.js';

export { SHELLS, type Shell } from './builtins.js';

/** An option as a completing shell sees it. */
/** The end of every script's header: where image ids come from, and what TAB never does. */
export const IMAGE_IDS_NOTE = `# Image ids come from \`glance __complete images\`: the images the last \`glance image-list\` showed
# for the same cloud, user and project in the last 10 minutes, kept in a file readable by you
# only. Nothing is sent to the cloud and no password is asked for when TAB is pressed.`;

export interface CompletedOption {
  flags: readonly string[];
  /** One line for the shells that show one (zsh, fish). */
  description: string;
  /** What its value completes to; undefined for a flag, which takes no value. */
  value?: Completion;
}

export interface CompletedCommand {
  name: string;
  summary: string;
  options: CompletedOption[];
  /** What each positional argument completes to, in order. */
  arguments: Completion[];
  /** The last argument takes every remaining word. */
  variadic: boolean;
}

export interface CompletionModel {
  globals: CompletedOption[];
  commands: CompletedCommand[];
}

const HELP_OPTION: CompletedOption = { flags: ['-h', '--help'], description: 'Show this help and exit' };
const INTERFACES = ['public', 'internal', 'admin'];

/** What the values of the global options complete to; the rest take free text. */
const GLOBAL_VALUES: Partial<Record<GlobalKey, Completion>> = {
  osImageApiVersion: ['1', '2'],
  osEndpointType: INTERFACES,
  osInterface: INTERFACES,
  osAuthType: Object.keys(AUTH_TYPE_NAMES),
  osCacert: 'file',
  osCert: 'file',
  osKey: 'file',
};

/** Every visible command (both API versions' and the built-ins) with its options and arguments. */
export async function completionModel(): Promise<CompletionModel> {
  const globals = (GLOBAL_OPTIONS as readonly GlobalOptionSpec[])
    .filter((spec) => !spec.hidden && spec.flags.length > 0)
    .map((spec): CompletedOption => ({
      flags: spec.flags,
      description: firstSentence(spec.help),
      value: spec.metavar === undefined ? undefined : (GLOBAL_VALUES[spec.key as GlobalKey] ?? 'none'),
    }));
  const commands = new Map<string, CompletedCommand>();
  for (const version of [2, 1] as const) {
    for (const command of await listedCommands(version)) {
      if (!commands.has(command.name)) {
        commands.set(command.name, completedCommand(command));
      }
    }
  }
  return {
    globals: [...globals, { flags: ['--version'], description: "Show the program's version number and exit" }, HELP_OPTION],
    commands: [...commands.values()],
  };
}

function completedCommand(command: HelpSubject): CompletedCommand {
  const own = Object.entries(command.options ?? {}).filter((entry): entry is [string, OptionSpec] => entry[1].kind === 'option');
  const options = [...own, ...outputOptionsFor(command)]
    .filter(([, spec]) => !spec.hidden)
    .map(([key, spec]): CompletedOption => {
      // A list has no one set of shell variables: -f shell is refused there.
      const choices = key === 'format' && command.output === 'list' ? LIST_FORMATS : undefined;
      return {
        flags: flagsOf(key, spec),
        description: firstSentence(spec.help),
        value: spec.metavar === undefined || spec.optionalValue ? undefined : (choices ?? valueCompletion(spec)),
      };
    });
  const positional = Object.values(command.arguments ?? {}).filter((spec): spec is ArgumentSpec => spec.kind === 'argument' && !spec.hidden);
  return {
    name: command.name,
    summary: firstSentence(command.summary),
    options: [...options, HELP_OPTION],
    arguments: positional.map(valueCompletion),
    variadic: positional.at(-1)?.variadic === true,
  };
}

function valueCompletion(spec: ArgumentSpec | OptionSpec): Completion {
  return spec.complete ?? spec.choices ?? 'none';
}

/** The help's first sentence, for a one-line description. */
function firstSentence(text: string): string {
  const sentence = /^.*?[.;](?=\s|$)/s.exec(text)?.[0] ?? text;
  return sentence
    .replace(/\s*Valid values:.*$/s, '')
    .replace(/\s+/g, ' ')
    .replace(/[.;]$/, '')
    .trim();
}

/** The completion script for a shell. */
export async function completionScript(shell: Shell): Promise<string> {
  const model = await completionModel();
  const scripts: Record<Shell, (model: CompletionModel) => string> = { bash: bashScript, zsh: zshScript, fish: fishScript };
  return scripts[shell](model);
}

/**
 * The branches of the `case` in a bash or zsh script's _glance_spec: '' for the global options,
 * then one per command; `branch` writes the assignments of one, given its options, the options
 * that take a value as OPTION=COMPLETION words, and its arguments' completions (`...` after the
 * last when it takes every remaining word).
 */
export function specCases(model: CompletionModel, branch: (options: readonly CompletedOption[], values: string, argumentsWords: string) => string[]): string[] {
  const lines = (options: readonly CompletedOption[], argumentsWords: string): string[] => [...branch(options, valueWords(options), argumentsWords), '      ;;'];
  return [
    "    '')",
    ...lines(model.globals, ''),
    ...model.commands.flatMap((command) => [
      `    ${command.name})`,
      ...lines(command.options, `${command.arguments.map(completionWord).join(' ')}${command.variadic ? '...' : ''}`),
    ]),
  ];
}

/** `--disk-format=values:ami,ari,... --file=file`: each option that takes a value, with what the value completes to. */
export function valueWords(options: readonly CompletedOption[]): string {
  return options.flatMap((option) => (option.value === undefined ? [] : option.flags.map((flag) => `${flag}=${completionWord(option.value!)}`))).join(' ');
}

/** A value completion as the scripts encode it: `file`, `image`, ... or `values:a,b,c`. */
function completionWord(completion: Completion): string {
  if (typeof completion === 'string') {
    return completion;
  }
  const safe = completion.filter((value) => /^[\w.+-]+$/.test(value));
  return safe.length > 0 ? `values:${safe.join(',')}` : 'none';
}

/**
 * `glance bash-completion [COMMAND]`, python-glanceclient's word list: every command (but
 * bash-completion itself) and every option of every command; with a command, its options and the
 * global ones.
 */
export async function bashCompletionWords(only?: string): Promise<string[]> {
  const model = await completionModel();
  const target = model.commands.find((command) => command.name === only);
  const words = target
    ? [...target.options, ...model.globals].flatMap((option) => option.flags)
    : model.commands.filter((command) => command.name !== 'bash-completion').flatMap((command) => [command.name, ...command.options.flatMap((option) => option.flags)]);
  return [...new Set(words)];
}
