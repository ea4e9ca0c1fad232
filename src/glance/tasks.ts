/** /v2/tasks: Glance's asynchronous tasks (imports among them). */
import { segment, type GlanceTransport } from './transport.js';
import type { Task, TaskListFilters, TaskPage } from './types.js';

export const TASK_SORT_KEYS = ['id', 'type', 'status'] as const;
export const TASK_SORT_DIRECTIONS = ['asc', 'desc'] as const;
export const DEFAULT_TASK_PAGE_SIZE = 20;

export class TasksApi {
  constructor(private readonly transport: GlanceTransport) {}

  /** Every task matching the filters, following `next` links. */
  async *list(filters: TaskListFilters, options: { pageSize?: number; signal?: AbortSignal } = {}): AsyncGenerator<Task> {
    let page = await this.transport.json<TaskPage>('GET', '/v2/tasks', { query: taskListQuery(filters, options.pageSize), signal: options.signal });
    for (;;) {
      yield* page.tasks ?? [];
      if (!page.next) {
        return;
      }
      const response = await this.transport.requestLink('GET', page.next, { signal: options.signal });
      page = await response.json<TaskPage>();
    }
  }

  get(id: string, signal?: AbortSignal): Promise<Task> {
    return this.transport.json<Task>('GET', `/v2/tasks/${segment(id)}`, { signal });
  }

  create(fields: { type: string; input: unknown }, signal?: AbortSignal): Promise<Task> {
    return this.transport.json<Task>('POST', '/v2/tasks', { body: { json: fields }, signal });
  }
}

/** python-glanceclient's query, in its order: type, status, limit, sort_key, sort_dir. */
export function taskListQuery(filters: TaskListFilters, pageSize: number | undefined): [string, string][] {
  const query: [string, string][] = [];
  if (filters.type !== undefined) {
    query.push(['type', filters.type]);
  }
  if (filters.status !== undefined) {
    query.push(['status', filters.status]);
  }
  // Like the reference, a page size of 0 means the default.
  query.push(['limit', String(pageSize || DEFAULT_TASK_PAGE_SIZE)]);
  if (filters.sortKey !== undefined) {
    query.push(['sort_key', filters.sortKey]);
  }
  if (filters.sortDir !== undefined) {
    query.push(['sort_dir', filters.sortDir]);
  }
  return query;
}
