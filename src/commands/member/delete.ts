/** member-delete: stops sharing an image with a project. */
import { argument, defineCommand } from '../definition.js';

export const command = defineCommand({
  name: 'member-delete',
  summary: 'Delete image member.',
  examples: ['glance member-delete "$ID" "$PROJECT_ID"'],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'Image from which to remove member.', { complete: 'image' }),
    memberId: argument('<MEMBER_ID>', 'Tenant to remove as member.'),
  },
  async run({ imageId, memberId }, context) {
    const api = await context.api();
    await api.members.delete(imageId, memberId, context.signal);
  },
});
