/** md-namespace-update: changes a namespace's own fields (--namespace renames it). */
import { NAMESPACE_RULES } from '../../../glance/schemas/metadefs.js';
import { NAMESPACE_SCHEMA_PROPERTIES } from '../../../glance/schemas/namespace.js';
import { argument, defineCommand } from '../../definition.js';
import { schemaFields, schemaOptions } from '../../schema-options.js';
import { checkChanges, namespaceRecord } from '../shared.js';

const OMITTED = ['property_count', 'properties', 'tag_count', 'tags', 'object_count', 'objects', 'resource_type_associations', 'schema'];

export const command = defineCommand({
  name: 'md-namespace-update',
  summary: 'Update an existing metadata definitions namespace.',
  examples: ['glance md-namespace-update MyCorp::Storage --description "Options of the storage backends"', 'glance md-namespace-update MyCorp::Storage --namespace MyCorp::Disks'],
  arguments: {
    current: argument('<NAMESPACE>', 'Name of namespace to update.'),
  },
  options: schemaOptions(NAMESPACE_SCHEMA_PROPERTIES, OMITTED),
  output: 'record',
  async run(input, context) {
    const changes = schemaFields(input, NAMESPACE_SCHEMA_PROPERTIES, OMITTED);
    checkChanges(changes, NAMESPACE_RULES);
    const metadefs = (await context.api()).v2('md-namespace-update').metadefs;
    return namespaceRecord(await metadefs.namespaces.update(input.current, changes, context.signal));
  },
});
