/** import-info: the import methods the cloud offers. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';
import type { CommandOutput } from '../../output/render.js';

export function importInfoCommand(context: CommandContext, run = importInfoRun): Command {
  return new Command('import-info').description('Print import methods available from Glance.').action(async () => {
    context.print(await run(context));
  });
}

export async function importInfoRun(context: CommandContext): Promise<CommandOutput> {
  const glance = await context.glance();
  try {
    return { kind: 'properties', properties: await glance.info.importInfo(context.signal) };
  } catch (error) {
    if (error instanceof GlanceError && error.status === 404) {
      throw new CliError('Target Glance does not support Image Import workflow');
    }
    throw error;
  }
}
