/** image-list: the images the user can see, with python-glanceclient's filters, paging and sorting. */
import { CliError } from '../../errors.js';
import { DEFAULT_PAGE_SIZE, listQuery, SORT_DIRECTIONS, SORT_KEYS } from '../../glance/images.js';
import type { Image } from '../../glance/types.js';
import type { Column, ListResult } from '../../output/model.js';
import { defineCommand, flag, integer, parsed, parseStrictBoolean, repeatable, splitKeyValue, text } from '../definition.js';
import { v1ImageRows, wantsV1Output } from './legacy.js';
import { optionalBoolean } from './shared.js';

const VERBOSE_COLUMNS: Column[] = [{ label: 'Disk_format' }, { label: 'Container_format' }, { label: 'Size' }, { label: 'Status' }, { label: 'Owner' }];

export const command = defineCommand({
  name: 'image-list',
  summary: 'List images you can access.',
  description: 'With the global --verbose, also each image\'s formats, size, status and owner.',
  examples: [
    'glance image-list',
    'glance image-list --property-filter os_distro=cirros --sort name:asc',
    'for id in $(glance image-list -f value -c ID --tag old); do glance image-delete "$id"; done',
    'glance --verbose image-list -f json',
  ],
  options: {
    limit: integer('<LIMIT>', 'Maximum number of images to get.'),
    pageSize: integer('<SIZE>', 'Number of images to request in each paginated request.'),
    visibility: text('<VISIBILITY>', 'The visibility of the images to display.'),
    memberStatus: text('<MEMBER_STATUS>', 'The status of images to display.'),
    owner: text('<OWNER>', 'Display images owned by <OWNER>.'),
    propertyFilter: repeatable('<KEY=VALUE>', 'Filter images by a user-defined image property. May be used multiple times.'),
    checksum: text('<CHECKSUM>', 'Displays images that match the MD5 checksum.'),
    hash: text('<HASH_VALUE>', 'Displays images that match the specified hash value.'),
    tag: repeatable('<TAG>', 'Filter images by a user-defined tag. May be used multiple times.'),
    sortKey: repeatable('<key>', `Sort image list by specified fields (${SORT_KEYS.join(', ')}). May be used multiple times.`, { choices: SORT_KEYS }),
    sortDir: repeatable('<dir>', `Sort image list in specified directions (${SORT_DIRECTIONS.join(', ')}).`, { choices: SORT_DIRECTIONS }),
    sort: text(
      '<key>[:<direction>]',
      `Comma-separated list of sort keys and directions in the form of <key>[:<asc|desc>]. Valid keys: ${SORT_KEYS.join(', ')}. OPTIONAL.`,
    ),
    hidden: optionalBoolean('Filters results by hidden status. Default=None.'),
    includeStores: optionalBoolean('Print backend store id.'),
    name: text('<NAME>', 'v1: filter images to those that have this name.'),
    status: text('<STATUS>', 'v1: filter images to those that have this status.'),
    changesSince: text('<CHANGES_SINCE>', 'v1: filter images to those that changed since the given time.'),
    containerFormat: text('<CONTAINER_FORMAT>', 'v1: filter images to those that have this container format.'),
    diskFormat: text('<DISK_FORMAT>', 'v1: filter images to those that have this disk format.'),
    sizeMin: integer('<SIZE>', 'v1: filter images to those with a size greater than this.'),
    sizeMax: integer('<SIZE>', 'v1: filter images to those with a size less than this.'),
    isPublic: parsed('<True|False>', 'v1: allows the user to select a listing of public or non public images.', parseStrictBoolean),
    allTenants: flag('v1: allows the admin user to list all images irrespective of the owner.'),
    humanReadable: flag('v1: print image size in a human-friendly format.'),
  },
  output: 'list',
  async run(input, context): Promise<ListResult> {
    const properties = input.propertyFilter.map((entry) => {
      const pair = splitKeyValue(entry);
      if (!pair) {
        throw new CliError('Argument --property-filter expected properties in the format KEY=VALUE');
      }
      return pair;
    });
    // The v1 filters, in the order the v1 shell sends them.
    const v1Filters = (
      [
        ['name', input.name],
        ['status', input.status],
        ['container_format', input.containerFormat],
        ['disk_format', input.diskFormat],
        ['size_min', input.sizeMin],
        ['size_max', input.sizeMax],
        ['changes-since', input.changesSince],
      ] as const
    )
      .filter(([, value]) => value !== undefined)
      .map(([key, value]): [string, string] => [key, String(value)]);
    const usedV1Options = v1Filters.length > 0 || input.isPublic !== undefined || input.allTenants || input.humanReadable;
    const filters = {
      visibility: input.isPublic === undefined ? input.visibility : input.isPublic ? 'public' : 'private',
      member_status: input.memberStatus,
      owner: input.owner,
      checksum: input.checksum,
      os_hidden: input.hidden,
      os_hash_value: input.hash,
      properties,
      tags: input.tag,
      sort: input.sort,
      sortKeys: input.sortKey,
      sortDirs: input.sortDir,
    };
    // python-glanceclient tests `if limit:`, so --limit 0 lists everything.
    const limit = input.limit === 0 ? undefined : input.limit;
    // Bad sort arguments are reported before logging in.
    listQuery(filters, input.pageSize ?? DEFAULT_PAGE_SIZE, limit);

    const { images, version } = await context.api();
    // v2 has the same filters but for changes-since, which becomes an updated_at range.
    const translated = version === 1 ? v1Filters : v1Filters.map(([key, value]): [string, string] => (key === 'changes-since' ? ['updated_at', `gte:${value}`] : [key, value]));
    const rows: Image[] = [];
    for await (const image of images.list({ ...filters, properties: [...properties, ...translated] }, { limit, pageSize: input.pageSize, signal: context.signal })) {
      rows.push(image);
    }
    await context.rememberImages(rows);
    if (wantsV1Output(context, usedV1Options)) {
      return v1ImageRows(rows, input.humanReadable);
    }
    const columns: Column[] = [{ label: 'ID' }, { label: 'Name' }];
    if (context.verbose) {
      columns.push(...VERBOSE_COLUMNS);
    }
    if (input.includeStores === true) {
      columns.push({ label: 'Stores' });
    }
    return { kind: 'list', columns, rows };
  },
});
