/** member-create: shares an image with a project. */
import { argument, defineCommand, flag } from '../definition.js';
import { memberList } from './shared.js';

export const command = defineCommand({
  name: 'member-create',
  summary: 'Create member for a given image.',
  examples: ['glance member-create "$ID" "$PROJECT_ID"', 'glance member-create "$ID" "$PROJECT_ID" -f value -c Status'],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'Image with which to create member.', { complete: 'image' }),
    memberId: argument('<MEMBER_ID>', 'Tenant to add as member.'),
  },
  options: {
    canShare: flag('v1: allow the specified tenant to share this image.'),
  },
  output: 'list',
  async run({ imageId, memberId, canShare }, context) {
    const api = await context.api();
    const member = await api.members.create(imageId, memberId, { canShare }, context.signal);
    // v1 answers with nothing, and its member-create printed nothing.
    return member && memberList([member], api.version);
  },
});
