/**
 * image-import: starts an import task on an existing image (glance-direct after image-stage,
 * web-download, copy-image into more stores, glance-download), with python-glanceclient's
 * checks and messages. --wait (ours) follows it to its end.
 */
import { CliError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';
import { importRequest } from '../../glance/import-request.js';
import { argument, defineCommand, textWithDefault } from '../definition.js';
import { checkOneStoreChoice, IMPORT_TARGET_OPTIONS, invalidImportMethod, offeredImportMethods, splitStores, waitForImport } from './import-shared.js';
import { imageRecord, validateStores } from './shared.js';

export const command = defineCommand({
  name: 'image-import',
  summary: 'Initiate the image import taskflow.',
  examples: [
    'glance image-import "$ID" --import-method web-download --uri "$URL" --wait',
    'glance image-import "$ID" --import-method copy-image --stores fast,cheap --wait -f value -c stores',
  ],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to import.', { complete: 'image' }),
  },
  options: {
    importMethod: textWithDefault(
      '<METHOD>',
      'Import method used for Image Import workflow. Valid values can be retrieved with import-info command and the default "glance-direct" is used with "image-stage".',
      'glance-direct',
    ),
    ...IMPORT_TARGET_OPTIONS,
  },
  output: 'record',
  async run(input, context) {
    const { importMethod: method, uri, remoteRegion, remoteImageId, store, allStores } = input;
    const stores = splitStores(input.stores);
    checkOneStoreChoice(store, stores, allStores);
    const glance = (await context.api()).v2('image-import');
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

    const image = await glance.images.get(input.imageId, context.signal);
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
      remoteServiceInterface: input.remoteServiceInterface,
      store,
      stores,
      allStores,
      allowFailure: input.allowFailure,
    });
    await glance.images.importImage(input.imageId, request.body, request.headers, context.signal);
    return imageRecord(input.wait ? await waitForImport(context, glance, input.imageId) : await glance.images.get(input.imageId, context.signal));
  },
});
