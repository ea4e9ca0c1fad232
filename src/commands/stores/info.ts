/** stores-info: the stores of a multi-store cloud; --detail (admin) adds their type and settings. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';
import type { CommandOutput } from '../../output/render.js';

export interface StoresInfoOptions {
  detail: boolean;
}

export function storesInfoCommand(context: CommandContext, run = storesInfoRun): Command {
  return new Command('stores-info')
    .description('Print available backends from Glance.')
    .option('--detail', 'Shows details of stores. Admin only.')
    .action(async (raw: { detail?: boolean }) => {
      context.print(await run({ detail: raw.detail === true }, context));
    });
}

export async function storesInfoRun(options: StoresInfoOptions, context: CommandContext): Promise<CommandOutput> {
  const glance = await context.glance();
  try {
    const info = options.detail ? await glance.info.storesDetail(context.signal) : await glance.info.storesInfo(context.signal);
    return { kind: 'properties', properties: info };
  } catch (error) {
    if (error instanceof GlanceError && error.status === 404) {
      throw new CliError('Multi Backend support is not enabled');
    }
    throw error;
  }
}
