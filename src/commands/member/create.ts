/** member-create: shares an image with a project. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import type { CommandOutput } from '../../output/render.js';
import { V1MembersApi } from '../../glance/v1/members.js';
import { memberTable } from './shared.js';

export interface MemberCreateOptions {
  imageId: string;
  memberId: string;
  /** v1 only: the member may share the image further. */
  canShare?: boolean;
}

export function memberCreateCommand(context: CommandContext, run = memberCreateRun): Command {
  return new Command('member-create')
    .description('Create member for a given image.')
    .argument('<IMAGE_ID>', 'Image with which to create member.')
    .argument('<MEMBER_ID>', 'Tenant to add as member.')
    .option('--can-share', 'v1: allow the specified tenant to share this image.')
    .action(async (imageId: string, memberId: string, options: { canShare?: boolean }) => {
      const output = await run({ imageId, memberId, canShare: options.canShare }, context);
      if (output) {
        context.print(output);
      }
    });
}

export async function memberCreateRun(options: MemberCreateOptions, context: CommandContext): Promise<CommandOutput | undefined> {
  const glance = await context.glance();
  if ((await context.images()).apiVersion === 1) {
    // v1's member-create printed nothing.
    await new V1MembersApi(glance.transport).add(options.imageId, options.memberId, options.canShare === true, context.signal);
    return undefined;
  }
  return memberTable([await glance.members.create(options.imageId, options.memberId, context.signal)]);
}
