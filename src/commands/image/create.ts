/**
 * image-create: a new image record, and its data in the same command: from --file, stdin,
 * or a URL (--copy-from). Also takes the Image API v1 options of the install guides
 * (--is-public, --copy-from, --location, --checksum ...), translated for a v2 cloud.
 */
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import type { ImageApi } from '../../glance/api.js';
import { GlanceError } from '../../glance/errors.js';
import { importRequest } from '../../glance/import-request.js';
import type { Image } from '../../glance/types.js';
import type { RecordResult } from '../../output/model.js';
import { stdinHasData } from '../../output/streams.js';
import { declaredSize, urlSource, type ImageSource } from '../../transfer/source.js';
import { defineCommand, flag, parsed, parseStrictBoolean, text, textWithDefault } from '../definition.js';
import { offeredImportMethods, waitForImport } from './import-shared.js';
import { checkedData, ImageRefused, INSPECT_OPTIONS, inspectData, requestedDiskFormat, withAutoDiskFormat } from './inspection.js';
import { v1ImageRecord, wantsV1Output } from './legacy.js';
import {
  createImage,
  findImageSource,
  CREATE_DATA_OPTIONS,
  imageFieldOptions,
  imageFields,
  imageRecord,
  removeUnfinishedImage,
  storeOption,
  uploadAndVerify,
  validateStores,
} from './shared.js';

const OMITTED_PROPERTIES = ['locations', 'os_hidden'];
const COPY_FROM_MODES = ['auto', 'server', 'client'] as const;

export const command = defineCommand({
  name: 'image-create',
  creates: { what: 'image', key: 'id' },
  summary: 'Create a new image.',
  examples: [
    'glance image-create --name cirros --disk-format qcow2 --container-format bare --file cirros.img --progress',
    'ID=$(glance image-create --name empty --disk-format raw --container-format bare -f value -c id)',
    'glance image-create --name from-pipe --disk-format raw --container-format bare < disk.raw -f json',
    'glance image-create --name detected --disk-format auto --container-format bare --file disk.img',
  ],
  options: {
    ...withAutoDiskFormat(imageFieldOptions(OMITTED_PROPERTIES)),
    ...CREATE_DATA_OPTIONS,
    ...INSPECT_OPTIONS,
    store: storeOption,
    copyFrom: text('<IMAGE_URL>', 'v1: copy the image data from this URL: by the cloud (web-download import) or through this client (see --copy-from-mode).'),
    copyFromMode: textWithDefault(
      '<MODE>',
      'server: the cloud downloads the URL (web-download); client: this client streams it; auto: server when the cloud offers web-download and accepts the URL, else client.',
      'auto',
      { choices: COPY_FROM_MODES },
    ),
    location: text('<IMAGE_URL>', 'v1: URL where the data for this image already resides; added as an image location where the cloud allows it.'),
    checksum: text('<CHECKSUM>', 'v1: MD5 the image data must have; the image is removed and the command fails otherwise.'),
    isPublic: parsed('<True|False>', 'v1: make the image accessible to the public (visibility public or private).', parseStrictBoolean),
    isProtected: parsed('<True|False>', 'v1: prevent the image from being deleted (protected).', parseStrictBoolean),
    humanReadable: flag('v1: print the image size in a human-friendly format.'),
  },
  output: 'record',
  async run(input, context) {
    const { copyFrom, location, checksum, store, noInspect } = input;
    const { diskFormat, auto } = requestedDiskFormat(input.disk_format, {
      data: input.file !== undefined || stdinHasData(context.io),
      noInspect,
      notWith: copyFrom !== undefined ? '--copy-from' : location !== undefined ? '--location' : undefined,
    });
    const fields = imageFields({ ...input, disk_format: diskFormat }, OMITTED_PROPERTIES);
    if (input.isPublic !== undefined) {
      const visibility = input.isPublic ? 'public' : 'private';
      if (fields.visibility !== undefined && fields.visibility !== visibility) {
        throw new CliError(`--is-public ${input.isPublic ? 'True' : 'False'} contradicts --visibility ${String(fields.visibility)}`);
      }
      fields.visibility = visibility;
    }
    if (input.isProtected !== undefined) {
      fields.protected = input.isProtected;
    }
    const usedV1Options = [input.isPublic, input.isProtected, copyFrom, location, checksum].some((value) => value !== undefined) || input.humanReadable;
    const show = (image: Image): RecordResult =>
      wantsV1Output(context, usedV1Options)
        ? v1ImageRecord(image, { humanReadable: input.humanReadable, includeNullFields: true })
        : imageRecord(image, { humanReadable: input.humanReadable });

    if (copyFrom !== undefined && location !== undefined) {
      throw new CliError('Use either --copy-from or --location, not both.');
    }
    if (input.file !== undefined && (copyFrom !== undefined || location !== undefined)) {
      throw new CliError(`--file cannot be used with ${copyFrom !== undefined ? '--copy-from' : '--location'}.`);
    }
    // The reference checks the formats before it looks at the file. A URL wins over stdin, as in v1.
    const origin =
      copyFrom !== undefined ? '--copy-from'
      : location !== undefined ? '--location'
      : input.file !== undefined ? '--file'
      : stdinHasData(context.io) ? 'stdin'
      : undefined;
    if (origin) {
      const missing = ['disk_format', 'container_format'].filter((field) => fields[field] === undefined && !(auto && field === 'disk_format')).map((field) => `--${field.replace('_', '-')}`);
      if (missing.length > 0) {
        throw new CliError(`error: Must provide ${missing.join(', ')} when using ${origin}.`);
      }
    } else if (input.size !== undefined) {
      throw new CliError("Setting 'size' during image creation is not supported. Please use --size only when uploading data.");
    } else if (store !== undefined) {
      throw new CliError('--store option should only be provided with --file option or stdin.');
    } else if (checksum !== undefined) {
      throw new CliError('--checksum needs image data: --file, stdin, --copy-from or --location.');
    }
    const given = origin === '--file' || origin === 'stdin' ? await findImageSource(input.file, context) : undefined;
    const size = given ? declaredSize(given, input.size) : input.size;
    // Before the first request: a file that is refused never becomes an image.
    const inspection = given ? await inspectData(given, { file: input.file, noInspect }, context) : undefined;
    const data = given ? await checkedData(given, inspection, { diskFormat, auto }) : undefined;
    if (data) {
      fields.disk_format = data.diskFormat;
    }
    const source = data?.source;

    const api = await context.api();
    const { images } = api;
    if (api.version === 1) {
      // A v1 cloud does all of it in one request: copy_from, location and checksum are headers.
      const v1Fields = Object.entries({ copy_from: copyFrom, location, checksum, size }).filter(([, value]) => value !== undefined);
      const image = await createImage(images, { ...fields, ...Object.fromEntries(v1Fields) }, context);
      if (!source) {
        return show(image);
      }
      try {
        return show(await uploadAndVerify(context, image, source, { size, store, progress: input.progress }));
      } catch (error) {
        await removeUnfinishedImage(images, image.id, context, unfinishedReason(error));
        throw error;
      }
    }

    if (store && origin !== '--location') {
      await validateStores(api.v2('image-create --store'), [store], context.signal);
    }
    const image = await createImage(images, fields, context);
    if (!origin) {
      return show(image);
    }
    try {
      const filled =
        location !== undefined ? await addLocation(api, image, location, context)
        : copyFrom !== undefined ? await copyFromUrl(api, image, copyFrom, { mode: input.copyFromMode, size, store, progress: input.progress, noInspect, diskFormat: fields.disk_format as string }, context)
        : await uploadAndVerify(context, image, source as ImageSource, { size, store, progress: input.progress });
      if (checksum !== undefined && filled.checksum !== checksum) {
        throw new CliError(`Checksum mismatch: --checksum is ${checksum} but the image data has ${String(filled.checksum)}`);
      }
      return show(filled);
    } catch (error) {
      await removeUnfinishedImage(images, image.id, context, origin === '--location' ? 'its location could not be added' : unfinishedReason(error));
      throw error;
    }
  },
});

