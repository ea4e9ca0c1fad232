/**
 * What image-* commands share: how an image is shown, the data options, the transfer pipeline
 * bound to the command's streams, checking stores, and removing an image a command failed to fill.
 */
import type { CommandContext } from '../../context.js';
import { CliError, InterruptedError } from '../../errors.js';
import type { GlanceClient } from '../../glance/client.js';
import { GlanceError } from '../../glance/errors.js';
import type { ImageService } from '../../glance/image-service.js';
import type { Image } from '../../glance/types.js';
import { humanSize } from '../../output/humanize.js';
import type { RecordResult } from '../../output/model.js';
import { transferProgress, type ProgressTarget } from '../../output/progress.js';
import { pyStr } from '../../output/pyformat.js';
import { stdinHasData } from '../../output/streams.js';
import type { ProgressSink, Transferred } from '../../transfer/hashing.js';
import { fileSource, type ImageSource } from '../../transfer/source.js';
import { sendImageData, uploadHashAlgorithm, verifyUpload } from '../../transfer/upload.js';
import { IMAGE_SCHEMA_PROPERTIES } from '../../glance/schemas/image.js';
import { schemaFields, schemaOptions } from '../schema-options.js';
import { flag, integer, option, parseLooseBoolean, repeatable, splitKeyValue, text, type OptionSpec } from '../definition.js';

/** Links and internals that python-glanceclient's print_image leaves out. */
const HIDDEN_FIELDS = ['self', 'access', 'file', 'schema'];

export interface ImageDisplayOptions {
  humanReadable?: boolean;
  maxColumnWidth?: number;
}

/**
 * print_image as data: the image minus its links; the table shows virtual_size "Not available"
 * when unknown and, with --human-readable, the size in kB/MB/GB; other formats get the numbers.
 */
export function imageRecord(image: Image, options: ImageDisplayOptions = {}): RecordResult {
  const data: Record<string, unknown> = { ...image };
  for (const field of HIDDEN_FIELDS) {
    delete data[field];
  }
  return {
    kind: 'record',
    data,
    display: {
      virtual_size: (value) => (value ? pyStr(value) : 'Not available'),
      ...(options.humanReadable ? { size: (value: unknown) => humanSize(value as number | null | undefined) } : {}),
    },
    maxColumnWidth: options.maxColumnWidth,
  };
}

// Options ----------------------------------------------------------------------------------------

/** `--hidden [True|False]`: alone it means True (argparse's nargs='?' with const=True); other words as bool_from_string. */
export function optionalBoolean(help: string): OptionSpec<boolean | undefined> {
  return option({ metavar: 'True|False', optionalValue: true, help, parse: parseLooseBoolean }) as OptionSpec<boolean | undefined>;
}

/** --hidden and --property, which image-create, image-create-via-import and image-update add to the schema's options. */
export const IMAGE_PROPERTY_OPTIONS = {
  hidden: optionalBoolean('If true, image will not appear in default image list response.'),
  property: repeatable('<key=value>', 'Arbitrary property to associate with image. May be used multiple times.'),
};

/** The schema's options (less `omit`) followed by --hidden and --property: the image fields a command sets. */
export function imageFieldOptions(omit: readonly string[]): Record<string, OptionSpec> & typeof IMAGE_PROPERTY_OPTIONS {
  return { ...schemaOptions(IMAGE_SCHEMA_PROPERTIES, omit), ...IMAGE_PROPERTY_OPTIONS };
}

/** What the options of imageFieldOptions(omit) set, by Glance field name. */
export function imageFields(input: Record<string, unknown> & { hidden: boolean | undefined; property: string[] }, omit: readonly string[]): Record<string, unknown> {
  const fields = schemaFields(input, IMAGE_SCHEMA_PROPERTIES, omit);
  if (input.hidden !== undefined) {
    fields.os_hidden = input.hidden;
  }
  for (const entry of input.property) {
    const pair = splitKeyValue(entry);
    if (!pair) {
      throw new CliError(`Arbitrary properties must be specified as key=value; got '${entry}'`);
    }
    fields[pair[0]] = pair[1];
  }
  return fields;
}

/** --store, as image-create, image-upload and the import commands declare it. */
export const storeOption = text('<STORE>', 'Backend store to upload image to.', { env: 'OS_IMAGE_STORE' });

/** --file, --size and --progress, as image-create and image-create-via-import declare them. */
export const CREATE_DATA_OPTIONS = {
  file: text(
    '<FILE>',
    'Local file that contains disk image to be uploaded during creation. Alternatively, the image data can be passed to the client via stdin (a file or a pipe).',
    { complete: 'file' },
  ),
  size: integer('<IMAGE_SIZE>', 'Size in bytes of the image data, for data on stdin whose size cannot be inferred.'),
  progress: flag('Show upload progress bar (on stderr, when it is a terminal).'),
};

/** --file, --size and --progress, as image-upload and image-stage declare them. */
export const DATA_OPTIONS = {
  file: text('<FILE>', 'Local file that contains disk image to be uploaded. Alternatively, images can be passed to the client via stdin (a file or a pipe).', {
    complete: 'file',
  }),
  size: integer(
    '<IMAGE_SIZE>',
    'Size in bytes of image to be uploaded. Default is to get size from provided data object but this is supported in case where size cannot be inferred.',
  ),
  progress: flag('Show upload progress bar (on stderr, when it is a terminal).'),
};

