/** md-property-update: changes (or renames) a property definition. */
import { PROPERTY_RULES } from '../../../glance/schemas/metadefs.js';
import { argument, defineCommand, text } from '../../definition.js';
import { parseJsonObject } from '../../json-input.js';
import { checkChanges, metadefRecord } from '../shared.js';

export const command = defineCommand({
  name: 'md-property-update',
  summary: 'Update metadata definitions property inside a namespace.',
  examples: ['glance md-property-update MyCorp::Storage mycorp_tier --title "Tier"', 'glance md-property-update MyCorp::Storage mycorp_tier --schema \'{"type": "string", "enum": ["gold", "silver", "bronze"]}\''],
  arguments: {
    namespace: argument('<NAMESPACE>', 'Name of namespace the property belongs.'),
    property: argument('<PROPERTY>', 'Name of a property.'),
  },
  options: {
    name: text('<NAME>', 'New name of a property.'),
    title: text('<TITLE>', 'Property name displayed to the user.'),
    schema: text('<SCHEMA>', 'Valid JSON schema of a property.'),
  },
  output: 'record',
  async run({ namespace, property, name, title, schema }, context) {
    // Empty values change nothing, as in the reference.
    const changes: Record<string, unknown> = {
      ...(name ? { name } : {}),
      ...(title ? { title } : {}),
      ...(schema ? parseJsonObject(schema) : {}),
    };
    checkChanges(changes, PROPERTY_RULES);
    const metadefs = (await context.api()).v2('md-property-update').metadefs;
    return metadefRecord(await metadefs.properties.update(namespace, property, changes, context.signal));
  },
});
