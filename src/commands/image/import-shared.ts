/**
 * What image-create-via-import, image-stage and image-import share: staging data, the import
 * request as python-glanceclient builds it, and --wait (ours): following the import task until
 * the image is imported or the import failed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Option, type Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import type { GlanceClient } from '../../glance/client.js';
import { GlanceError } from '../../glance/errors.js';
import type { Image, ImportRequest, Task } from '../../glance/types.js';
import { createSpinner } from '../../output/spinner.js';
import { parseLooseBoolean } from '../parsers.js';
import { progressTarget, sendImageData, type ImageSource } from './data.js';

/** What python-glanceclient's images.image_import takes. */
export interface ImportChoices {
  method: string;
  uri?: string;
  remoteRegion?: string;
  remoteImageId?: string;
  remoteServiceInterface?: string;
  /** --store: sent as the x-image-meta-store header. */
  store?: string;
  stores?: string[];
  allStores?: boolean;
  allowFailure: boolean;
}

/** The body and headers of POST /v2/images/{id}/import, keys in the reference's order. */
export function importRequest(choices: ImportChoices): { body: ImportRequest; headers: Record<string, string> } {
  const body: ImportRequest = { method: { name: choices.method } };
  const headers: Record<string, string> = {};
  if (choices.stores && choices.stores.length > 0) {
    body.stores = choices.stores;
    if (choices.allowFailure) {
      body.all_stores_must_succeed = false;
    }
  }
  if (choices.store !== undefined) {
    headers['x-image-meta-store'] = choices.store;
  }
  if (choices.allStores) {
    body.all_stores = true;
    if (choices.allowFailure) {
      body.all_stores_must_succeed = false;
    }
  }
  if (choices.remoteRegion && choices.remoteImageId) {
    if (choices.remoteServiceInterface) {
      body.method.glance_service_interface = choices.remoteServiceInterface;
    }
    body.method.glance_region = choices.remoteRegion;
    body.method.glance_image_id = choices.remoteImageId;
  }
  if (choices.uri) {
    if (choices.method !== 'web-download') {
      // glanceclient raises its HTTPBadRequest here, so it prints as "HTTP <message>".
      throw new GlanceError(400, 'URI is only supported with method: "web-download"', undefined);
    }
    body.method.uri = choices.uri;
  }
  return { body, headers };
}

/** The import options image-import and image-create-via-import share (everything but the method). */
export interface ImportTargetOptions {
  uri?: string;
  remoteRegion?: string;
  remoteImageId?: string;
  remoteServiceInterface?: string;
  store?: string;
  /** Comma-separated, as given. */
  stores?: string;
  allStores?: boolean;
  allowFailure: boolean;
  wait: boolean;
}

/** Declares the import-target options image-import and image-create-via-import share (read by importTargetOptions). */
export function addImportTargetOptions(command: Command): Command {
  return command
    .option('--uri <IMAGE_URL>', 'URI to download the external image.')
    .option('--remote-region <REMOTE_GLANCE_REGION>', 'REMOTE GLANCE REGION to download the image.')
    .option('--remote-image-id <REMOTE_IMAGE_ID>', 'The IMAGE ID of the image of remote glance, which needs to be imported with glance-download')
    .option('--remote-service-interface <REMOTE_SERVICE_INTERFACE>', 'The Remote Glance Service Interface for glance-download', 'public')
    .option('--store <STORE>', 'Backend store to upload image to. Defaults to env[OS_IMAGE_STORE].')
    .option('--stores <STORES>', 'Stores to upload image to if multi-stores import available. Defaults to env[OS_IMAGE_STORES].')
    .addOption(
      new Option(
        '--all-stores <True|False>',
        '"all-stores" can be used instead of "stores"-list to indicate that image should be imported all available stores.',
      ).argParser(parseLooseBoolean),
    )
    .addOption(
      new Option(
        '--allow-failure <True|False>',
        'Indicator if all stores listed (or available) must succeed. "True" by default meaning that we allow some stores to fail and the status can be monitored from the image metadata. ' +
          'If this is set to "False" the import will be reverted should any of the uploads fail. Only usable with "stores" or "all-stores". Defaults to env[OS_IMAGE_ALLOW_FAILURE] or True.',
      ).argParser(parseLooseBoolean),
    )
    .option('--wait', 'Wait until the import has finished (a spinner on stderr when it is a terminal); exit 1 with the task\'s message if it failed.');
}

/** Those options from commander's values, with their OS_IMAGE_* variables as defaults. */
export function importTargetOptions(raw: Record<string, unknown>, env: CommandContext['env']): ImportTargetOptions {
  return {
    uri: raw.uri as string | undefined,
    remoteRegion: raw.remoteRegion as string | undefined,
    remoteImageId: raw.remoteImageId as string | undefined,
    remoteServiceInterface: raw.remoteServiceInterface as string | undefined,
    store: (raw.store as string | undefined) ?? (env.OS_IMAGE_STORE || undefined),
    stores: (raw.stores as string | undefined) ?? (env.OS_IMAGE_STORES || undefined),
    allStores: raw.allStores as boolean | undefined,
    allowFailure: (raw.allowFailure as boolean | undefined) ?? (env.OS_IMAGE_ALLOW_FAILURE ? parseLooseBoolean(env.OS_IMAGE_ALLOW_FAILURE) : true),
    wait: raw.wait === true,
  };
}

/** --stores as the reference splits it (str(stores).split(',')). */
export function splitStores(stores: string | undefined): string[] | undefined {
  return stores ? stores.split(',') : undefined;
}

/** The import methods GET /v2/info/import lists. */
export async function offeredImportMethods(glance: GlanceClient, signal: AbortSignal): Promise<string[]> {
  const info = await glance.info.importInfo(signal);
  return info['import-methods']?.value ?? [];
}

export function invalidImportMethod(method: string): CliError {
  return new CliError(`Import method '${method}' is not valid for this cloud. Valid values can be retrieved with import-info command.`);
}

/** What was sent to the staging area. */
export type StagedData = Awaited<ReturnType<typeof sendImageData>>;

/** Streams the source into PUT /v2/images/{id}/stage, hashing it with `algorithms` on the way, with --progress. */
export function stageData(
  context: CommandContext,
  glance: GlanceClient,
  imageId: string,
  source: ImageSource,
  options: { size?: number; progress: boolean; algorithms: string[] },
): Promise<StagedData> {
  return sendImageData(context, source, { ...options, label: 'Staging' }, (body) =>
    glance.images.stage(imageId, body, { size: options.size, signal: context.signal }),
  );
}

/** Glance recorded the staged size: it must be what was sent. */
export function checkStagedSize(image: Image, staged: StagedData): void {
  if (typeof image.size === 'number' && image.size !== staged.bytes) {
    throw new CliError(`Staging verification failed for image ${image.id}: Glance staged ${image.size} bytes but ${staged.bytes} were sent`);
  }
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
