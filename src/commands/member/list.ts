/** member-list: who an image is shared with (v1 also: what is shared with a tenant). */
import { Command } from 'commander';
import { v1Requested, type CommandContext } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import { V1MembersApi } from '../../glance/v1/members.js';
import type { CommandOutput } from '../../output/render.js';
import { memberTable, v1MemberTable } from './shared.js';

export interface MemberListOptions {
  imageId?: string;
  /** v1 only: the images shared with this tenant. */
  tenantId?: string;
}

export function memberListCommand(context: CommandContext, run = memberListRun): Command {
  return new Command('member-list')
    .description('Describe sharing permissions by image.')
    .option('--image-id <IMAGE_ID>', 'Image to display members of.')
    .option('--tenant-id <TENANT_ID>', 'v1: filter by tenant ID.')
    .action(async (options: MemberListOptions) => {
      context.print(await run(options, context));
    });
}

export async function memberListRun(options: MemberListOptions, context: CommandContext): Promise<CommandOutput> {
  // Only a user asking for v1 may leave out --image-id: v2 says so before logging in.
  if (!options.imageId && !v1Requested(context.settings())) {
    throw new UsageError('the following arguments are required: --image-id', 'glance member-list --image-id <IMAGE_ID>');
  }
  const images = await context.images();
  if (images.apiVersion === 1) {
    const members = new V1MembersApi((await context.glance()).transport);
    if (options.imageId && options.tenantId) {
      throw new CliError('Unable to filter members by both --image-id and --tenant-id.');
    }
    if (options.tenantId) {
      return v1MemberTable(await members.listByTenant(options.tenantId, context.signal));
    }
    if (!options.imageId) {
      throw new CliError('Unable to list all members. Specify --image-id or --tenant-id');
    }
    return v1MemberTable(await members.listByImage(options.imageId, context.signal));
  }
  const glance = await context.glance();
  return memberTable(await glance.members.list(options.imageId as string, context.signal));
}
