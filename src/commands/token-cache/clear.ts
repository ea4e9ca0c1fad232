/** token-cache-clear (also `glance token-cache clear`): removes every cached token. */
import { defineCommand } from '../definition.js';

export const command = defineCommand({
  name: 'token-cache-clear',
  summary: 'Remove every cached token, from the OS keyring and from the cache file directory.',
  examples: ['glance token-cache clear', 'glance token-cache clear -f json'],
  output: 'record',
  async run(_input, context) {
    const report = await context.clearTokenCache();
    if (report.keyringProblem) {
      context.warn(`The OS keyring could not be searched: ${report.keyringProblem}`);
    }
    const total = report.keyring + report.files;
    const parts = [`${report.keyring} from the OS keyring`];
    if (report.directory) {
      parts.push(`${report.files} from ${report.directory}`);
    }
    return {
      kind: 'record',
      data: { removed: total, keyring: report.keyring, files: report.files, directory: report.directory ?? null },
      text: `Removed ${total} cached token${total === 1 ? '' : 's'} (${parts.join(', ')}).\n`,
    };
  },
});
