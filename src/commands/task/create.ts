/** task-create: starts a task of a given type with a JSON input (admin only on most clouds). */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { CliError } from '../../errors.js';
import type { CommandOutput } from '../../output/render.js';
import { taskTable } from './show.js';

export interface TaskCreateOptions {
  type?: string;
  input: string;
}

export function taskCreateCommand(context: CommandContext, run = taskCreateRun): Command {
  return new Command('task-create')
    .description('Create a new task.')
    .option('--type <TYPE>', 'Type of Task. Please refer to Glance schema or documentation to see which tasks are supported.')
    .option('--input <STRING>', 'Parameters of the task to be launched', '{}')
    .action(async (raw: TaskCreateOptions) => {
      context.print(await run({ type: raw.type, input: raw.input }, context));
    });
}

export async function taskCreateRun(options: TaskCreateOptions, context: CommandContext): Promise<CommandOutput> {
  if (!(options.type && options.input)) {
    throw new CliError('Unable to create task. Specify task type and input.');
  }
  let input: unknown;
  try {
    input = JSON.parse(options.input);
  } catch {
    throw new CliError('Failed to parse the "input" parameter. Must be a valid JSON object.');
  }
  const glance = await context.glance();
  return taskTable(await glance.tasks.create({ type: options.type, input }, context.signal));
}
