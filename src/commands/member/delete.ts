/** member-delete: stops sharing an image with a project. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { V1MembersApi } from '../../glance/v1/members.js';

export interface MemberDeleteOptions {
  imageId: string;
  memberId: string;
}

export function memberDeleteCommand(context: CommandContext, run = memberDeleteRun): Command {
  return new Command('member-delete')
    .description('Delete image member.')
    .argument('<IMAGE_ID>', 'Image from which to remove member.')
    .argument('<MEMBER_ID>', 'Tenant to remove as member.')
    .action(async (imageId: string, memberId: string) => {
      await run({ imageId, memberId }, context);
    });
}

export async function memberDeleteRun(options: MemberDeleteOptions, context: CommandContext): Promise<void> {
  const glance = await context.glance();
  if ((await context.images()).apiVersion === 1) {
    await new V1MembersApi(glance.transport).remove(options.imageId, options.memberId, context.signal);
    return;
  }
  await glance.members.delete(options.imageId, options.memberId, context.signal);
}
