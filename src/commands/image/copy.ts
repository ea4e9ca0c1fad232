/**
 * image-copy: an image copied to another cloud (a clouds.yaml entry) or region, in one command.
 * The bytes stream from the source's download straight into the destination's upload (no local
 * file, constant memory); the record's formats, sizes, protection, tags and properties come
 * along; the destination's hash is checked against the source's. A copy that fails half-way
 * leaves nothing on the destination.
 */
import type { CommandContext } from '../../context.js';
import { CliError, UsageError } from '../../errors.js';
import type { GlanceClient } from '../../glance/client.js';
import type { ImageData } from '../../glance/images.js';
import { VISIBILITIES } from '../../glance/schemas/image.js';
import type { Image } from '../../glance/types.js';
import type { RecordResult } from '../../output/model.js';
import { downloadCheck, verifiedDownload } from '../../transfer/download.js';
import { NO_PROGRESS_SINK } from '../../transfer/hashing.js';
import { holdingLastChunk, sendImageData, verifyUpload } from '../../transfer/upload.js';
import { argument, defineCommand, flag, text } from '../definition.js';
import { createImage, imageRecord, progressSink, removeUnfinishedImage } from './shared.js';

/** Fields Glance sets or derives itself, and those image-copy sets from its own options. */
const NOT_PROPERTIES = new Set([
  ...['id', 'name', 'status', 'visibility', 'protected', 'os_hidden', 'owner', 'tags', 'disk_format', 'container_format', 'min_disk', 'min_ram'],
  ...['checksum', 'os_hash_algo', 'os_hash_value', 'size', 'virtual_size', 'created_at', 'updated_at', 'deleted', 'deleted_at'],
  ...['self', 'file', 'schema', 'direct_url', 'locations', 'stores'],
]);
/** Glance keeps the os_glance_ namespace for itself (import tasks, stores): it refuses them from users. */
const RESERVED_PREFIX = 'os_glance_';

export const command = defineCommand({
  name: 'image-copy',
  summary: 'Copy an image to another cloud or region, its data streamed and its hash checked.',
  description: [
    'Streams the data from the source straight into the new image (nothing is written\nlocally) and copies the disk and container formats, min_disk, min_ram, protected,\ntags and custom properties. The new image must end with the hash of the source;\nif anything fails, it is deleted.',
    'The source is the cloud the global options (or OS_* variables, or --os-cloud)\ndescribe. --to-cloud names a clouds.yaml cloud, used as that file describes it;\n--to-region the same cloud in another region; both, that cloud in that region.',
  ].join('\n\n'),
  examples: [
    'glance image-copy "$ID" --to-cloud backup --progress',
    'glance --os-cloud prod image-copy "$ID" --to-region RegionTwo --name cirros-copy -f value -c id',
    'glance image-copy "$ID" --to-cloud staging --visibility private --no-properties --dry-run',
  ],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to copy.', { complete: 'image' }),
  },
  options: {
    toCloud: text('<CLOUD>', 'The clouds.yaml cloud to copy the image to.'),
    toRegion: text('<REGION>', 'The region to copy the image to (of the source cloud, or of --to-cloud).'),
    name: text('<NAME>', "Name of the new image (default: the source's)."),
    visibility: text('<VISIBILITY>', "Visibility of the new image: public, private, community or shared (default: the destination's default).", { choices: VISIBILITIES }),
    noProperties: flag('Leave out the custom properties (os_distro, hw_* ...); the formats, sizes, protection and tags are still copied.'),
    progress: flag('Show copy progress bar (on stderr, when it is a terminal).'),
    dryRun: flag('Print the image that would be created, and create nothing.'),
  },
  output: 'record',
  async run(input, context) {
    const { imageId, toCloud, toRegion } = input;
    if (toCloud === undefined && toRegion === undefined) {
      throw new UsageError('one of the arguments --to-cloud --to-region is required');
    }
    const sourceApi = await context.api();
    const source = sourceApi.v2('image-copy');
    const image = await source.images.get(imageId, context.signal);
    if (image.status !== 'active') {
      throw new CliError(`Image ${imageId} is ${image.status}: only an active image has data to copy`);
    }
    const destinationApi = await context.apiFor({ cloud: toCloud, region: toRegion });
    const destination = destinationApi.v2(`image-copy to ${toCloud ?? toRegion}`);
    if (toCloud === undefined && destinationApi.endpoint === sourceApi.endpoint) {
      throw new CliError(`--to-region ${toRegion}: the image endpoint there is the source's own (${destinationApi.endpoint})`);
    }
    const fields = newImageFields(image, input);
    if (input.dryRun) {
      context.warn(`Dry run: nothing was created; this is the image image-copy would create at ${destinationApi.endpoint}.`);
      return dryRunRecord(image, fields);
    }

    const data = await source.images.download(image.id, context.signal);
    if (!data) {
      throw new CliError(`Image ${imageId} has no data.`);
    }
    let created: Image;
    try {
      created = await createImage(destination.images, fields, context);
    } catch (error) {
      data.body.destroy();
      throw error;
    }
    try {
      return imageRecord(await fill(destination, created, image, data, input.progress, context));
    } catch (error) {
      await removeUnfinishedImage(destination.images, created.id, context, 'the copy did not complete');
      throw error;
    }
  },
});

