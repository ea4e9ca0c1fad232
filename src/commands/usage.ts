/** usage: the project's image quotas and what it uses of them (Keystone unified limits). */
import { defineCommand } from './definition.js';

export const command = defineCommand({
  name: 'usage',
  summary: 'Get quota usage information.',
  description: 'Sizes are in MiB. The table is empty on a cloud that does not enforce Keystone unified limits (use_keystone_limits).',
  examples: ['glance usage', 'glance usage -f json'],
  apiVersions: [2],
  output: 'list',
  async run(_input, context) {
    const { info } = (await context.api()).v2('usage');
    const usage = await info.usage(context.signal);
    return {
      kind: 'list',
      columns: [{ label: 'Quota' }, { label: 'Limit' }, { label: 'Usage' }],
      // print_dict_list of each resource's record with its name added, in Glance's order.
      rows: Object.entries(usage).map(([quota, values]) => ({ ...values, quota })),
      cells: 'print_dict_list',
    };
  },
});