async function addLocation(api: ImageApi, image: Image, url: string, context: CommandContext): Promise<Image> {
  try {
    return await api.images.update(image.id, [{ op: 'add', path: '/locations/-', value: { url, metadata: {} } }], context.signal);
  } catch (error) {
    throw new CliError(`This cloud did not accept the image location ${url}: ${(error as Error).message}`);
  }
}

/** Completes "Deleted image <id>: ..." for a create whose data did not make it. */
function unfinishedReason(error: unknown): string | undefined {
  return error instanceof ImageRefused ? 'the inspection refused its data' : undefined;
}

interface CopyOptions {
  mode: string;
  size?: number;
  store?: string;
  progress: boolean;
  noInspect: boolean;
  /** What the data must be. */
  diskFormat: string;
}

/**
 * --copy-from: the cloud fetches the URL itself (web-download import) when it offers that and
 * the mode allows; otherwise the data streams through this client, never touching the disk, and
 * is inspected on the way.
 * In auto mode a URL the cloud refuses (its import filter: host, port, scheme) goes through the
 * client instead.
 */
async function copyFromUrl(api: ImageApi, image: Image, url: string, options: CopyOptions, context: CommandContext): Promise<Image> {
  if (options.mode !== 'client') {
    const glance = api.v2('image-create --copy-from');
    const offered = await offeredImportMethods(glance, context.signal).catch((error: unknown): string[] => {
      // No import API at all (404): only the client can copy.
      if (error instanceof GlanceError && error.status === 404) {
        return [];
      }
      throw error;
    });
    if (offered.includes('web-download')) {
      try {
        const { body, headers } = importRequest({ method: 'web-download', uri: url, store: options.store, allowFailure: true });
        await glance.images.importImage(image.id, body, headers, context.signal);
      } catch (error) {
        if (!(options.mode === 'auto' && error instanceof GlanceError && error.status === 400)) {
          throw error;
        }
        context.warn(`The cloud refused to fetch ${url} itself (${error.message}); copying it through this client.`);
        return copyThroughClient(image, url, options, context);
      }
      return waitForImport(context, glance, image.id);
    }
    if (options.mode === 'server') {
      throw new CliError("This cloud does not offer the 'web-download' import method that --copy-from-mode server needs.");
    }
  }
  return copyThroughClient(image, url, options, context);
}

async function copyThroughClient(image: Image, url: string, options: CopyOptions, context: CommandContext): Promise<Image> {
  const source = urlSource(await context.openUrl(url), options.size);
  const inspection = await inspectData(source, { url, noInspect: options.noInspect }, context);
  const checked = inspection ? inspection.sourceFor(options.diskFormat) : source;
  return uploadAndVerify(context, image, checked, { size: source.size, store: options.store, progress: options.progress });
}
