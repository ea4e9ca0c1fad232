/** md-object-update: changes (or renames) an object of a namespace. */
import { OBJECT_RULES } from '../../../glance/schemas/metadefs.js';
import { argument, defineCommand, text } from '../../definition.js';
import { parseJsonObject } from '../../json-input.js';
import { checkChanges, objectRecord } from '../shared.js';

export const command = defineCommand({
  name: 'md-object-update',
  summary: 'Update metadata definitions object inside a namespace.',
  examples: ['glance md-object-update MyCorp::Storage Replication --name Copies', 'glance md-object-update MyCorp::Storage Copies --schema \'{"description": "How many copies are kept"}\''],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace the object belongs.'),
    object: argument('<OBJECT>', 'Name of an object.'),
  },
  options: {
    name: text('<NAME>', 'New name of an object.'),
    schema: text('<SCHEMA>', 'Valid JSON schema of an object.'),
  },
  output: 'record',
  async run({ namespace, object, name, schema }, context) {
    // Empty values change nothing, as in the reference.
    const changes: Record<string, unknown> = { ...(name ? { name } : {}), ...(schema ? parseJsonObject(schema) : {}) };
    checkChanges(changes, OBJECT_RULES);
    const metadefs = (await context.api()).v2('md-object-update').metadefs;
    return objectRecord(await metadefs.objects.update(namespace, object, changes, context.signal));
  },
});
