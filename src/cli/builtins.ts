/**
 * The commands about the command line itself: `help [COMMAND]` and `bash-completion` (also
 * spelled `bash_completion`) as python-glanceclient has them, `completion SHELL`, and the hidden
 * `__complete images` the completion scripts call. Declared as the other commands are; none of
 * them logs in or sends a request.
 */
import { argument, defineCommand, optionalArgument, type AnyCommand } from '../commands/definition.js';
import { COMMANDS } from '../commands/registry.js';
import type { CommandContext } from '../context.js';
import { UsageError } from '../errors.js';
import type { RecordResult } from '../output/model.js';

/** The shells `glance completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

/** Text for stdout, as a command returns it. */
function text(value: string): RecordResult {
  return { kind: 'record', data: {}, text: value };
}

export const BUILTIN_COMMANDS: Readonly<Record<string, AnyCommand>> = {
  'bash-completion': defineCommand({
    name: 'bash-completion',
    summary: 'Prints arguments for bash_completion.',
    description:
      'Prints all of the commands and options to stdout so that the glance.bash_completion script does not have to hard code them. ' +
      'With a command, its options and the global ones. `glance completion bash` writes a complete script instead.',
    examples: ['glance bash-completion'],
    arguments: {
      command: optionalArgument('<subcommand>', 'Only the options of this command, and the global ones.', { complete: 'command', hidden: true }),
    },
    async run({ command }) {
      const { bashCompletionWords } = await import('./completion.js');
      return text(`${(await bashCompletionWords(command)).join(' ')}\n`);
    },
  }),
  completion: defineCommand({
    name: 'completion',
    summary: 'Print a completion script for bash, zsh or fish.',
    description:
      'The script completes commands, options, the values of options that have a fixed set of them, file names, and image ids: those of ' +
      'the last image-list run with the same credentials in the last 10 minutes, read from a local file (no request, no password prompt).',
    examples: [
      'source <(glance completion bash)',
      'glance completion zsh > ~/.zfunc/_glance',
      'glance completion fish > ~/.config/fish/completions/glance.fish',
    ],
    arguments: {
      shell: argument('<SHELL>', 'bash, zsh or fish.', { choices: SHELLS }),
    },
    async run({ shell }) {
      const { completionScript } = await import('./completion.js');
      return text(await completionScript(shell as Shell));
    },
  }),
  help: defineCommand({
    name: 'help',
    summary: 'Display help about this program or one of its subcommands.',
    examples: ['glance help image-create', 'glance image-create --help'],
    arguments: {
      command: optionalArgument('<subcommand>', 'Display help for <subcommand>.', { complete: 'command' }),
    },
    async run({ command }, context) {
      const { commandHelp, programHelp, availableIn } = await import('./help.js');
      const version = context.settings().imageApiRequested;
      if (command === undefined) {
        return text(await programHelp({ columns: context.io.columns, version, helpCommand: true }));
      }
      const definition = await findCommand(command);
      if (!definition || definition.hidden) {
        const { unknownCommand } = await import('./program.js');
        throw unknownCommand(command);
      }
      if (!availableIn(definition, version)) {
        throw new UsageError(`'${command}' is not a command of the Image API v${version}: see "glance --os-image-api-version ${version} help".`);
      }
      return text(commandHelp(definition, context.io.columns));
    },
  }),
  '__complete': defineCommand({
    name: '__complete',
    summary: 'Print what a completion script offers (image ids from the last image-list).',
    hidden: true,
    arguments: {
      what: argument('<WHAT>', 'images', { choices: ['images'] }),
    },
    async run(_input, context) {
      return text(await imageChoices(context));
    },
  }),
};

/** Other spellings, which help does not list. */
const BUILTIN_ALIASES: Readonly<Record<string, string>> = { bash_completion: 'bash-completion' };

export function builtinCommand(name: string): AnyCommand | undefined {
  return BUILTIN_COMMANDS[BUILTIN_ALIASES[name] ?? name];
}

/** A registry command or a built-in, by name. */
export async function findCommand(name: string): Promise<AnyCommand | undefined> {
  const load = COMMANDS[name];
  return load ? (await load()).command : builtinCommand(name);
}

/** `id<TAB>name` lines of the last image-list; nothing at all when anything is wrong (completion must stay quiet). */
async function imageChoices(context: CommandContext): Promise<string> {
  try {
    const { imageChoiceLines } = await import('./image-completions.js');
    return imageChoiceLines(await context.rememberedImages());
  } catch {
    return '';
  }
}
