/** md-tag-create-multiple: sets (or, with --append, adds to) a namespace's tags in one request. */
import { CliError } from '../../../errors.js';
import { argument, defineCommand, flag, text } from '../../definition.js';

export const command = defineCommand({
  name: 'md-tag-create-multiple',
  summary: 'Create new metadata definitions tags inside a namespace.',
  examples: ['glance md-tag-create-multiple MyCorp::Storage --names ssd,nvme', 'glance md-tag-create-multiple MyCorp::Storage --names "hdd;tape" --delim ";" --append'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of the namespace the tags will belong to.'),
  },
  options: {
    names: text('<NAMES>', 'A comma separated list of tag names.', { required: true }),
    delim: text('<DELIM>', 'The delimiter used to separate the names (if none is provided then the default is a comma).'),
    append: flag('Append the new tags to the existing ones instead of overwriting them.'),
  },
  output: 'list',
  async run({ namespace, names, delim, append }, context) {
    const tags = (names as string)
      .split(delim || ',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    if (tags.length === 0) {
      throw new CliError('Please supply at least one tag name. For example: --names Tag1');
    }
    const metadefs = (await context.api()).v2('md-tag-create-multiple').metadefs;
    const rows = await metadefs.tags.createMany(namespace, tags, { append, signal: context.signal });
    return { kind: 'list', columns: [{ label: 'name' }], rows };
  },
});
