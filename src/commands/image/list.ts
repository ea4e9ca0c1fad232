/** image-list: the images the user can see, with python-glanceclient's filters, paging and sorting. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { DEFAULT_PAGE_SIZE, listQuery, SORT_DIRECTIONS, SORT_KEYS } from '../../glance/images.js';
import type { Image, ImageListFilters } from '../../glance/types.js';
import type { CommandOutput } from '../../output/render.js';
import { collect, collectChoice, parseInteger, parseLooseBoolean, parseStrictBoolean, splitKeyValue } from '../parsers.js';
import { v1ImageList, wantsV1Output } from './legacy.js';

export interface ImageListOptions {
  filters: ImageListFilters;
  limit?: number;
  pageSize?: number;
  verbose: boolean;
  includeStores: boolean;
  /** v1 filters (name, status, container_format, disk_format, size_min, size_max, changes-since), in order. */
  v1Filters: [string, string][];
  humanReadable: boolean;
  /** Print the v1 shell's columns. */
  v1Output: boolean;
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
  name?: string;
  status?: string;
  changesSince?: string;
  containerFormat?: string;
  diskFormat?: string;
  sizeMin?: number;
  sizeMax?: number;
  isPublic?: boolean;
  allTenants?: boolean;
  humanReadable?: boolean;
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
    .option('--name <NAME>', 'v1: filter images to those that have this name.')
    .option('--status <STATUS>', 'v1: filter images to those that have this status.')
    .option('--changes-since <CHANGES_SINCE>', 'v1: filter images to those that changed since the given time.')
    .option('--container-format <CONTAINER_FORMAT>', 'v1: filter images to those that have this container format.')
    .option('--disk-format <DISK_FORMAT>', 'v1: filter images to those that have this disk format.')
    .option('--size-min <SIZE>', 'v1: filter images to those with a size greater than this.', parseInteger)
    .option('--size-max <SIZE>', 'v1: filter images to those with a size less than this.', parseInteger)
    .option('--is-public <True|False>', 'v1: allows the user to select a listing of public or non public images.', parseStrictBoolean)
    .option('--all-tenants', 'v1: allows the admin user to list all images irrespective of the owner.')
    .option('--human-readable', 'v1: print image size in a human-friendly format.')
    .action(async (options: RawOptions) => {
      context.print(await run(toImageListOptions(options, context), context));
    });
}

function toImageListOptions(raw: RawOptions, context: CommandContext): ImageListOptions {
  const verbose = context.verbose;
  const properties = (raw.propertyFilter ?? []).map((entry) => {
    const pair = splitKeyValue(entry);
    if (!pair) {
      throw new CliError('Argument --property-filter expected properties in the format KEY=VALUE');
    }
    return pair;
  });
  const v1Filters: [string, string][] = [];
  const addV1 = (key: string, value: string | number | undefined): void => {
    if (value !== undefined) {
      v1Filters.push([key, String(value)]);
    }
  };
  addV1('name', raw.name);
  addV1('status', raw.status);
  addV1('container_format', raw.containerFormat);
  addV1('disk_format', raw.diskFormat);
  addV1('size_min', raw.sizeMin);
  addV1('size_max', raw.sizeMax);
  addV1('changes-since', raw.changesSince);
  const usedV1Options =
    v1Filters.length > 0 || raw.isPublic !== undefined || raw.allTenants !== undefined || raw.humanReadable !== undefined;
  const visibility = raw.isPublic === undefined ? raw.visibility : raw.isPublic ? 'public' : 'private';
  return {
    v1Filters,
    humanReadable: raw.humanReadable === true,
    v1Output: wantsV1Output(context, usedV1Options),
    filters: {
      visibility,
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
    // python-glanceclient tests `if limit:`, so --limit 0 lists everything.
    limit: raw.limit === 0 ? undefined : raw.limit,
    pageSize: raw.pageSize,
    verbose,
    includeStores: raw.includeStores === true,
  };
}

export async function imageListRun(options: ImageListOptions, context: CommandContext): Promise<CommandOutput> {
  // Bad sort arguments are reported before logging in.
  listQuery(options.filters, options.pageSize ?? DEFAULT_PAGE_SIZE, options.limit);
  const images = await context.images();
  const filters = { ...options.filters, properties: [...(options.filters.properties ?? []), ...v1FiltersFor(images.apiVersion, options.v1Filters)] };
  const rows: Image[] = [];
  for await (const image of images.list(filters, { limit: options.limit, pageSize: options.pageSize, signal: context.signal })) {
    rows.push(image);
  }
  if (options.v1Output) {
    return v1ImageList(rows, options.humanReadable);
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

/** v2 has the same filters but for changes-since, which becomes an updated_at range. */
function v1FiltersFor(apiVersion: 1 | 2, filters: [string, string][]): [string, string][] {
  return apiVersion === 1 ? filters : filters.map(([key, value]) => (key === 'changes-since' ? ['updated_at', `gte:${value}`] : [key, value]));
}
