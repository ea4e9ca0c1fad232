/** How task-show and task-create show a task. */
import type { Task } from '../../glance/types.js';
import type { RecordResult } from '../../output/model.js';

/** The task minus its links, as python-glanceclient prints it. */
export function taskRecord(task: Task): RecordResult {
  const { self: _self, schema: _schema, ...data } = task;
  return { kind: 'record', data };
}
