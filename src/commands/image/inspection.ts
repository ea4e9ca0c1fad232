/**
 * The inspection of image data before upload, as image-create, image-create-via-import,
 * image-upload and image-stage offer it: --no-inspect, `--disk-format auto`, and the
 * inspection of what the command was given (src/transfer/inspection.ts does the work).
 */
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { inspectUpload, type UploadInspection } from '../../transfer/inspection.js';
import type { ImageSource } from '../../transfer/source.js';
import { flag, type OptionSpec } from '../definition.js';

export { ImageRefused } from '../../transfer/inspection.js';

/** `--disk-format auto`: not a Glance disk format, the one the inspection finds. */
const AUTO_DISK_FORMAT = 'auto';

export const INSPECT_OPTIONS = {
  noInspect: flag(
    'Upload the data without inspecting it first. By default a file is inspected before anything is sent, and data on stdin or from a URL as it streams: an unsafe image (a backing file, an external data file, a file that matches more than one format ...), or one whose format is not its disk format, is refused. For a disk format this client does not know.',
  ),
};

/** The schema's --disk-format options, which also take `auto` (handled before the schema sees the value). */
export function withAutoDiskFormat<T extends Record<string, OptionSpec>>(options: T): T & { disk_format: OptionSpec<string | undefined> } {
  const diskFormat = options.disk_format as OptionSpec<string | undefined>;
  const help = `${diskFormat.help}, or auto: the format the inspection finds in the data (--file or stdin).`;
  return { ...options, disk_format: { ...diskFormat, help } };
}

/**
 * `--disk-format` as the user gave it: the schema's value (undefined for auto, which the schema
 * does not know) and whether it was auto, which needs data to inspect.
 */
export function requestedDiskFormat(
  value: string | undefined,
  options: { data: boolean; noInspect: boolean; notWith?: string },
): { diskFormat: string | undefined; auto: boolean } {
  if (value !== AUTO_DISK_FORMAT) {
    return { diskFormat: value, auto: false };
  }
  if (options.notWith !== undefined) {
    throw new CliError(`--disk-format auto inspects the data this client uploads: use it with --file or stdin, not ${options.notWith}`);
  }
  if (!options.data) {
    throw new CliError('--disk-format auto needs image data to inspect: --file, or a file or a pipe on stdin');
  }
  if (options.noInspect) {
    throw new CliError('--disk-format auto needs the inspection: it cannot be used with --no-inspect');
  }
  return { diskFormat: undefined, auto: true };
}

/**
 * Starts the inspection of the data a command was given (undefined with --no-inspect): a
 * regular --file is inspected now, and refused now when it is not safe; stdin, a pipe or a URL
 * as it streams. `url` names the data of --copy-from.
 */
export function inspectData(
  source: ImageSource,
  options: { file?: string; url?: string; noInspect: boolean },
  context: CommandContext,
): Promise<UploadInspection | undefined> {
  if (options.noInspect) {
    return Promise.resolve(undefined);
  }
  const name = source.origin === 'stdin' ? 'stdin' : (options.url ?? options.file ?? source.origin);
  return inspectUpload(source, { path: source.origin === '--file' ? options.file : undefined, name, signal: context.signal });
}

/**
 * The disk format to create the image with (the one found, for auto) and the data to upload,
 * checked against it: refused now when a file is of another format, as it streams otherwise.
 */
export async function checkedData(
  given: ImageSource,
  inspection: UploadInspection | undefined,
  requested: { diskFormat: string | undefined; auto: boolean },
): Promise<{ diskFormat: string | undefined; source: ImageSource }> {
  if (!inspection) {
    return { diskFormat: requested.diskFormat, source: given };
  }
  const diskFormat = requested.auto ? await inspection.detectedFormat() : requested.diskFormat;
  return { diskFormat, source: inspection.sourceFor(diskFormat) };
}
