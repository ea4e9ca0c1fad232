/**
 * image-create-via-import: a new image filled by the interoperable import workflow
 * (glance-direct from --file or stdin, web-download from --uri, glance-download from another
 * region), with python-glanceclient's checks and messages. --wait (ours) follows the import to
 * its end. A create whose data or import fails is deleted rather than left queued.
 */
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { importRequest } from '../../glance/import-request.js';
import { stdinHasData } from '../../output/streams.js';
import type { Transferred } from '../../transfer/hashing.js';
import { declaredSize, fileSource } from '../../transfer/source.js';
import { checkStagedSize, uploadHashAlgorithm, verifyUpload } from '../../transfer/upload.js';
import { defineCommand, text, type Values } from '../definition.js';
import {
  checkOneStoreChoice,
  IMPORT_TARGET_OPTIONS,
  ImportFailedError,
  invalidImportMethod,
  offeredImportMethods,
  splitStores,
  waitForImport,
} from './import-shared.js';
import { checkedData, ImageRefused, INSPECT_OPTIONS, inspectData, requestedDiskFormat, withAutoDiskFormat } from './inspection.js';
import {
  createImage,
  CREATE_DATA_OPTIONS,
  findImageSource,
  imageFieldOptions,
  imageFields,
  imageRecord,
  removeUnfinishedImage,
  stageData,
  validateStores,
} from './shared.js';

const OMITTED_PROPERTIES = ['locations', 'os_hidden'];

const OPTIONS = {
  ...withAutoDiskFormat(imageFieldOptions(OMITTED_PROPERTIES)),
  ...CREATE_DATA_OPTIONS,
  ...INSPECT_OPTIONS,
  importMethod: text(
    '<METHOD>',
    "Import method used for Image Import workflow. Valid values can be retrieved with import-info command. Defaults to env[OS_IMAGE_IMPORT_METHOD] or if that is undefined uses 'glance-direct' if data is provided using --file or stdin. Otherwise, simply creates an image record if no import-method and no data is supplied",
    { env: 'OS_IMAGE_IMPORT_METHOD' },
  ),
  ...IMPORT_TARGET_OPTIONS,
};

type Input = Values<typeof OPTIONS>;

export const command = defineCommand({
  name: 'image-create-via-import',
  creates: { what: 'image', key: 'id' },
  summary: 'EXPERIMENTAL: Create a new image via image import.',
  description:
    'Use the interoperable image import workflow to create an image. ' +
    'If an import-method is given (--import-method or env[OS_IMAGE_IMPORT_METHOD]), a data source that suits it must be ' +
    "given too (--file or stdin for glance-direct, --uri for web-download). Without one, --file or data on stdin (a file or a pipe) means 'glance-direct', " +
    "and no data means a plain image record in 'queued' status.",
  examples: [
    'glance image-create-via-import --name cirros --disk-format qcow2 --container-format bare --file cirros.img --wait',
    'glance image-create-via-import --name web --disk-format raw --container-format bare --import-method web-download --uri "$URL" --wait -f value -c id',
  ],
  apiVersions: [2],
  options: OPTIONS,
  output: 'record',
  async run(input, context) {
    const { file, uri, store, allStores, noInspect } = input;
    const usingStdin = stdinHasData(context.io);
    const hasData = Boolean(file) || usingStdin;
    const { diskFormat, auto } = requestedDiskFormat(input.disk_format, { data: hasData, noInspect, notWith: uri ? '--uri' : undefined });
    const fields = imageFields({ ...input, disk_format: diskFormat }, OMITTED_PROPERTIES);

    // on_data_require_fields: --file, --uri or data on stdin need both formats, before anything else.
    const present = [file ? '--file' : undefined, uri ? '--uri' : undefined].filter((flag): flag is string => flag !== undefined);
    const missing = ['disk_format', 'container_format'].filter((field) => fields[field] === undefined && !(auto && field === 'disk_format')).map((field) => `--${field.replace('_', '-')}`);
    if ((present.length > 0 || usingStdin) && missing.length > 0) {
      throw new CliError(`error: Must provide ${missing.join(', ')} when using ${present.join(', ') || 'stdin'}.`);
    }
    if (input.size !== undefined && !hasData) {
      throw new CliError("Setting 'size' during image creation is not supported. Please use --size only when uploading data.");
    }

    // Backward compatibility with image-create: data alone means glance-direct.
    const method = input.importMethod ?? (hasData ? 'glance-direct' : undefined);
    if (method === 'copy-image') {
      throw new CliError("Import method 'copy-image' cannot be used while creating the image.");
    }
    // Before the first request: a file that is refused never becomes an image. One that cannot be
    // read gets the reference's message, later.
    const readableFile = method === 'glance-direct' && file !== undefined && !usingStdin ? await fileSource(file).catch(() => undefined) : undefined;
    let inspection = readableFile ? await inspectData(readableFile, { file, noInspect }, context) : undefined;
    if (readableFile) {
      await checkedData(readableFile, inspection, { diskFormat, auto });
    }

    const api = await context.api();
    const glance = api.v2('image-create-via-import');
    const offered = await offeredImportMethods(glance, context.signal);
    if (method && !offered.includes(method)) {
      throw invalidImportMethod(method);
    }

    const stores = splitStores(input.stores);
    checkOneStoreChoice(store, stores, allStores);
    if (store || stores) {
      await validateStores(glance, store ? [store] : (stores as string[]), context.signal);
    }

    await checkMethodInputs(method, input, usingStdin, context);
    const given = method && hasData ? await findImageSource(file, context) : undefined;
    const size = given ? declaredSize(given, input.size) : undefined;
    inspection ??= given ? await inspectData(given, { file, noInspect }, context) : undefined;
    const data = given ? await checkedData(given, inspection, { diskFormat, auto }) : undefined;
    if (data) {
      fields.disk_format = data.diskFormat;
    }
    const source = data?.source;
    // Built (and checked) before the image exists.
    const request = method
      ? importRequest({
          method,
          uri,
          remoteRegion: input.remoteRegion,
          remoteImageId: input.remoteImageId,
          remoteServiceInterface: input.remoteServiceInterface,
          store,
          stores,
          allStores,
          allowFailure: input.allowFailure,
        })
      : undefined;

    const created = await createImage(glance.images, fields, context);
    if (!request) {
      // No import: the record as created (the reference reads it back unchanged).
      return imageRecord(created);
    }

    let staged: Required<Transferred> | undefined;
    try {
      if (source) {
        staged = await stageData(context, glance, created.id, source, { size, progress: input.progress, algorithms: [uploadHashAlgorithm(created)] });
      }
      await glance.images.importImage(created.id, request.body, request.headers, context.signal);
    } catch (error) {
      const reason = error instanceof ImageRefused ? 'the inspection refused its data' : staged || !source ? 'its import could not be started' : 'its data could not be staged';
      await removeUnfinishedImage(api.images, created.id, context, reason);
      throw error;
    }

    if (!input.wait) {
      const image = await glance.images.get(created.id, context.signal);
      if (staged) {
        checkStagedSize(image, staged);
      }
      return imageRecord(image);
    }

    let image;
    try {
      image = await waitForImport(context, glance, created.id);
    } catch (error) {
      if (error instanceof ImportFailedError && !error.partial) {
        await removeUnfinishedImage(api.images, created.id, context, 'its import failed');
      }
      throw error;
    }
    if (staged) {
      try {
        verifyUpload(image, staged.digests, staged.bytes, context.warn);
      } catch (error) {
        await removeUnfinishedImage(api.images, created.id, context, 'its data did not arrive intact');
        throw error;
      }
    }
    return imageRecord(image);
  },
});

