/** member-create: shares an image with a project. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import type { CommandOutput } from '../../output/render.js';
import { memberTable } from './shared.js';

export interface MemberCreateOptions {
  imageId: string;
  memberId: string;
}

export function memberCreateCommand(context: CommandContext, run = memberCreateRun): Command {
  return new Command('member-create')
    .description('Create member for a given image.')
    .argument('<IMAGE_ID>', 'Image with which to create member.')
    .argument('<MEMBER_ID>', 'Tenant to add as member.')
    .action(async (imageId: string, memberId: string) => {
      context.print(await run({ imageId, memberId }, context));
    });
}

export async function memberCreateRun(options: MemberCreateOptions, context: CommandContext): Promise<CommandOutput> {
  const glance = await context.glance();
  return memberTable([await glance.members.create(options.imageId, options.memberId, context.signal)]);
}
