/** md-property-show: one property definition of a namespace. */
import { DEFAULT_MAX_COLUMN_WIDTH } from '../../../output/model.js';
import { argument, defineCommand, integerWithDefault } from '../../definition.js';
import { metadefRecord } from '../shared.js';

export const command = defineCommand({
  name: 'md-property-show',
  summary: 'Describe a specific metadata definitions property inside a namespace.',
  examples: ['glance md-property-show OS::Compute::Libvirt hw_boot_menu', 'glance md-property-show OS::Compute::Libvirt hw_boot_menu -f json -c enum'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace the property belongs.'),
    property: argument('<PROPERTY>', 'Name of a property.'),
  },
  options: {
    maxColumnWidth: integerWithDefault('<integer>', 'The max column width of the printed table.', DEFAULT_MAX_COLUMN_WIDTH),
  },
  output: 'record',
  async run({ namespace, property, maxColumnWidth }, context) {
    const metadefs = (await context.api()).v2('md-property-show').metadefs;
    return metadefRecord(await metadefs.properties.get(namespace, property, context.signal), maxColumnWidth);
  },
});
