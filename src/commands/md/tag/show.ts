/** md-tag-show: one tag of a namespace. */
import { argument, defineCommand } from '../../definition.js';
import { metadefRecord } from '../shared.js';

export const command = defineCommand({
  name: 'md-tag-show',
  summary: 'Describe a specific metadata definitions tag inside a namespace.',
  examples: ['glance md-tag-show MyCorp::Storage ssd'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of the namespace to which the tag belongs.'),
    tag: argument('<TAG>', 'Name of the tag.'),
  },
  output: 'record',
  async run({ namespace, tag }, context) {
    const metadefs = (await context.api()).v2('md-tag-show').metadefs;
    return metadefRecord(await metadefs.tags.get(namespace, tag, context.signal));
  },
});
