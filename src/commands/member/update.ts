/** member-update: a member accepts, rejects or defers an image shared with it. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { MEMBER_STATUSES } from '../../glance/members.js';
import type { CommandOutput } from '../../output/render.js';
import { parseChoice } from '../parsers.js';
import { memberTable } from './shared.js';

export interface MemberUpdateOptions {
  imageId: string;
  memberId: string;
  status: string;
}

export function memberUpdateCommand(context: CommandContext, run = memberUpdateRun): Command {
  return new Command('member-update')
    .description('Update the status of a member for a given image.')
    .argument('<IMAGE_ID>', 'Image from which to update member.')
    .argument('<MEMBER_ID>', 'Tenant to update.')
    .argument('<MEMBER_STATUS>', `Updated status of member. Valid Values: ${MEMBER_STATUSES.join(', ')}`, parseChoice(MEMBER_STATUSES))
    .action(async (imageId: string, memberId: string, status: string) => {
      context.print(await run({ imageId, memberId, status }, context));
    });
}

export async function memberUpdateRun(options: MemberUpdateOptions, context: CommandContext): Promise<CommandOutput> {
  const glance = await context.glance();
  return memberTable([await glance.members.update(options.imageId, options.memberId, options.status, context.signal)]);
}
