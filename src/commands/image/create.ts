/**
 * image-create: a new image record, and its data in the same command: from --file, stdin,
 * or a URL (--copy-from). Also takes the Image API v1 options of the install guides
 * (--is-public, --copy-from, --location, --checksum ...), translated for a v2 cloud.
 */
import { Command, Option } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';
import type { ImageService } from '../../glance/image-service.js';
import type { Image } from '../../glance/types.js';
import type { CommandOutput } from '../../output/render.js';
import { stdinHasData } from '../../output/streams.js';
import { parseChoice, parseInteger, parseStrictBoolean } from '../parsers.js';
import { declaredSize, findImageSource, uploadAndVerify, type ImageSource } from './data.js';
import { importRequest, offeredImportMethods, waitForImport } from './import-shared.js';
import { v1ImageTable, wantsV1Output } from './legacy.js';
import { addSchemaOptions, schemaFields } from './schema-options.js';
import { createImage, imageTable, removeUnfinishedImage } from './shared.js';
import { validateStore } from './stores.js';

const OMITTED_PROPERTIES = ['locations', 'os_hidden'];
export const COPY_FROM_MODES = ['auto', 'server', 'client'] as const;
export type CopyFromMode = (typeof COPY_FROM_MODES)[number];

export interface ImageCreateOptions {
  /** Image fields from the schema options, --hidden, --property and the v1 options, by Glance name. */
  fields: Record<string, unknown>;
  file?: string;
  size?: number;
  progress: boolean;
  store?: string;
  /** v1: a URL the image data is copied from. */
  copyFrom?: string;
  copyFromMode: CopyFromMode;
  /** v1: where the data already is; recorded as a location, nothing is uploaded. */
  location?: string;
  /** v1: the MD5 the data must have. */
  checksum?: string;
  humanReadable: boolean;
  /** Print the v1 shell's table. */
  v1Output: boolean;
}

interface RawOptions extends Record<string, unknown> {
  file?: string;
  size?: number;
  progress?: boolean;
  store?: string;
  isPublic?: boolean;
  isProtected?: boolean;
  copyFrom?: string;
  copyFromMode?: CopyFromMode;
  location?: string;
  checksum?: string;
  humanReadable?: boolean;
}

export function imageCreateCommand(context: CommandContext, run = imageCreateRun): Command {
  const command = new Command('image-create').description('Create a new image.');
  addSchemaOptions(command, OMITTED_PROPERTIES)
    .option('--file <FILE>', 'Local file that contains disk image to be uploaded during creation. Alternatively, the image data can be passed to the client via stdin (a file or a pipe).')
    .option('--size <IMAGE_SIZE>', 'Size in bytes of the image data, for data on stdin whose size cannot be inferred.', parseInteger)
    .option('--progress', 'Show upload progress bar (on stderr, when it is a terminal).')
    .option('--store <STORE>', 'Backend store to upload image to. Defaults to env[OS_IMAGE_STORE].')
    .option('--copy-from <IMAGE_URL>', 'v1: copy the image data from this URL: by the cloud (web-download import) or through this client (see --copy-from-mode).')
    .addOption(
      new Option('--copy-from-mode <MODE>', 'server: the cloud downloads the URL (web-download); client: this client streams it; auto: server when the cloud offers web-download and accepts the URL, else client.')
        .argParser(parseChoice(COPY_FROM_MODES))
        .default('auto'),
    )
    .option('--location <IMAGE_URL>', 'v1: URL where the data for this image already resides; added as an image location where the cloud allows it.')
    .option('--checksum <CHECKSUM>', 'v1: MD5 the image data must have; the image is removed and the command fails otherwise.')
    .option('--is-public <True|False>', 'v1: make the image accessible to the public (visibility public or private).', parseStrictBoolean)
    .option('--is-protected <True|False>', 'v1: prevent the image from being deleted (protected).', parseStrictBoolean)
    .option('--human-readable', 'v1: print the image size in a human-friendly format.')
    .action(async (raw: RawOptions) => {
      context.print(await run(toCreateOptions(raw, context), context));
    });
  return command;
}

