/** stores-info: the stores of a multi-store cloud; --detail (admin) adds their type and settings. */
import { CliError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';
import { defineCommand, flag } from '../definition.js';

export const command = defineCommand({
  name: 'stores-info',
  summary: 'Print available backends from Glance.',
  examples: ['glance stores-info', "glance stores-info -f json | jq -r '.stores[].id'"],
  options: {
    detail: flag('Shows details of stores. Admin only.'),
  },
  output: 'record',
  apiVersions: [2],
  async run({ detail }, context) {
    const info = (await context.api()).v2('stores-info').info;
    try {
      return { kind: 'record', data: detail ? await info.storesDetail(context.signal) : await info.storesInfo(context.signal) };
    } catch (error) {
      if (error instanceof GlanceError && error.status === 404) {
        throw new CliError('Multi Backend support is not enabled');
      }
      throw error;
    }
  },
});
