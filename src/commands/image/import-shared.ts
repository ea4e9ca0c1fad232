/**
 * What image-create-via-import and image-import share: their import options, checking the
 * method against what the cloud offers, and --wait (ours): following the import task until the
 * image is imported or the import failed. The request itself is built by glance/import-request.ts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import type { GlanceClient } from '../../glance/client.js';
import { GlanceError } from '../../glance/errors.js';
import type { Image, Task } from '../../glance/types.js';
import { createSpinner } from '../../output/spinner.js';
import { flag, parsed, parseLooseBoolean, text, textWithDefault, type OptionSpec } from '../definition.js';
import { progressTarget, storeOption } from './shared.js';

/** The import options image-import and image-create-via-import share (everything but the method), in the reference's order. */
export const IMPORT_TARGET_OPTIONS = {
  uri: text('<IMAGE_URL>', 'URI to download the external image.'),
  remoteRegion: text('<REMOTE_GLANCE_REGION>', 'REMOTE GLANCE REGION to download the image.'),
  remoteImageId: text('<REMOTE_IMAGE_ID>', 'The IMAGE ID of the image of remote glance, which needs to be imported with glance-download'),
  remoteServiceInterface: textWithDefault('<REMOTE_SERVICE_INTERFACE>', 'The Remote Glance Service Interface for glance-download', 'public'),
  store: storeOption,
  stores: text('<STORES>', 'Stores to upload image to if multi-stores import available.', { env: 'OS_IMAGE_STORES' }),
  allStores: parsed(
    '<True|False>',
    '"all-stores" can be used instead of "stores"-list to indicate that image should be imported all available stores.',
    parseLooseBoolean,
  ),
  allowFailure: {
    kind: 'option',
    metavar: '<True|False>',
    help:
      'Indicator if all stores listed (or available) must succeed. "True" by default meaning that we allow some stores to fail and the status can be monitored from the image metadata. ' +
      'If this is set to "False" the import will be reverted should any of the uploads fail. Only usable with "stores" or "all-stores". Defaults to env[OS_IMAGE_ALLOW_FAILURE] or True.',
    parse: parseLooseBoolean,
    env: 'OS_IMAGE_ALLOW_FAILURE',
    default: true,
  } satisfies OptionSpec<boolean> as OptionSpec<boolean>,
  wait: flag("Wait until the import has finished (a spinner on stderr when it is a terminal); exit 1 with the task's message if it failed."),
};

/** --stores as the reference splits it (str(stores).split(',')). */
export function splitStores(stores: string | undefined): string[] | undefined {
  return stores ? stores.split(',') : undefined;
}

/** --store, --stores and --all-stores exclude each other. */
export function checkOneStoreChoice(store: string | undefined, stores: string[] | undefined, allStores: boolean | undefined): void {
  if ((store && (stores || allStores)) || (stores && allStores)) {
    throw new CliError('Only one of --store, --stores and --all-stores can be provided');
  }
}

/** The import methods GET /v2/info/import lists. */
export async function offeredImportMethods(glance: GlanceClient, signal: AbortSignal): Promise<string[]> {
  const info = await glance.info.importInfo(signal);
  return info['import-methods']?.value ?? [];
}

export function invalidImportMethod(method: string): CliError {
  return new CliError(`Import method '${method}' is not valid for this cloud. Valid values can be retrieved with import-info command.`);
}

/** The import ended without the image being imported (everywhere it was asked to go). */
export class ImportFailedError extends CliError {
  constructor(
    message: string,
    /** Some stores have the image: it is usable, and must not be removed. */
    readonly partial: boolean,
  ) {
    super(message);
  }
}

const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 2000;
/** Statuses an image never leaves by itself. */
const DEAD_STATUSES = ['killed', 'deleted', 'pending_delete'];

/**
 * --wait: polls the image, and the import task it names (os_glance_import_task, or else the
 * image's newest task) through GET /v2/images/{id}/tasks, until the task has succeeded and no store is still being imported
 * to. A failed task, or stores left in os_glance_failed_import, is an ImportFailedError with the
 * task's message. Clouds without the image tasks API are followed by the image's status alone.
 * A spinner shows the status on stderr when it is a terminal.
 */
