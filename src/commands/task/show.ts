/** task-show: one task's properties. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import type { Task } from '../../glance/types.js';
import type { CommandOutput, PropertyTable } from '../../output/render.js';

export interface TaskShowOptions {
  taskId: string;
}

export function taskShowCommand(context: CommandContext, run = taskShowRun): Command {
  return new Command('task-show')
    .description('Describe a specific task.')
    .argument('<TASK_ID>', 'ID of task to describe.')
    .action(async (taskId: string) => {
      context.print(await run({ taskId }, context));
    });
}

export async function taskShowRun(options: TaskShowOptions, context: CommandContext): Promise<CommandOutput> {
  const glance = await context.glance();
  return taskTable(await glance.tasks.get(options.taskId, context.signal));
}

/** The task minus its links, as task-show and task-create print it. */
export function taskTable(task: Task): PropertyTable {
  const properties: Record<string, unknown> = { ...task };
  delete properties.self;
  delete properties.schema;
  return { kind: 'properties', properties };
}