/** The reference's checks of the inputs each method needs, in its order and words. */
async function checkMethodInputs(
  method: string | undefined,
  options: Input,
  usingStdin: boolean,
  context: CommandContext,
): Promise<void> {
  const { file, uri, store, stores, allStores } = options;
  const hasData = Boolean(file) || usingStdin;
  if (method === undefined && uri) {
    throw new CliError('You cannot use --uri without specifying an import method.');
  }
  if (method === 'glance-direct') {
    if (store && !hasData) {
      throw new CliError('--store option should only be provided with --file option or stdin for the glance-direct import method.');
    }
    if (stores && !hasData) {
      throw new CliError('--stores option should only be provided with --file option or stdin for the glance-direct import method.');
    }
    if (allStores && !hasData) {
      throw new CliError('--all-stores option should only be provided with --file option or stdin for the glance-direct import method.');
    }
    if (uri) {
      throw new CliError('You cannot specify a --uri with the glance-direct import method.');
    }
    if (file !== undefined && !(await findImageSource(file, context).then(() => true, () => false))) {
      throw new CliError(`File ${file} does not exist or user does not have read privileges to it.`);
    }
    if (file !== undefined && usingStdin) {
      throw new CliError('You cannot use both --file and stdin with the glance-direct import method.');
    }
    if (!file && !usingStdin) {
      throw new CliError('You must specify a --file or provide data via stdin for the glance-direct import method.');
    }
  }
  if (method === 'web-download') {
    if (store && !uri) {
      throw new CliError('--store option should only be provided with --uri option for the web-download import method.');
    }
    if (stores && !uri) {
      throw new CliError('--stores option should only be provided with --uri option for the web-download import method.');
    }
    if (allStores && !uri) {
      throw new CliError('--all-stores option should only be provided with --uri option for the web-download import method.');
    }
    if (!uri) {
      throw new CliError("URI is required for web-download import method. Please use '--uri <uri>'.");
    }
    if (file) {
      throw new CliError('You cannot specify a --file with the web-download import method.');
    }
    if (usingStdin) {
      throw new CliError('You cannot pass data via stdin with the web-download import method.');
    }
  }
  if (method === 'glance-download') {
    if (!(options.remoteRegion && options.remoteImageId)) {
      throw new CliError(
        'REMOTE GlANCE REGION and REMOTE IMAGE ID are required for glance-download import method. ' +
          'Please use --remote-region <region> and --remote-image-id <remote-image-id>.',
      );
    }
    if (uri) {
      throw new CliError('You cannot specify a --uri with the glance-download import method.');
    }
    if (file) {
      throw new CliError('You cannot specify a --file with the glance-download import method.');
    }
    if (usingStdin) {
      throw new CliError('You cannot pass data via stdin with the glance-download import method.');
    }
  }
}