export async function waitForImport(context: CommandContext, glance: GlanceClient, imageId: string): Promise<Image> {
  const spinner = createSpinner(progressTarget(context), `Importing image ${imageId}`);
  let delay = FIRST_POLL_MS;
  let tasksAvailable = true;
  let taskId: string | undefined;
  try {
    for (;;) {
      const image = await glance.images.get(imageId, context.signal);
      // The image names its running import task, and forgets it once the task has ended.
      if (typeof image.os_glance_import_task === 'string' && image.os_glance_import_task) {
        taskId = image.os_glance_import_task;
      }
      let task: Task | undefined;
      if (tasksAvailable) {
        try {
          const tasks = await glance.images.tasks(imageId, context.signal);
          // A task that ended before the first look: the newest one is the import just started.
          task = taskId ? tasks.find((candidate) => candidate.id === taskId) : newest(tasks);
          taskId ??= task?.id;
        } catch (error) {
          // Older clouds (before API v2.12), or a policy that hides tasks: the image alone will do.
          if (!(error instanceof GlanceError && [403, 404, 501].includes(error.status))) {
            throw error;
          }
          tasksAvailable = false;
        }
      }
      const outcome = importOutcome(image, task);
      if (outcome === 'done') {
        return image;
      }
      spinner.update(`Importing image ${imageId}: ${outcome}`);
      await sleep(delay, undefined, { signal: context.signal });
      delay = Math.min(delay * 2, MAX_POLL_MS);
    }
  } catch (error) {
    spinner.stop();
    if (context.signal.aborted) {
      context.warn(`Stopped waiting: image ${imageId} may still be importing; see glance image-show ${imageId}`);
    }
    throw error;
  } finally {
    spinner.stop();
  }
}

/** 'done', a short description of what is still going on, or an ImportFailedError thrown. */
function importOutcome(image: Image, task: Task | undefined): string {
  const importing = storeList(image.os_glance_importing_to_stores);
  const failed = storeList(image.os_glance_failed_import);
  const status = image.status ?? 'unknown';
  const reason = (fallback: string): string => {
    const message = task?.message ? task.message : fallback;
    return failed.length > 0 ? `${message} (failed stores: ${failed.join(', ')})` : message;
  };
  if (task?.status === 'failure') {
    throw new ImportFailedError(`Import of image ${image.id} failed: ${reason(`task ${task.id} failed`)}`, status === 'active');
  }
  if (DEAD_STATUSES.includes(status)) {
    throw new ImportFailedError(`Import of image ${image.id} failed: ${reason(`the image is ${status}`)}`, false);
  }
  const finished = task ? task.status === 'success' && importing.length === 0 : status === 'active' && importing.length === 0;
  if (finished) {
    if (failed.length > 0) {
      const stores = typeof image.stores === 'string' && image.stores ? image.stores : 'no store';
      throw new ImportFailedError(`Image ${image.id} was imported into ${stores} but not into ${failed.join(', ')}: ${reason('the import failed there')}`, true);
    }
    return 'done';
  }
  // Without a task to follow: stores that failed and nothing still running means it is over.
  if (!task && importing.length === 0 && failed.length > 0 && status !== 'importing') {
    throw new ImportFailedError(`Import of image ${image.id} failed: ${reason(`the image is ${status}`)}`, status === 'active');
  }
  return importing.length > 0 ? `${status}, importing to ${importing.join(', ')}` : status;
}

function newest(tasks: Task[]): Task | undefined {
  return tasks.reduce<Task | undefined>((latest, task) => (!latest || (task.created_at ?? '') > (latest.created_at ?? '') ? task : latest), undefined);
}

/** os_glance_importing_to_stores and os_glance_failed_import: comma-separated store ids. */
function storeList(value: unknown): string[] {
  return typeof value === 'string' ? value.split(',').map((store) => store.trim()).filter(Boolean) : [];
}
