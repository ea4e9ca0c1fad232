/** member-get: one member of an image, as a property table. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import type { CommandOutput } from '../../output/render.js';

export interface MemberGetOptions {
  imageId: string;
  memberId: string;
}

export function memberGetCommand(context: CommandContext, run = memberGetRun): Command {
  return new Command('member-get')
    .description('Show details of an image member')
    .argument('<IMAGE_ID>', 'Image from which to display member.')
    .argument('<MEMBER_ID>', 'Project to display.')
    .action(async (imageId: string, memberId: string) => {
      context.print(await run({ imageId, memberId }, context));
    });
}

export async function memberGetRun(options: MemberGetOptions, context: CommandContext): Promise<CommandOutput> {
  const glance = await context.glance();
  return { kind: 'properties', properties: await glance.members.get(options.imageId, options.memberId, context.signal) };
}
