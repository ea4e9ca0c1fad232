/** credential-store-delete (also `glance credential-store delete`): removes the current identity's entry from the OS keyring. */
import { defineCommand } from '../definition.js';

export const command = defineCommand({
  name: 'credential-store-delete',
  summary: 'Remove the password (or application credential secret) of the current identity from the OS keyring.',
  examples: ['glance credential-store delete', 'glance credential-store delete -f value -c removed'],
  output: 'record',
  async run(_input, context) {
    const entry = context.credentialStore();
    const removed = await entry.remove();
    return {
      kind: 'record',
      data: { removed, kind: entry.kind, identity: entry.description },
      text: removed
        ? `Removed the ${entry.kind} of ${entry.description} from the OS keyring.\n`
        : `The OS keyring holds no ${entry.kind} of ${entry.description}; nothing to remove.\n`,
    };
  },
});
