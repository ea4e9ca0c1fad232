/** image-tasks: the tasks that worked on an image (API v2.12), e.g. its imports. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';
import type { CommandOutput } from '../../output/render.js';

const COLUMNS = ['Message', 'Status', 'Updated at'];
const VERBOSE_BEFORE = ['Image Id', 'Task Id'];
const VERBOSE_AFTER = ['User Id', 'Request Id', 'Result', 'Owner', 'Input', 'Expires at'];

export interface ImageTasksOptions {
  imageId: string;
  verbose: boolean;
}

export function imageTasksCommand(context: CommandContext, run = imageTasksRun): Command {
  return new Command('image-tasks')
    .description('Get tasks associated with image')
    .argument('<IMAGE_ID>', 'ID of image to get tasks.')
    .action(async (imageId: string) => {
      context.print(await run({ imageId, verbose: context.verbose }, context));
    });
}

export async function imageTasksRun(options: ImageTasksOptions, context: CommandContext): Promise<CommandOutput> {
  const glance = await context.glance();
  let tasks;
  try {
    tasks = await glance.images.tasks(options.imageId, context.signal);
  } catch (error) {
    // The reference asks GET /versions for v2.12 first; asking only when the tasks call fails
    // tells the same two cases apart with one request less.
    if (error instanceof GlanceError && error.status === 404 && (await glance.versions.has('v2.12', context.signal))) {
      throw new CliError(`Image ${options.imageId} not found.`);
    }
    if (error instanceof GlanceError && (error.status === 404 || error.status === 501)) {
      throw new CliError('Server does not support image tasks API (v2.12)');
    }
    throw error;
  }
  const columns = options.verbose ? [...VERBOSE_BEFORE, ...COLUMNS, ...VERBOSE_AFTER] : COLUMNS;
  // print_dict_list reads the "Task Id" column from the task's id.
  const rows = tasks.map((task) => ({ ...task, task_id: task.id }));
  return { kind: 'list', columns, rows, pythonCells: true };
}
