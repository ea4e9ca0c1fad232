/** task-list: the tasks the user can see (admin only on most clouds), newest status first. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { TASK_SORT_DIRECTIONS, TASK_SORT_KEYS } from '../../glance/tasks.js';
import type { Task } from '../../glance/types.js';
import type { CommandOutput } from '../../output/render.js';
import { parseChoice, parseInteger } from '../parsers.js';

export interface TaskListOptions {
  sortKey: string;
  sortDir: string;
  pageSize?: number;
  type?: string;
  status?: string;
}

export function taskListCommand(context: CommandContext, run = taskListRun): Command {
  return new Command('task-list')
    .description('List tasks you can access.')
    .option('--sort-key <key>', `Sort task list by specified field (${TASK_SORT_KEYS.join(', ')}).`, parseChoice(TASK_SORT_KEYS), 'status')
    .option('--sort-dir <dir>', `Sort task list in specified direction (${TASK_SORT_DIRECTIONS.join(', ')}).`, parseChoice(TASK_SORT_DIRECTIONS), 'desc')
    .option('--page-size <SIZE>', 'Number of tasks to request in each paginated request.', parseInteger)
    .option('--type <TYPE>', 'Filter tasks to those that have this type.')
    .option('--status <STATUS>', 'Filter tasks to those that have this status.')
    .action(async (raw: TaskListOptions) => {
      context.print(await run({ sortKey: raw.sortKey, sortDir: raw.sortDir, pageSize: raw.pageSize, type: raw.type, status: raw.status }, context));
    });
}

export async function taskListRun(options: TaskListOptions, context: CommandContext): Promise<CommandOutput> {
  const glance = await context.glance();
  const rows: Task[] = [];
  const filters = { type: options.type, status: options.status, sortKey: options.sortKey, sortDir: options.sortDir };
  for await (const task of glance.tasks.list(filters, { pageSize: options.pageSize, signal: context.signal })) {
    rows.push(task);
  }
  return { kind: 'list', columns: ['ID', 'Type', 'Status', 'Owner'], rows };
}
