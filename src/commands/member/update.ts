/** member-update: a member accepts, rejects or defers an image shared with it. */
import { MEMBER_STATUSES } from '../../glance/members.js';
import { argument, defineCommand } from '../definition.js';
import { memberList } from './shared.js';

export const command = defineCommand({
  name: 'member-update',
  summary: 'Update the status of a member for a given image.',
  examples: ['glance member-update "$ID" "$PROJECT_ID" accepted', 'glance member-update "$ID" "$PROJECT_ID" rejected -f value -c Status'],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'Image from which to update member.', { complete: 'image' }),
    memberId: argument('<MEMBER_ID>', 'Tenant to update.'),
    status: argument('<MEMBER_STATUS>', `Updated status of member. Valid Values: ${MEMBER_STATUSES.join(', ')}`, { choices: MEMBER_STATUSES }),
  },
  output: 'list',
  apiVersions: [2],
  async run({ imageId, memberId, status }, context) {
    const api = await context.api();
    return memberList([await api.v2('member-update').members.update(imageId, memberId, status, context.signal)], api.version);
  },
});
