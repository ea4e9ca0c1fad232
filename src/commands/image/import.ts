/**
 * image-import: starts an import task on an existing image (glance-direct after image-stage,
 * web-download, copy-image into more stores, glance-download), with python-glanceclient's
 * checks and messages. --wait (ours) follows it to its end.
 */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';
import type { CommandOutput } from '../../output/render.js';
import {
  addImportTargetOptions,
  importRequest,
  importTargetOptions,
  invalidImportMethod,
  offeredImportMethods,
  splitStores,
  waitForImport,
  type ImportTargetOptions,
} from './import-shared.js';
import { imageTable } from './shared.js';
import { validateStores } from './stores.js';

export interface ImageImportOptions extends ImportTargetOptions {
  imageId: string;
  importMethod: string;
}

export function imageImportCommand(context: CommandContext, run = imageImportRun): Command {
  const command = new Command('image-import')
    .description('Initiate the image import taskflow.')
    .argument('<IMAGE_ID>', 'ID of image to import.')
    .option(
      '--import-method <METHOD>',
      'Import method used for Image Import workflow. Valid values can be retrieved with import-info command and the default "glance-direct" is used with "image-stage".',
      'glance-direct',
    );
  return addImportTargetOptions(command).action(async (imageId: string, raw: Record<string, unknown>) => {
    const options: ImageImportOptions = {
      imageId,
      importMethod: raw.importMethod as string,
      ...importTargetOptions(raw, context.env),
    };
    context.print(await run(options, context));
  });
}

export async function imageImportRun(options: ImageImportOptions, context: CommandContext): Promise<CommandOutput> {
  const { importMethod: method, uri, remoteRegion, remoteImageId, store, allStores } = options;
  const stores = splitStores(options.stores);
  if ((store && (stores || allStores)) || (stores && allStores)) {
    throw new CliError('Only one of --store, --stores and --all-stores can be provided');
  }
  const glance = await context.glance();
  if (store) {
    await validateStores(glance, [store], context.signal);
  } else if (stores) {
    await validateStores(glance, stores, context.signal);
  }

  let offered: string[];
  try {
    offered = await offeredImportMethods(glance, context.signal);
  } catch (error) {
    if (error instanceof GlanceError && error.status === 404) {
      throw new CliError('Target Glance does not support Image Import workflow');
    }
    throw error;
  }
  if (!offered.includes(method)) {
    throw invalidImportMethod(method);
  }
  if (method === 'web-download' && !uri) {
    throw new CliError('Provide URI for web-download import method.');
  }
  if (uri && method !== 'web-download') {
    throw new CliError("Import method should be 'web-download' if URI is provided.");
  }
  if (method === 'glance-download' && !(remoteRegion && remoteImageId)) {
    throw new CliError("Provide REMOTE_IMAGE_ID and remote-region for 'glance-download' import method.");
  }
  if (remoteRegion && method !== 'glance-download') {
    throw new CliError("Import method should be 'glance-download' if REMOTE REGION is provided.");
  }
  if (remoteImageId && method !== 'glance-download') {
    throw new CliError("Import method should be 'glance-download' if REMOTE IMAGE ID is provided.");
  }
  if (method === 'copy-image' && !(stores || allStores)) {
    throw new CliError("Provide either --stores or --all-stores for 'copy-image' import method.");
  }

  const image = await glance.images.get(options.imageId, context.signal);
  if (!(image.container_format && image.disk_format)) {
    throw new CliError("The 'container_format' and 'disk_format' properties must be set on an image before it can be imported.");
  }
  if (method === 'glance-direct' && image.status !== 'uploading') {
    throw new CliError("The 'glance-direct' import method can only be applied to an image in status 'uploading'");
  }
  if (method === 'web-download' && image.status !== 'queued') {
    throw new CliError("The 'web-download' import method can only be applied to an image in status 'queued'");
  }
  if (method === 'copy-image' && image.status !== 'active') {
    throw new CliError("The 'copy-image' import method can only be used on an image with status 'active'.");
  }

  const request = importRequest({
    method,
    uri,
    remoteRegion,
    remoteImageId,
    remoteServiceInterface: options.remoteServiceInterface,
    store,
    stores,
    allStores,
    allowFailure: options.allowFailure,
  });
  await glance.images.importImage(options.imageId, request.body, request.headers, context.signal);
  const final = options.wait ? await waitForImport(context, glance, options.imageId) : await glance.images.get(options.imageId, context.signal);
  return imageTable(final);
}
