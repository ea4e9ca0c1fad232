/** member-list: who an image is shared with. */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import type { CommandOutput } from '../../output/render.js';
import { memberTable } from './shared.js';

export interface MemberListOptions {
  imageId: string;
}

export function memberListCommand(context: CommandContext, run = memberListRun): Command {
  return new Command('member-list')
    .description('Describe sharing permissions by image.')
    .addOption(new Option('--image-id <IMAGE_ID>', 'Image to display members of.').makeOptionMandatory())
    .action(async (options: { imageId: string }) => {
      context.print(await run({ imageId: options.imageId }, context));
    });
}

export async function memberListRun(options: MemberListOptions, context: CommandContext): Promise<CommandOutput> {
  const glance = await context.glance();
  return memberTable(await glance.members.list(options.imageId, context.signal));
}
