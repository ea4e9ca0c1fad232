/** task-show: one task's properties. */
import { argument, defineCommand } from '../definition.js';
import { taskRecord } from './shared.js';

export const command = defineCommand({
  name: 'task-show',
  summary: 'Describe a specific task.',
  examples: ['glance task-show "$TASK_ID"', 'glance task-show "$TASK_ID" -f value -c status -c message'],
  arguments: {
    taskId: argument('<TASK_ID>', 'ID of task to describe.'),
  },
  output: 'record',
  apiVersions: [2],
  async run({ taskId }, context) {
    const api = await context.api();
    return taskRecord(await api.v2('task-show').tasks.get(taskId, context.signal));
  },
});
