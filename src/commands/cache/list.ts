/** cache-list: the images in the Glance node's cache and in its queue. */
import type { CachedImage, CacheState } from '../../glance/cache.js';
import type { Column } from '../../output/model.js';
import { pyStr, pyUtcIsoFormat } from '../../output/pyformat.js';
import { defineCommand } from '../definition.js';

/** print_cached_images writes N/A where a queued image has no value (and for a never accessed one). */
const orNotAvailable = (value: unknown): string => (value === null || value === undefined ? 'N/A' : pyStr(value));

const COLUMNS: readonly Column[] = [
  { label: 'ID', key: 'id' },
  { label: 'State', key: 'state' },
  { label: 'Last Accessed (UTC)', key: 'last_accessed', display: orNotAvailable },
  { label: 'Last Modified (UTC)', key: 'last_modified', display: orNotAvailable },
  { label: 'Size', key: 'size', display: orNotAvailable },
  { label: 'Hits', key: 'hits', display: orNotAvailable },
];

export const command = defineCommand({
  name: 'cache-list',
  summary: 'Get cache state.',
  description:
    'The cache belongs to the Glance node the request reaches: give that node with --os-image-url ' +
    'when the catalog endpoint balances between several. Times are UTC; N/A where there is none.',
  examples: ['glance --os-image-url http://glance-node-1:9292 cache-list', 'glance --os-image-url http://glance-node-1:9292 cache-list -f json'],
  apiVersions: [2],
  output: 'list',
  async run(_input, context) {
    const { cache } = (await context.api()).v2('cache-list');
    return { kind: 'list', columns: COLUMNS, rows: cacheRows(await cache.state(context.signal)), align: 'center' };
  },
});

/**
 * print_cached_images: the lists in the server's order, `cached_images` entries with their times
 * (ISO 8601 in UTC; a never accessed image has last_accessed 0, shown N/A), every other list's
 * ids as queued images with no values.
 */
function cacheRows(state: CacheState): Record<string, unknown>[] {
  return Object.entries(state).flatMap(([list, entries]): Record<string, unknown>[] =>
    list === 'cached_images'
      ? (entries as CachedImage[]).map((entry) => ({
          id: entry.image_id,
          state: 'cached',
          last_accessed: entry.last_accessed === 0 ? null : pyUtcIsoFormat(entry.last_accessed),
          last_modified: pyUtcIsoFormat(entry.last_modified),
          size: entry.size,
          hits: entry.hits,
        }))
      : entries.map((imageId) => ({ id: imageId, state: 'queued', last_accessed: null, last_modified: null, size: null, hits: null })),
  );
}
