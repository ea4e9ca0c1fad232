/** image-tasks: the tasks that worked on an image (API v2.12), e.g. its imports. */
import { CliError } from '../../errors.js';
import { GlanceError } from '../../glance/errors.js';
import type { Column } from '../../output/model.js';
import { argument, defineCommand } from '../definition.js';

const COLUMNS: Column[] = [{ label: 'Message' }, { label: 'Status' }, { label: 'Updated at' }];
// print_dict_list reads the "Task Id" column from the task's id.
const VERBOSE_BEFORE: Column[] = [{ label: 'Image Id' }, { label: 'Task Id', key: 'id' }];
const VERBOSE_AFTER: Column[] = [{ label: 'User Id' }, { label: 'Request Id' }, { label: 'Result' }, { label: 'Owner' }, { label: 'Input' }, { label: 'Expires at' }];

export const command = defineCommand({
  name: 'image-tasks',
  summary: 'Get tasks associated with image',
  description: 'With the global --verbose, every field of each task.',
  examples: ['glance image-tasks "$ID"', 'glance --verbose image-tasks "$ID" -f json'],
  apiVersions: [2],
  arguments: {
    imageId: argument('<IMAGE_ID>', 'ID of image to get tasks.', { complete: 'image' }),
  },
  output: 'list',
  async run({ imageId }, context) {
    const glance = (await context.api()).v2('image-tasks');
    let tasks;
    try {
      tasks = await glance.images.tasks(imageId, context.signal);
    } catch (error) {
      // The reference asks GET /versions for v2.12 first; asking only when the tasks call fails
      // tells the same two cases apart with one request less.
      if (error instanceof GlanceError && error.status === 404 && (await glance.versions.has('v2.12', context.signal))) {
        throw new CliError(`Image ${imageId} not found.`);
      }
      if (error instanceof GlanceError && (error.status === 404 || error.status === 501)) {
        throw new CliError('Server does not support image tasks API (v2.12)');
      }
      throw error;
    }
    return {
      kind: 'list',
      columns: context.verbose ? [...VERBOSE_BEFORE, ...COLUMNS, ...VERBOSE_AFTER] : COLUMNS,
      rows: tasks,
      cells: 'print_dict_list',
    };
  },
});
