/** md-tag-update: renames a tag of a namespace. */
import { CliError } from '../../../errors.js';
import { argument, defineCommand, text } from '../../definition.js';
import { metadefRecord } from '../shared.js';

export const command = defineCommand({
  name: 'md-tag-update',
  summary: 'Rename a metadata definitions tag inside a namespace.',
  examples: ['glance md-tag-update MyCorp::Storage ssd --name flash'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of the namespace to which the tag belongs.'),
    tag: argument('<TAG>', 'Name of the old tag.'),
  },
  options: {
    name: text('<NAME>', 'New name of the new tag.', { required: true }),
  },
  output: 'record',
  async run({ namespace, tag, name }, context) {
    const newName = (name as string).trim();
    if (!newName) {
      throw new CliError('Please supply at least one non-blank tag name.');
    }
    const metadefs = (await context.api()).v2('md-tag-update').metadefs;
    return metadefRecord(await metadefs.tags.rename(namespace, tag, newName, context.signal));
  },
});
