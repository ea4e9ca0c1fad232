/** import-info: the import methods the cloud offers. */
import { CliError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';
import { defineCommand } from '../definition.js';

export const command = defineCommand({
  name: 'import-info',
  summary: 'Print import methods available from Glance.',
  examples: ['glance import-info', "glance import-info -f json | jq -r '.\"import-methods\".value[]'"],
  output: 'record',
  apiVersions: [2],
  async run(_input, context) {
    const info = (await context.api()).v2('import-info').info;
    try {
      return { kind: 'record', data: await info.importInfo(context.signal) };
    } catch (error) {
      if (error instanceof GlanceError && error.status === 404) {
        throw new CliError('Target Glance does not support Image Import workflow');
      }
      throw error;
    }
  },
});
