/** task-create: starts a task of a given type with a JSON input (admin only on most clouds). */
import { CliError } from '../../errors.js';
import { defineCommand, text, textWithDefault } from '../definition.js';
import { taskRecord } from './shared.js';

export const command = defineCommand({
  name: 'task-create',
  summary: 'Create a new task.',
  examples: [
    `glance task-create --type import --input '{"import_from": "'"$URL"'", "import_from_format": "qcow2"}'`,
    'TASK_ID=$(glance task-create --type import --input "$(cat import-task.json)" -f value -c id)',
  ],
  options: {
    type: text('<TYPE>', 'Type of Task. Please refer to Glance schema or documentation to see which tasks are supported.'),
    input: textWithDefault('<STRING>', 'Parameters of the task to be launched', '{}'),
  },
  output: 'record',
  apiVersions: [2],
  async run({ type, input }, context) {
    if (!(type && input)) {
      throw new CliError('Unable to create task. Specify task type and input.');
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(input);
    } catch {
      throw new CliError('Failed to parse the "input" parameter. Must be a valid JSON object.');
    }
    const api = await context.api();
    return taskRecord(await api.v2('task-create').tasks.create({ type, input: parsed }, context.signal));
  },
});
