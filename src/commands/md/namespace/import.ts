/** md-namespace-import: a whole namespace document (properties, objects, tags, associations) in one request. */
import { NAMESPACE_RULES } from '../../../glance/schemas/metadefs.js';
import { defineCommand, text } from '../../definition.js';
import { readJsonObject } from '../../json-input.js';
import { checkDocument, namespaceRecord } from '../shared.js';

export const command = defineCommand({
  name: 'md-namespace-import',
  summary: 'Import a metadata definitions namespace from file or standard input.',
  examples: ['glance md-namespace-import --file /etc/glance/metadefs/compute-libvirt.json', 'glance md-namespace-show MyCorp::Storage -f json | jq \'.namespace = "MyCorp::Copy"\' | glance md-namespace-import'],
  options: {
    file: text('<FILEPATH>', 'Path to file with namespace schema to import. Alternatively, namespaces schema can be passed to the client via stdin.', {
      complete: 'file',
    }),
  },
  output: 'record',
  async run({ file }, context) {
    const document = await readJsonObject(file, context, { missing: 'No metadata definition namespace passed via stdin or --file argument.' });
    checkDocument(document, NAMESPACE_RULES);
    const metadefs = (await context.api()).v2('md-namespace-import').metadefs;
    return namespaceRecord(await metadefs.namespaces.create(withoutServerFields(document), context.signal));
  },
});

/** What Glance sets itself and refuses to be given (403 "Attribute 'schema' is read-only"). */
const SERVER_FIELDS = ['created_at', 'updated_at', 'schema', 'self'];

/**
 * The document less what Glance sets itself, at the top and in each object, tag and association:
 * what `md-namespace-show -f json` prints imports as it is.
 */
function withoutServerFields(document: Record<string, unknown>): Record<string, unknown> {
  const strip = (record: unknown): unknown =>
    record !== null && typeof record === 'object' && !Array.isArray(record)
      ? Object.fromEntries(Object.entries(record).filter(([key]) => !SERVER_FIELDS.includes(key)))
      : record;
  const result = strip(document) as Record<string, unknown>;
  for (const key of ['objects', 'tags', 'resource_type_associations']) {
    if (Array.isArray(result[key])) {
      result[key] = result[key].map(strip);
    }
  }
  return result;
}
