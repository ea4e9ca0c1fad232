/** Commands that act on several images (image-delete, cache-*): one call per image, each failure reported as the reference words it. */
import type { CommandContext } from '../context.js';
import { CliError } from '../errors.js';
import { GlanceError } from '../glance/errors.js';

/**
 * Runs `action` for each image id and reports each HTTP failure on stderr with `describe`'s words
 * (403, or any other), and exits 1 at the end when any failed, so that scripts can tell.
 * (python-glanceclient exits 1 so from image-delete, but 0 from cache-queue/delete/clear.)
 */
export async function forEachImage(
  imageIds: readonly string[],
  action: (imageId: string) => Promise<void>,
  describe: (imageId: string, error: GlanceError) => string,
  context: CommandContext,
): Promise<void> {
  let failed = false;
  for (const imageId of imageIds) {
    try {
      await action(imageId);
    } catch (error) {
      if (!(error instanceof GlanceError)) {
        throw error;
      }
      failed = true;
      context.warn(describe(imageId, error));
    }
  }
  if (failed) {
    // Each failure is already on stderr; the exit code says the rest.
    throw new CliError('');
  }
}
