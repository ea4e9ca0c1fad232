/** member-get: one member of an image, as a property table. */
import { argument, defineCommand } from '../definition.js';

export const command = defineCommand({
  name: 'member-get',
  summary: 'Show details of an image member',
  examples: ['glance member-get "$ID" "$PROJECT_ID"', 'glance member-get "$ID" "$PROJECT_ID" -f value -c status'],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'Image from which to display member.', { complete: 'image' }),
    memberId: argument('<MEMBER_ID>', 'Project to display.'),
  },
  output: 'record',
  apiVersions: [2],
  async run({ imageId, memberId }, context) {
    const api = await context.api();
    return { kind: 'record', data: await api.v2('member-get').members.get(imageId, memberId, context.signal) };
  },
});
