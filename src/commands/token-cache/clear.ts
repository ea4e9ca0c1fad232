/** token-cache-clear (also `glance token-cache clear`): removes every cached token. */
import { Argument, Command } from 'commander';
import type { CommandContext } from '../../context.js';

export function tokenCacheClearCommand(context: CommandContext, run = tokenCacheClearRun): Command {
  return new Command('token-cache-clear')
    .description('Remove every cached token, from the OS keyring and from the cache file directory.')
    .action(async () => {
      await run(context);
    });
}

/** The spaced form of the issue and the README: `glance token-cache clear`. */
export function tokenCacheCommand(context: CommandContext, run = tokenCacheClearRun): Command {
  return new Command('token-cache')
    .description('The token cache: "glance token-cache clear" removes every cached token.')
    .addArgument(new Argument('<action>', 'What to do.').choices(['clear']))
    .action(async () => {
      await run(context);
    });
}

export async function tokenCacheClearRun(context: CommandContext): Promise<void> {
  const report = await context.clearTokenCache();
  const total = report.keyring + report.files;
  const parts = [`${report.keyring} from the OS keyring`];
  if (report.directory) {
    parts.push(`${report.files} from ${report.directory}`);
  }
  context.io.stdout.write(`Removed ${total} cached token${total === 1 ? '' : 's'} (${parts.join(', ')}).\n`);
  if (report.keyringProblem) {
    context.warn(`The OS keyring could not be searched: ${report.keyringProblem}`);
  }
}
