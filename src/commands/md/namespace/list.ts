/** md-namespace-list: every namespace the user can see, page after page. */
import { defineCommand, integer, repeatable, text } from '../../definition.js';

export const command = defineCommand({
  name: 'md-namespace-list',
  summary: 'List metadata definitions namespaces.',
  examples: ['glance md-namespace-list', 'glance md-namespace-list --resource-types OS::Glance::Image --visibility public', 'glance md-namespace-list -f value'],
  options: {
    resourceTypes: repeatable('<RESOURCE_TYPES>', 'Resource type to filter namespaces.'),
    visibility: text('<VISIBILITY>', 'Visibility parameter to filter namespaces.'),
    pageSize: integer('<SIZE>', 'Number of namespaces to request in each paginated request.'),
  },
  output: 'list',
  async run({ resourceTypes, visibility, pageSize }, context) {
    const metadefs = (await context.api()).v2('md-namespace-list').metadefs;
    const rows = [];
    for await (const namespace of metadefs.namespaces.list({ resourceTypes, visibility }, { pageSize, signal: context.signal })) {
      rows.push(namespace);
    }
    return { kind: 'list', columns: [{ label: 'namespace' }], rows };
  },
});
