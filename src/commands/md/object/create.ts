/** md-object-create: a named group of property definitions inside a namespace. */
import { OBJECT_RULES } from '../../../glance/schemas/metadefs.js';
import { argument, defineCommand, text } from '../../definition.js';
import { parseJsonObject } from '../../json-input.js';
import { checkDocument, objectRecord } from '../shared.js';

export const command = defineCommand({
  name: 'md-object-create',
  summary: 'Create a new metadata definitions object inside a namespace.',
  examples: [
    'glance md-object-create MyCorp::Storage --name Replication --schema \'{"description": "Copies kept", "properties": {"copies": {"type": "integer", "title": "Copies"}}}\'',
  ],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace the object will belong.'),
  },
  options: {
    name: text('<NAME>', 'Internal name of an object.', { required: true }),
    schema: text('<SCHEMA>', 'Valid JSON schema of an object.', { required: true }),
  },
  output: 'record',
  async run({ namespace, name, schema }, context) {
    const fields = { name, ...parseJsonObject(schema as string) };
    checkDocument(fields, OBJECT_RULES);
    const metadefs = (await context.api()).v2('md-object-create').metadefs;
    return objectRecord(await metadefs.objects.create(namespace, fields, context.signal));
  },
});
