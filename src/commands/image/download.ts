/**
 * image-download: streams an image's data to a file or stdout, verified against the checksum
 * Glance recorded. A file appears under its final name only when complete and verified; with
 * --continue it is written in place, and a partial one is completed from where it stopped.
 */
import { CliError, UsageError } from '../../errors.js';
import type { ImageData } from '../../glance/images.js';
import { GlanceError } from '../../glance/errors.js';
import type { Image } from '../../glance/types.js';
import { continueDownload, downloadCheck, downloadToFile, verifiedDownload, type DownloadOptions } from '../../transfer/download.js';
import { argument, defineCommand, flag, text } from '../definition.js';
import { progressSink } from './shared.js';

export const command = defineCommand({
  name: 'image-download',
  summary: 'Download a specific image.',
  examples: [
    'glance image-download "$ID" --file cirros.img --progress',
    'glance image-download "$ID" | qemu-img convert -O raw /dev/stdin disk.raw',
    'glance image-download "$ID" --file big.img --continue',
  ],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to download.', { complete: 'image' }),
  },
  options: {
    allowMd5Fallback: flag(
      "If the image's os_hash_algo is not available on this client, verify the data with the legacy MD5 checksum instead of failing. Also env[OS_IMAGE_ALLOW_MD5_FALLBACK] (any value).",
      { env: 'OS_IMAGE_ALLOW_MD5_FALLBACK' },
    ),
    file: text('<FILE>', 'Local file to save downloaded image data to. Without it, the data goes to stdout, which must not be a terminal.', { complete: 'file' }),
    progress: flag('Show download progress bar (on stderr, when it is a terminal).'),
    continue: flag(
      'With --file: write FILE in place, and if it already holds the start of the image (an interrupted download), fetch only the rest. The whole file is verified; one that does not match is removed.',
    ),
  },
  async run({ imageId, allowMd5Fallback, file, progress, continue: resume }, context) {
    if (resume && file === undefined) {
      throw new UsageError('--continue needs --file: a download to stdout cannot be continued');
    }
    if (file === undefined && context.io.stdoutIsTTY) {
      throw new CliError(
        'No redirection or local file specified for downloaded image data. Please specify a local file with --file to save downloaded image or redirect output to another source.',
      );
    }
    const { images } = await context.api();
    const fetchData = async (from: number): Promise<ImageData> => {
      let data: ImageData | undefined;
      try {
        data = await images.download(image.id, context.signal, from);
      } catch (error) {
        throw error instanceof GlanceError ? new CliError(`Unable to download image '${imageId}'. (${error.message})`) : error;
      }
      if (!data) {
        throw new CliError(`Image ${imageId} has no data.`);
      }
      return data;
    };
    let image: Image;
    try {
      // The record first: its checksum must describe the data that follows.
      image = await images.get(imageId, context.signal);
    } catch (error) {
      throw error instanceof GlanceError ? new CliError(`Unable to download image '${imageId}'. (${error.message})`) : error;
    }
    const bars = await progressSink(context, progress, 'Downloading');
    const options = (contentMd5: string | undefined): DownloadOptions => ({
      imageId,
      check: downloadCheck(image, contentMd5, allowMd5Fallback),
      progress: bars,
      signal: context.signal,
      notice: context.warn,
    });
    if (resume && file !== undefined) {
      const size = typeof image.size === 'number' ? image.size : undefined;
      await continueDownload(file, size, fetchData, { ...options(undefined), newFileMode: context.newFileMode });
      return undefined;
    }
    const data = await fetchData(0);
    if (file !== undefined) {
      await downloadToFile(data, file, { ...options(data.contentMd5), newFileMode: context.newFileMode });
      return undefined;
    }
    const download = verifiedDownload(data, options(data.contentMd5));
    return { kind: 'bytes', body: download.body, finished: async () => download.verify() };
  },
});