function toCreateOptions(raw: RawOptions, context: CommandContext): ImageCreateOptions {
  const fields = schemaFields(raw, OMITTED_PROPERTIES);
  if (raw.isPublic !== undefined) {
    const visibility = raw.isPublic ? 'public' : 'private';
    if (fields.visibility !== undefined && fields.visibility !== visibility) {
      throw new CliError(`--is-public ${raw.isPublic ? 'True' : 'False'} contradicts --visibility ${String(fields.visibility)}`);
    }
    fields.visibility = visibility;
  }
  if (raw.isProtected !== undefined) {
    fields.protected = raw.isProtected;
  }
  const usedV1Options = [raw.isPublic, raw.isProtected, raw.copyFrom, raw.location, raw.checksum, raw.humanReadable].some(
    (value) => value !== undefined,
  );
  return {
    fields,
    file: raw.file,
    size: raw.size,
    progress: raw.progress === true,
    store: raw.store ?? (context.env.OS_IMAGE_STORE || undefined),
    copyFrom: raw.copyFrom,
    copyFromMode: raw.copyFromMode ?? 'auto',
    location: raw.location,
    checksum: raw.checksum,
    humanReadable: raw.humanReadable === true,
    v1Output: wantsV1Output(context, usedV1Options),
  };
}

export async function imageCreateRun(options: ImageCreateOptions, context: CommandContext): Promise<CommandOutput> {
  if (options.copyFrom !== undefined && options.location !== undefined) {
    throw new CliError('Use either --copy-from or --location, not both.');
  }
  if (options.file !== undefined && (options.copyFrom !== undefined || options.location !== undefined)) {
    throw new CliError(`--file cannot be used with ${options.copyFrom !== undefined ? '--copy-from' : '--location'}.`);
  }
  // The reference checks the formats before it looks at the file. A URL wins over stdin, as in v1.
  const origin =
    options.copyFrom !== undefined ? '--copy-from'
    : options.location !== undefined ? '--location'
    : options.file !== undefined ? '--file'
    : stdinHasData(context.io) ? 'stdin'
    : undefined;
  if (origin) {
    const missing = ['disk_format', 'container_format']
      .filter((field) => options.fields[field] === undefined)
      .map((field) => `--${field.replace('_', '-')}`);
    if (missing.length > 0) {
      throw new CliError(`error: Must provide ${missing.join(', ')} when using ${origin}.`);
    }
  } else if (options.size !== undefined) {
    throw new CliError("Setting 'size' during image creation is not supported. Please use --size only when uploading data.");
  } else if (options.store !== undefined) {
    throw new CliError('--store option should only be provided with --file option or stdin.');
  } else if (options.checksum !== undefined) {
    throw new CliError('--checksum needs image data: --file, stdin, --copy-from or --location.');
  }
  const source = origin === '--file' || origin === 'stdin' ? await findImageSource(options.file, context) : undefined;
  const size = source ? declaredSize(source, options.size) : options.size;

  const images = await context.images();
  if (options.store && origin !== '--location') {
    await validateStore(await context.glance(), options.store, context.signal);
  }
  if (images.apiVersion === 1) {
    // A v1 cloud does all of it in one request: copy_from, location and checksum are headers.
    return display(await createOnV1(images, options, source, size, context), options);
  }
  const image = await createImage(images, options.fields, context);
  if (!origin) {
    return display(image, options);
  }
  try {
    const filled = await fill(image, options, source, size, context);
    if (options.checksum !== undefined && filled.checksum !== options.checksum) {
      throw new CliError(`Checksum mismatch: --checksum is ${options.checksum} but the image data has ${String(filled.checksum)}`);
    }
    return display(filled, options);
  } catch (error) {
    await removeUnfinishedImage(images, image.id, context, origin === '--location' ? 'its location could not be added' : undefined);
    throw error;
  }
}

