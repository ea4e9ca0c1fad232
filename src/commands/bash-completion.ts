/**
 * bash-completion: the words completions/glance.bash offers. Without an argument, every
 * subcommand and every subcommand option (python-glanceclient's output); with a subcommand,
 * only that command's options and the global ones.
 */
import { Command, type Option } from 'commander';
import type { CommandContext } from '../context.js';

export function bashCompletionCommand(context: CommandContext, program: Command): Command {
  return new Command('bash-completion')
    .description('Prints arguments for bash_completion.')
    .argument('[subcommand]', 'Print only the options of this subcommand, and the global options.')
    .action((name: string | undefined) => {
      const words = new Set<string>();
      const chosen = program.commands.find((command) => command.name() === name);
      if (chosen) {
        addFlags(words, chosen.options);
        addFlags(words, program.options);
      } else {
        for (const command of program.commands) {
          if (command.name() !== 'bash-completion') {
            words.add(command.name());
            addFlags(words, command.options);
          }
        }
      }
      words.add('-h');
      words.add('--help');
      context.io.stdout.write(`${[...words].join(' ')}\n`);
    });
}

function addFlags(words: Set<string>, options: readonly Option[]): void {
  for (const option of options) {
    if (option.hidden) {
      continue;
    }
    for (const flag of [option.short, option.long]) {
      if (flag) {
        words.add(flag);
      }
    }
  }
}
