/** md-object-show: an object of a namespace, with the names of its property definitions. */
import { DEFAULT_MAX_COLUMN_WIDTH } from '../../../output/model.js';
import { argument, defineCommand, integerWithDefault } from '../../definition.js';
import { objectRecord } from '../shared.js';

export const command = defineCommand({
  name: 'md-object-show',
  summary: 'Describe a specific metadata definitions object inside a namespace.',
  examples: ['glance md-object-show OS::Software::DBMS MySQL', 'glance md-object-show OS::Software::DBMS MySQL -f json | jq .properties'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace the object belongs.'),
    object: argument('<OBJECT>', 'Name of an object.'),
  },
  options: {
    maxColumnWidth: integerWithDefault('<integer>', 'The max column width of the printed table.', DEFAULT_MAX_COLUMN_WIDTH),
  },
  output: 'record',
  async run({ namespace, object, maxColumnWidth }, context) {
    const metadefs = (await context.api()).v2('md-object-show').metadefs;
    return objectRecord(await metadefs.objects.get(namespace, object, context.signal), maxColumnWidth);
  },
});
