/** cache-clear: empties the Glance node's cache, its queue, or both. */
import { CliError } from '../../errors.js';
import { CACHE_CLEAR_TARGETS, type CacheClearTarget } from '../../glance/cache.js';
import { GlanceError } from '../../glance/errors.js';
import { defineCommand, textWithDefault } from '../definition.js';

export const command = defineCommand({
  name: 'cache-clear',
  summary: 'Clear all images from cache, queue or both',
  description: 'The cache belongs to the Glance node the request reaches: give that node with --os-image-url when the catalog endpoint balances between several.',
  examples: ['glance --os-image-url http://glance-node-1:9292 cache-clear', 'glance --os-image-url http://glance-node-1:9292 cache-clear --target queue'],
  apiVersions: [2],
  options: {
    target: textWithDefault(`{${CACHE_CLEAR_TARGETS.join(',')}}`, 'Specify which target you want to clear', 'both', { choices: CACHE_CLEAR_TARGETS }),
  },
  async run({ target }, context) {
    const { cache } = (await context.api()).v2('cache-clear');
    try {
      await cache.clear(target as CacheClearTarget, context.signal);
    } catch (error) {
      if (!(error instanceof GlanceError)) {
        throw error;
      }
      // python-glanceclient prints these and exits 0; a failed clear exits 1 here.
      throw new CliError(error.status === 403 ? 'You are not permitted to delete image(s) from cache.' : `'${error.message}': Unable to delete image(s) from cache.`);
    }
  },
});
