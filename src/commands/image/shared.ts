/** What image-* commands share: how an image is shown, and removing one a command failed to fill. */
import type { CommandContext } from '../../context.js';
import { InterruptedError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';
import type { GlanceClient } from '../../glance/client.js';
import type { ImageService } from '../../glance/image-service.js';
import type { Image } from '../../glance/types.js';
import { humanSize } from '../../output/humanize.js';
import type { RecordResult } from '../../output/model.js';
import { pyStr } from '../../output/pyformat.js';
import type { PropertyTable } from '../../output/render.js';

/** Links and internals that python-glanceclient's print_image leaves out. */
const HIDDEN_FIELDS = ['self', 'access', 'file', 'schema'];

export interface ImageDisplayOptions {
  humanReadable?: boolean;
  maxColumnWidth?: number;
}

/** print_image: the image minus its links, virtual_size "Not available" when unknown, size optionally human-readable. */
export function imageTable(image: Image, options: ImageDisplayOptions = {}): PropertyTable {
  const properties: Record<string, unknown> = { ...image };
  for (const field of HIDDEN_FIELDS) {
    delete properties[field];
  }
  if (!properties.virtual_size) {
    properties.virtual_size = 'Not available';
  }
  if (options.humanReadable) {
    properties.size = humanSize(image.size);
  }
  return { kind: 'properties', properties, maxColumnWidth: options.maxColumnWidth };
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

/**
 * A create whose upload (or import) failed must not leave a queued (or corrupt) image behind:
 * deletes it and says so, or names it when the delete fails too. `reason` completes
 * "Deleted image <id>: ...".
 */
export async function removeUnfinishedImage(
  target: GlanceClient | ImageService,
  imageId: string,
  context: CommandContext,
  reason: string | undefined = 'its upload did not complete',
): Promise<void> {
  const images = 'images' in target ? target.images : target;
  for (let attempt = 1; ; attempt++) {
    try {
      // Not context.signal: after Ctrl-C it is already aborted, and the clean-up must still run.
      await images.delete(imageId);
      context.warn(`Deleted image ${imageId}: ${reason}.`);
      return;
    } catch (error) {
      // Glance answers 409 or 500 while the request that was cut is still being torn down on its side.
      const busy = error instanceof GlanceError && (error.status === 409 || error.status >= 500);
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