/** Puts data into a new v2 image the way `origin` asks, and returns the image as it then is. */
async function fill(
  image: Image,
  options: ImageCreateOptions,
  source: ImageSource | undefined,
  size: number | undefined,
  context: CommandContext,
): Promise<Image> {
  if (options.location !== undefined) {
    return addLocation(image, options.location, context);
  }
  if (options.copyFrom !== undefined) {
    return copyFrom(image, options.copyFrom, options, size, context);
  }
  return uploadAndVerify(context, image, source as ImageSource, { size, store: options.store, progress: options.progress });
}

async function addLocation(image: Image, url: string, context: CommandContext): Promise<Image> {
  const images = await context.images();
  try {
    return await images.update(image.id, [{ op: 'add', path: '/locations/-', value: { url, metadata: {} } }], context.signal);
  } catch (error) {
    throw new CliError(`This cloud did not accept the image location ${url}: ${(error as Error).message}`);
  }
}

/**
 * --copy-from: the cloud fetches the URL itself (web-download import) when it offers that and
 * the mode allows; otherwise the data streams through this client, never touching the disk.
 * In auto mode a URL the cloud refuses (its import filter: host, port, scheme) goes through the
 * client instead.
 */
async function copyFrom(image: Image, url: string, options: ImageCreateOptions, size: number | undefined, context: CommandContext): Promise<Image> {
  if (options.copyFromMode !== 'client') {
    const glance = await context.glance();
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
        if (!(options.copyFromMode === 'auto' && error instanceof GlanceError && error.status === 400)) {
          throw error;
        }
        context.warn(`The cloud refused to fetch ${url} itself (${error.message}); copying it through this client.`);
        return copyThroughClient(image, url, options, size, context);
      }
      return waitForImport(context, glance, image.id);
    }
    if (options.copyFromMode === 'server') {
      throw new CliError("This cloud does not offer the 'web-download' import method that --copy-from-mode server needs.");
    }
  }
  return copyThroughClient(image, url, options, size, context);
}

async function copyThroughClient(image: Image, url: string, options: ImageCreateOptions, size: number | undefined, context: CommandContext): Promise<Image> {
  const source = await context.openUrl(url);
  const declared = size ?? source.size;
  if (size !== undefined && source.size !== undefined && size !== source.size) {
    source.body.destroy();
    throw new CliError(`Size mismatch: provided size ${size} does not match the size of the image ${source.size}`);
  }
  const stream: ImageSource = { origin: '--copy-from', size: declared, open: () => source.body };
  return uploadAndVerify(context, image, stream, { size: declared, store: options.store, progress: options.progress });
}

async function createOnV1(
  images: ImageService,
  options: ImageCreateOptions,
  source: ImageSource | undefined,
  size: number | undefined,
  context: CommandContext,
): Promise<Image> {
  const fields: Record<string, unknown> = { ...options.fields };
  if (options.copyFrom !== undefined) {
    fields.copy_from = options.copyFrom;
  }
  if (options.location !== undefined) {
    fields.location = options.location;
  }
  if (options.checksum !== undefined) {
    fields.checksum = options.checksum;
  }
  if (size !== undefined) {
    fields.size = size;
  }
  const image = await createImage(images, fields, context);
  if (!source) {
    return image;
  }
  try {
    return await uploadAndVerify(context, image, source, { size, store: options.store, progress: options.progress });
  } catch (error) {
    await removeUnfinishedImage(images, image.id, context);
    throw error;
  }
}

function display(image: Image, options: ImageCreateOptions): CommandOutput {
  return options.v1Output
    ? v1ImageTable(image, { humanReadable: options.humanReadable, includeNullFields: true })
    : imageTable(image, { humanReadable: options.humanReadable });
}