// Image data -------------------------------------------------------------------------------------

/** stderr, where progress bars and spinners are drawn (stdout keeps the data or the table). */
export function progressTarget(context: CommandContext): ProgressTarget {
  return {
    write: (chunk: string) => context.io.stderr.write(chunk),
    isTTY: context.io.stderrIsTTY,
    columns: context.io.stderrColumns,
  };
}

/** --progress: a bar labelled `label` on stderr when it is a terminal, else nothing. */
export function progressSink(context: CommandContext, enabled: boolean, label: string): Promise<ProgressSink> {
  return transferProgress({ target: progressTarget(context), enabled, label });
}

/** The data a command was given: --file, else stdin when it is a file or a pipe, else none. */
export async function findImageSource(file: string | undefined, context: CommandContext): Promise<ImageSource | undefined> {
  if (file !== undefined) {
    return fileSource(file);
  }
  if (stdinHasData(context.io)) {
    return { origin: 'stdin', size: context.io.stdinSize, open: () => context.io.openStdin() };
  }
  return undefined;
}

/**
 * Uploads the source to the image (PUT /v2/images/{id}/file, or v1's PUT), then reads the image
 * back and checks it holds what was sent. `image` is the record when the caller has it (it tells
 * which digest Glance keeps), else the id.
 */
export async function uploadAndVerify(
  context: CommandContext,
  image: Image | string,
  source: ImageSource,
  options: { size?: number; store?: string; progress: boolean },
): Promise<Image> {
  const { images } = await context.api();
  const imageId = typeof image === 'string' ? image : image.id;
  const sent = await sendImageData(
    source,
    {
      size: options.size,
      algorithms: [uploadHashAlgorithm(typeof image === 'string' ? undefined : image)],
      progress: await progressSink(context, options.progress, 'Uploading'),
      what: 'Upload',
    },
    (body) => images.upload(imageId, body, { size: options.size, store: options.store, signal: context.signal }),
  );
  const stored = await images.get(imageId, context.signal);
  verifyUpload(stored, sent.digests, sent.bytes, context.warn);
  return stored;
}

/** Streams the source into PUT /v2/images/{id}/stage, hashing it with `algorithms` on the way. */
export async function stageData(
  context: CommandContext,
  glance: GlanceClient,
  imageId: string,
  source: ImageSource,
  options: { size?: number; progress: boolean; algorithms: string[] },
): Promise<Required<Transferred>> {
  return sendImageData(
    source,
    { size: options.size, algorithms: options.algorithms, progress: await progressSink(context, options.progress, 'Staging'), what: 'Staging' },
    (body) => glance.images.stage(imageId, body, { size: options.size, signal: context.signal }),
  );
}

// Stores and clean-up ----------------------------------------------------------------------------

/** Every store must be one the cloud offers; the first that is not is named. One GET for all of them. */
export async function validateStores(glance: GlanceClient, stores: readonly string[], signal?: AbortSignal): Promise<void> {
  let offered;
  try {
    offered = await glance.info.stores(signal);
  } catch (error) {
    // A cloud without multiple stores has no /v2/info/stores: nothing to check against.
    if (error instanceof GlanceError && error.status === 404) {
      return;
    }
    throw error;
  }
  const unknown = stores.find((store) => !offered.some((candidate) => candidate.id === store));
  if (unknown !== undefined) {
    throw new CliError(`Store '${unknown}' is not valid for this cloud. Valid values can be retrieved with stores-info command.`);
  }
}

/**
 * A create whose upload (or import) failed must not leave a queued (or corrupt) image behind:
 * deletes it and says so, or names it when the delete fails too. `reason` completes
 * "Deleted image <id>: ...".
 */
export async function removeUnfinishedImage(
  images: ImageService,
  imageId: string,
  context: CommandContext,
  reason: string | undefined = 'its upload did not complete',
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Not context.signal: after Ctrl-C it is already aborted, and the clean-up must still run.
      await images.delete(imageId);
      context.warn(`Deleted image ${imageId}: ${reason}.`);
      return;
    } catch (error) {
      // Glance answers 409 or 500 while the request that was cut is still being torn down on its side.
      // (502, 503 and 504 are retried by the HTTP client already.)
      const busy = error instanceof GlanceError && (error.status === 409 || error.status === 500);
      if (busy && attempt < DELETE_ATTEMPTS) {
        await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
        continue;
      }
      context.warn(
        `Image ${imageId} was created but ${reason}, and deleting it failed (${(error as Error).message}); ` +
          `delete it with: glance image-delete ${imageId}`,
      );
      return;
    }
  }
}

/** Three tries, 0.2 s and 0.4 s apart: long enough for Glance to finish with a cut upload. */
const DELETE_ATTEMPTS = 3;

/**
 * POST /v2/images, never cut by Ctrl-C: a request cut after Glance acted would leave an image
 * whose id nobody knows. An interrupt that arrived meanwhile deletes the new image at once.
 */
export async function createImage(images: ImageService, fields: Record<string, unknown>, context: CommandContext): Promise<Image> {
  const image = await images.create(fields);
  if (context.signal.aborted) {
    await removeUnfinishedImage(images, image.id, context, 'the command was interrupted');
    throw new InterruptedError();
  }
  return image;
}
