/**
 * The commands about the command line itself, as python-glanceclient has them: `help [COMMAND]`
 * and `bash-completion` (also spelled `bash_completion`). They never authenticate.
 */
import { flagsOf } from '../commands/definition.js';
import { COMMANDS, type CommandLoader } from '../commands/registry.js';
import { GLOBAL_OPTIONS, type GlobalOptionSpec } from '../config/options.js';
import type { CommandContext } from '../context.js';

export interface Builtin {
  /** The first is the one help lists. */
  names: readonly string[];
  summary: string;
  /** Text for stdout. */
  run(words: readonly string[], context: CommandContext): Promise<string>;
}

export const BUILTIN_COMMANDS: readonly Builtin[] = [
  {
    names: ['bash-completion', 'bash_completion'],
    summary: 'Prints arguments for bash_completion.',
    async run(words) {
      const wordsOut = new Set<string>();
      const add = (flags: readonly string[]): void => {
        for (const flag of flags) {
          wordsOut.add(flag);
        }
      };
      const only = words[0];
      const { optionsOf } = await import('./program.js');
      const names = only !== undefined && only in COMMANDS ? [only] : Object.keys(COMMANDS);
      for (const name of names) {
        const module = await (COMMANDS[name] as CommandLoader)();
        if (only === undefined) {
          wordsOut.add(name);
        }
        for (const [key, spec] of optionsOf(module.command)) {
          if (!spec.hidden) {
            add(flagsOf(key, spec));
          }
        }
      }
      if (only !== undefined && only in COMMANDS) {
        for (const spec of GLOBAL_OPTIONS as readonly GlobalOptionSpec[]) {
          if (!spec.hidden) {
            add(spec.flags);
          }
        }
      }
      add(['-h', '--help']);
      return `${[...wordsOut].join(' ')}\n`;
    },
  },
  {
    names: ['help'],
    summary: 'Display help about this program or one of its subcommands.',
    async run(words, context) {
      const { commandHelp, programHelp } = await import('./help.js');
      const name = words[0];
      if (name === undefined) {
        return programHelp(context, context.io.columns);
      }
      const load = COMMANDS[name];
      if (!load) {
        const { unknownCommand } = await import('./program.js');
        throw unknownCommand(name);
      }
      return commandHelp((await load()).command, context.io.columns);
    },
  },
];
