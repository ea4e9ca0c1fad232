/** credential-store-delete (also `glance credential-store delete`): removes the current identity's entry from the OS keyring. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';

export function credentialStoreDeleteCommand(context: CommandContext, run = credentialStoreDeleteRun): Command {
  return new Command('credential-store-delete')
    .description('Remove the password (or application credential secret) of the current identity from the OS keyring.')
    .action(async () => {
      await run(context);
    });
}

export async function credentialStoreDeleteRun(context: CommandContext): Promise<void> {
  const entry = context.credentialStore();
  const removed = await entry.remove();
  context.io.stdout.write(
    removed
      ? `Removed the ${entry.kind} of ${entry.description} from the OS keyring.\n`
      : `The OS keyring holds no ${entry.kind} of ${entry.description}; nothing to remove.\n`,
  );
}
