/** task-list: the tasks the user can see (admin only on most clouds), newest status first. */
import { TASK_SORT_DIRECTIONS, TASK_SORT_KEYS } from '../../glance/tasks.js';
import type { Task } from '../../glance/types.js';
import { defineCommand, integer, text, textWithDefault } from '../definition.js';

export const command = defineCommand({
  name: 'task-list',
  summary: 'List tasks you can access.',
  examples: ['glance task-list --status failure', 'glance task-list -f json -c ID -c Status'],
  options: {
    sortKey: textWithDefault(`{${TASK_SORT_KEYS.join(',')}}`, 'Sort task list by specified field.', 'status', { choices: TASK_SORT_KEYS }),
    sortDir: textWithDefault(`{${TASK_SORT_DIRECTIONS.join(',')}}`, 'Sort task list in specified direction.', 'desc', { choices: TASK_SORT_DIRECTIONS }),
    pageSize: integer('<SIZE>', 'Number of tasks to request in each paginated request.'),
    type: text('<TYPE>', 'Filter tasks to those that have this type.'),
    status: text('<STATUS>', 'Filter tasks to those that have this status.'),
  },
  output: 'list',
  apiVersions: [2],
  async run({ sortKey, sortDir, pageSize, type, status }, context) {
    const api = await context.api();
    const rows: Task[] = [];
    for await (const task of api.v2('task-list').tasks.list({ type, status, sortKey, sortDir }, { pageSize, signal: context.signal })) {
      rows.push(task);
    }
    return { kind: 'list', columns: [{ label: 'ID' }, { label: 'Type' }, { label: 'Status' }, { label: 'Owner' }], rows };
  },
});
