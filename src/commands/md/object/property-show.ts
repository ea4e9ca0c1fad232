/** md-object-property-show: one property definition inside an object. */
import { CliError } from '../../../errors.js';
import { DEFAULT_MAX_COLUMN_WIDTH } from '../../../output/model.js';
import { argument, defineCommand, integerWithDefault } from '../../definition.js';
import { metadefRecord } from '../shared.js';

export const command = defineCommand({
  name: 'md-object-property-show',
  summary: 'Describe a specific metadata definitions property inside an object.',
  examples: ['glance md-object-property-show OS::Software::DBMS MySQL sw_database_mysql_version'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace the object belongs.'),
    object: argument('<OBJECT>', 'Name of an object.'),
    property: argument('<PROPERTY>', 'Name of a property.'),
  },
  options: {
    maxColumnWidth: integerWithDefault('<integer>', 'The max column width of the printed table.', DEFAULT_MAX_COLUMN_WIDTH),
  },
  output: 'record',
  async run({ namespace, object, property, maxColumnWidth }, context) {
    const metadefs = (await context.api()).v2('md-object-property-show').metadefs;
    const found = await metadefs.objects.get(namespace, object, context.signal);
    const definition = found.properties && Object.hasOwn(found.properties, property) ? found.properties[property] : undefined;
    if (definition === undefined) {
      throw new CliError(`Property ${property} not found in object ${object}.`);
    }
    return metadefRecord({ ...definition, name: property }, maxColumnWidth);
  },
});
