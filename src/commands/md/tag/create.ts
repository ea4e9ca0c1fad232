/** md-tag-create: one tag in a namespace. */
import { CliError } from '../../../errors.js';
import { argument, defineCommand, text } from '../../definition.js';
import { metadefRecord } from '../shared.js';

export const command = defineCommand({
  name: 'md-tag-create',
  summary: 'Add a new metadata definitions tag inside a namespace.',
  examples: ['glance md-tag-create MyCorp::Storage --name ssd'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of the namespace the tag will belong to.'),
  },
  options: {
    name: text('<NAME>', 'The name of the new tag to add.', { required: true }),
  },
  output: 'record',
  async run({ namespace, name }, context) {
    const tag = (name as string).trim();
    if (!tag) {
      throw new CliError('Please supply at least one non-blank tag name.');
    }
    const metadefs = (await context.api()).v2('md-tag-create').metadefs;
    return metadefRecord(await metadefs.tags.create(namespace, tag, context.signal));
  },
});
