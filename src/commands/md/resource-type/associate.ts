/** md-resource-type-associate: makes a namespace's definitions apply to a resource type. */
import { RESOURCE_TYPE_RULES } from '../../../glance/schemas/metadefs.js';
import { RESOURCE_TYPE_SCHEMA_PROPERTIES } from '../../../glance/schemas/resource-type.js';
import { argument, defineCommand } from '../../definition.js';
import { schemaFields, schemaOptions } from '../../schema-options.js';
import { checkDocument, metadefRecord } from '../shared.js';

export const command = defineCommand({
  name: 'md-resource-type-associate',
  summary: 'Associate resource type with a metadata definitions namespace.',
  examples: ['glance md-resource-type-associate MyCorp::Storage --name OS::Glance::Image --prefix mycorp_', 'glance md-resource-type-associate MyCorp::Storage --name OS::Cinder::Volume -f json'],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace.'),
  },
  options: schemaOptions(RESOURCE_TYPE_SCHEMA_PROPERTIES, []),
  // The association's own --prefix wins over the shell format's: -f shell has no --prefix here.
  output: 'record',
  async run(input, context) {
    const fields = schemaFields(input, RESOURCE_TYPE_SCHEMA_PROPERTIES, []);
    checkDocument(fields, RESOURCE_TYPE_RULES);
    const metadefs = (await context.api()).v2('md-resource-type-associate').metadefs;
    return metadefRecord(await metadefs.resourceTypes.associate(input.namespace as string, fields, context.signal));
  },
});
