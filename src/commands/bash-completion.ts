/** bash-completion: every subcommand and every subcommand option, for completions/glance.bash. */
import { Command } from 'commander';
import type { CommandContext } from '../context.js';

export function bashCompletionCommand(context: CommandContext, program: Command): Command {
  return new Command('bash-completion')
    .description('Prints arguments for bash_completion.')
    .action(() => {
      const words = new Set<string>();
      for (const command of program.commands) {
        if (command.name() === 'bash-completion') {
          continue;
        }
        words.add(command.name());
        for (const option of command.options) {
          for (const flag of [option.short, option.long]) {
            if (flag) {
              words.add(flag);
            }
          }
        }
      }
      words.add('-h');
      words.add('--help');
      context.io.stdout.write(`${[...words].join(' ')}\n`);
    });
}
