/** member-list: who an image is shared with (v1 also: what is shared with a tenant). */
import { UsageError } from '../../errors.js';
import { defineCommand, text } from '../definition.js';
import { memberList } from './shared.js';

export const command = defineCommand({
  name: 'member-list',
  summary: 'Describe sharing permissions by image.',
  examples: ['glance member-list --image-id "$ID"', 'glance member-list --image-id "$ID" -f value -c "Member ID"'],
  options: {
    imageId: text('<IMAGE_ID>', 'Image to display members of.', { complete: 'image' }),
    tenantId: text('<TENANT_ID>', 'v1: filter by tenant ID.'),
  },
  output: 'list',
  async run({ imageId, tenantId }, context) {
    // v2 needs --image-id and says so before logging in; v1 may list by tenant instead.
    if (!imageId && context.settings().imageApiRequested !== 1) {
      throw new UsageError('the following arguments are required: --image-id', 'glance member-list --image-id <IMAGE_ID>');
    }
    const api = await context.api();
    return memberList(await api.members.list({ imageId, tenantId }, context.signal), api.version);
  },
});
