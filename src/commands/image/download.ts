/**
 * image-download: streams an image's data to a file or stdout, verified against the checksum
 * Glance recorded. A file appears under its final name only when complete and verified.
 */
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError, InterruptedError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';
import type { Image } from '../../glance/types.js';
import type { ImageData } from '../../glance/images.js';
import { createTransferProgress } from '../../output/progress.js';
import { openDownloadTarget, writeError, type DownloadTarget } from '../../transfer/download-target.js';
import { downloadCheck, hashingStream, progressTarget, type DownloadCheck } from './data.js';

export interface ImageDownloadOptions {
  imageId: string;
  file?: string;
  progress: boolean;
  allowMd5Fallback: boolean;
}

export function imageDownloadCommand(context: CommandContext, run = imageDownloadRun): Command {
  return new Command('image-download')
    .description('Download a specific image.')
    .argument('<IMAGE_ID>', 'ID of image to download.')
    .option(
      '--allow-md5-fallback',
      "If the image's os_hash_algo is not available on this client, verify the data with the legacy MD5 checksum instead of failing. Also env[OS_IMAGE_ALLOW_MD5_FALLBACK] (any value).",
    )
    .option('--file <FILE>', 'Local file to save downloaded image data to. Without it, the data goes to stdout, which must not be a terminal.')
    .option('--progress', 'Show download progress bar (on stderr, when it is a terminal).')
    .action(async (imageId: string, raw: { file?: string; progress?: boolean; allowMd5Fallback?: boolean }) => {
      await run(
        {
          imageId,
          file: raw.file,
          progress: raw.progress === true,
          allowMd5Fallback: raw.allowMd5Fallback === true || Boolean(context.env.OS_IMAGE_ALLOW_MD5_FALLBACK),
        },
        context,
      );
    });
}

export async function imageDownloadRun(options: ImageDownloadOptions, context: CommandContext): Promise<void> {
  if (options.file === undefined && context.io.stdoutIsTTY) {
    throw new CliError(
      'No redirection or local file specified for downloaded image data. Please specify a local file with --file to save downloaded image or redirect output to another source.',
    );
  }
  const images = await context.images();
  let image: Image;
  let data: ImageData | undefined;
  try {
    // The record first: its checksum must describe the data that follows.
    image = await images.get(options.imageId, context.signal);
    data = await images.download(image.id, context.signal);
  } catch (error) {
    if (error instanceof GlanceError) {
      throw new CliError(`Unable to download image '${options.imageId}'. (${error.message})`);
    }
    throw error;
  }
  if (!data) {
    throw new CliError(`Image ${options.imageId} has no data.`);
  }
  const check = downloadCheck(image, data.contentMd5, options.allowMd5Fallback);
  if (options.file === undefined) {
    await receive(data, context.io.stdout, check, options, context);
    return;
  }
  let target: DownloadTarget;
  try {
    target = await openDownloadTarget(options.file, { newFileMode: context.newFileMode });
  } catch (error) {
    data.body.destroy();
    throw error;
  }
  try {
    await receive(data, target.stream, check, options, context);
    await target.commit();
  } catch (error) {
    await target.abort();
    throw error;
  }
}

async function receive(
  data: ImageData,
  destination: Writable,
  check: DownloadCheck | undefined,
  options: ImageDownloadOptions,
  context: CommandContext,
): Promise<void> {
  const progress = createTransferProgress({
    target: progressTarget(context),
    enabled: options.progress,
    total: data.contentLength,
    label: 'Downloading',
  });
  const received: { digests?: Record<string, string>; bytes: number } = { bytes: 0 };
  let writeFailure: NodeJS.ErrnoException | undefined;
  const noteWriteFailure = (error: NodeJS.ErrnoException): void => {
    writeFailure ??= error;
  };
  // Kept for the rest of the run: a write can still fail while the last bytes drain.
  destination.on('error', noteWriteFailure);
  try {
    await pipeline(
      data.body,
      hashingStream(check ? [check.algorithm] : [], progress, received, data.contentLength),
      destination,
      { signal: context.signal, end: false },
    );
  } catch (error) {
    progress.abort();
    data.body.destroy();
    if (context.signal.aborted) {
      throw new InterruptedError();
    }
    if (writeFailure && options.file !== undefined) {
      throw writeError(options.file, writeFailure);
    }
    throw error instanceof CliError ? error : new CliError(`Download of image '${options.imageId}' failed: ${(error as Error).message}`);
  }
  progress.finish();
  if (data.contentLength !== undefined && received.bytes !== data.contentLength) {
    throw new CliError(`Download of image '${options.imageId}' is incomplete: received ${received.bytes} of ${data.contentLength} bytes`);
  }
  const actual = check ? received.digests?.[check.algorithm] : undefined;
  if (check && actual !== check.expected) {
    throw new CliError(`Corrupt image download. ${check.label} was ${actual} expected ${check.expected}`);
  }
}
