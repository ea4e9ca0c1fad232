/** md-property-create: a property definition at a namespace's top level. */
import { PROPERTY_RULES } from '../../../glance/schemas/metadefs.js';
import { argument, defineCommand, text } from '../../definition.js';
import { parseJsonObject } from '../../json-input.js';
import { checkDocument, metadefRecord } from '../shared.js';

export const command = defineCommand({
  name: 'md-property-create',
  summary: 'Create a new metadata definitions property inside a namespace.',
  examples: ['glance md-property-create MyCorp::Storage --name mycorp_tier --title "Storage tier" --schema \'{"type": "string", "enum": ["gold", "silver"]}\''],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace the property will belong.'),
  },
  options: {
    name: text('<NAME>', 'Internal name of a property.', { required: true }),
    title: text('<TITLE>', 'Property name displayed to the user.', { required: true }),
    schema: text('<SCHEMA>', 'Valid JSON schema of a property.', { required: true }),
  },
  output: 'record',
  async run({ namespace, name, title, schema }, context) {
    // The schema's own name and title win over --name and --title, as in the reference.
    const fields = { name, title, ...parseJsonObject(schema as string) };
    checkDocument(fields, PROPERTY_RULES);
    const metadefs = (await context.api()).v2('md-property-create').metadefs;
    return metadefRecord(await metadefs.properties.create(namespace, fields, context.signal));
  },
});
