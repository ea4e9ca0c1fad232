/** image-list: the images the user can see, with python-glanceclient's filters, paging and sorting. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { DEFAULT_PAGE_SIZE, listQuery, SORT_DIRECTIONS, SORT_KEYS } from '../../glance/images.js';
import type { Image, ImageListFilters } from '../../glance/types.js';
import type { CommandOutput } from '../../output/render.js';
import { collect, collectChoice, parseInteger, parseLooseBoolean, splitKeyValue } from '../parsers.js';

export interface ImageListOptions {
  filters: ImageListFilters;
  limit?: number;
  pageSize?: number;
  verbose: boolean;
  includeStores: boolean;
}

interface RawOptions {
  limit?: number;
  pageSize?: number;
  visibility?: string;
  memberStatus?: string;
  owner?: string;
  propertyFilter?: string[];
  checksum?: string;
  hash?: string;
  tag?: string[];
  sortKey?: string[];
  sortDir?: string[];
  sort?: string;
  hidden?: boolean;
  includeStores?: boolean;
}

export function imageListCommand(context: CommandContext, run = imageListRun): Command {
  return new Command('image-list')
    .description('List images you can access.')
    .option('--limit <LIMIT>', 'Maximum number of images to get.', parseInteger)
    .option('--page-size <SIZE>', 'Number of images to request in each paginated request.', parseInteger)
    .option('--visibility <VISIBILITY>', 'The visibility of the images to display.')
    .option('--member-status <MEMBER_STATUS>', 'The status of images to display.')
    .option('--owner <OWNER>', 'Display images owned by <OWNER>.')
    .option('--property-filter <KEY=VALUE>', 'Filter images by a user-defined image property. May be used multiple times.', collect)
    .option('--checksum <CHECKSUM>', 'Displays images that match the MD5 checksum.')
    .option('--hash <HASH_VALUE>', 'Displays images that match the specified hash value.')
    .option('--tag <TAG>', 'Filter images by a user-defined tag. May be used multiple times.', collect)
    .option(
      '--sort-key <key>',
      `Sort image list by specified fields (${SORT_KEYS.join(', ')}). May be used multiple times.`,
      collectChoice(SORT_KEYS),
    )
    .option('--sort-dir <dir>', `Sort image list in specified directions (${SORT_DIRECTIONS.join(', ')}).`, collectChoice(SORT_DIRECTIONS))
    .option(
      '--sort <key>[:<direction>]',
      `Comma-separated list of sort keys and directions in the form of <key>[:<asc|desc>]. Valid keys: ${SORT_KEYS.join(', ')}. OPTIONAL.`,
    )
    .option('--hidden [True|False]', 'Filters results by hidden status. Default=None.', parseLooseBoolean)
    .option('--include-stores [True|False]', 'Print backend store id.', parseLooseBoolean)
    .action(async (options: RawOptions) => {
      context.print(await run(toImageListOptions(options, context.verbose), context));
    });
}

function toImageListOptions(raw: RawOptions, verbose: boolean): ImageListOptions {
  const properties = (raw.propertyFilter ?? []).map((entry) => {
    const pair = splitKeyValue(entry);
    if (!pair) {
      throw new CliError('Argument --property-filter expected properties in the format KEY=VALUE');
    }
    return pair;
  });
  return {
    filters: {
      visibility: raw.visibility,
      member_status: raw.memberStatus,
      owner: raw.owner,
      checksum: raw.checksum,
      os_hidden: raw.hidden,
      os_hash_value: raw.hash,
      properties,
      tags: raw.tag,
      sort: raw.sort,
      sortKeys: raw.sortKey,
      sortDirs: raw.sortDir,
    },
    limit: raw.limit,
    pageSize: raw.pageSize,
    verbose,
    includeStores: raw.includeStores === true,
  };
}

export async function imageListRun(options: ImageListOptions, context: CommandContext): Promise<CommandOutput> {
  // Bad sort arguments are reported before logging in.
  listQuery(options.filters, options.pageSize ?? DEFAULT_PAGE_SIZE, options.limit);
  const glance = await context.glance();
  const rows: Image[] = [];
  for await (const image of glance.images.list(options.filters, { limit: options.limit, pageSize: options.pageSize, signal: context.signal })) {
    rows.push(image);
  }
  const columns = ['ID', 'Name'];
  if (options.verbose) {
    columns.push('Disk_format', 'Container_format', 'Size', 'Status', 'Owner');
  }
  if (options.includeStores) {
    columns.push('Stores');
  }
  return { kind: 'list', columns, rows };
}