interface CopyOptions {
  name?: string;
  visibility?: string;
  noProperties: boolean;
}

/** What the new image is created with; `protected` waits until the copy is verified, so that a failed copy can still be deleted. */
function newImageFields(image: Image, options: CopyOptions): Record<string, unknown> {
  const fields: Record<string, unknown> = {
    name: options.name ?? image.name,
    disk_format: image.disk_format,
    container_format: image.container_format,
    min_disk: image.min_disk,
    min_ram: image.min_ram,
    tags: image.tags,
  };
  if (options.visibility !== undefined) {
    fields.visibility = options.visibility;
  }
  if (!options.noProperties) {
    for (const [key, value] of Object.entries(image)) {
      if (!NOT_PROPERTIES.has(key) && !key.startsWith(RESERVED_PREFIX)) {
        fields[key] = value;
      }
    }
  }
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== null && value !== undefined));
}

function dryRunRecord(image: Image, fields: Record<string, unknown>): RecordResult {
  return {
    kind: 'record',
    data: { ...fields, protected: image.protected, size: image.size, os_hash_algo: image.os_hash_algo, os_hash_value: image.os_hash_value },
  };
}

/**
 * Streams the source's data into the new image and checks what the destination recorded
 * against the source's record. The last chunk goes out only once the download is verified: the
 * destination never activates data that did not match the source.
 */
async function fill(destination: GlanceClient, created: Image, image: Image, data: ImageData, progress: boolean, context: CommandContext): Promise<Image> {
  const download = verifiedDownload(data, {
    imageId: image.id,
    check: downloadCheck(image, data.contentMd5, false),
    progress: await progressSink(context, progress, 'Copying'),
    signal: context.signal,
    notice: context.warn,
  });
  const size = data.contentLength ?? image.size ?? undefined;
  const { images } = destination;
  const sent = await sendImageData(
    {
      origin: 'image-copy',
      size,
      open: () => ({ [Symbol.asyncIterator]: () => holdingLastChunk(download.body, () => download.verify()), destroy: () => download.body.destroy() }),
    },
    { size, algorithms: [], progress: NO_PROGRESS_SINK, what: 'Upload' },
    (body) => images.upload(created.id, body, { size, signal: context.signal }),
  );
  const stored = await images.get(created.id, context.signal);
  // The source's record, which the download was checked against, is what the destination must hold.
  const sourceDigests = Object.fromEntries(
    [
      ['md5', image.checksum],
      [image.os_hash_algo, image.os_hash_value],
    ].filter((entry): entry is [string, string] => typeof entry[0] === 'string' && typeof entry[1] === 'string'),
  );
  verifyUpload(stored, sourceDigests, sent.bytes, context.warn);
  return image.protected ? images.update(created.id, [{ op: 'replace', path: '/protected', value: true }], context.signal) : stored;
}
