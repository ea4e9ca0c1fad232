/** md-namespace-create: a new, empty namespace (its definitions are added with md-property-create and friends). */
import { NAMESPACE_SCHEMA_PROPERTIES } from '../../../glance/schemas/namespace.js';
import { argument, defineCommand } from '../../definition.js';
import { schemaFields, schemaOptions } from '../../schema-options.js';
import { namespaceRecord } from '../shared.js';

const OMITTED = ['namespace', 'property_count', 'properties', 'tag_count', 'tags', 'object_count', 'objects', 'resource_types'];

export const command = defineCommand({
  name: 'md-namespace-create',
  creates: { what: 'namespace', key: 'namespace' },
  summary: 'Create a new metadata definitions namespace.',
  examples: [
    'glance md-namespace-create MyCorp::Storage --display-name "Storage options" --visibility public',
    'glance md-namespace-create MyCorp::Storage --resource-type-associations OS::Glance::Image OS::Cinder::Volume',
  ],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of the namespace.'),
  },
  options: schemaOptions(NAMESPACE_SCHEMA_PROPERTIES, OMITTED),
  output: 'record',
  async run(input, context) {
    const fields: Record<string, unknown> = { namespace: input.namespace, ...schemaFields(input, NAMESPACE_SCHEMA_PROPERTIES, OMITTED) };
    const resourceTypes = fields.resource_type_associations as string[] | undefined;
    if (resourceTypes) {
      // Glance wants association objects; a word on the command line names a resource type.
      fields.resource_type_associations = resourceTypes.map((name) => ({ name }));
    }
    const metadefs = (await context.api()).v2('md-namespace-create').metadefs;
    return namespaceRecord(await metadefs.namespaces.create(fields, context.signal));
  },
});
