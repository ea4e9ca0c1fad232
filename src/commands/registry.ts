/**
 * Every subcommand, one line each: its name and the module that declares it. A module is loaded
 * only when its command runs (or when help or completion lists them all). The name is the
 * module's path under src/commands joined by '-' (test/unit/commands/registry.test.ts checks).
 */
import type { AnyCommand } from './definition.js';

/** What a command module exports. */
export interface CommandModule {
  command: AnyCommand;
}
export type CommandLoader = () => Promise<CommandModule>;

export const COMMANDS: Readonly<Record<string, CommandLoader>> = {
  'add-location': () => import('./add-location.js'),
  'cache-clear': () => import('./cache/clear.js'),
  'cache-delete': () => import('./cache/delete.js'),
  'cache-list': () => import('./cache/list.js'),
  'cache-queue': () => import('./cache/queue.js'),
  'credential-store-delete': () => import('./credential-store/delete.js'),
  'credential-store-set': () => import('./credential-store/set.js'),
  'explain': () => import('./explain.js'),
  'image-copy': () => import('./image/copy.js'),
  'image-create': () => import('./image/create.js'),
  'image-create-via-import': () => import('./image/create-via-import.js'),
  'image-deactivate': () => import('./image/deactivate.js'),
  'image-delete': () => import('./image/delete.js'),
  'image-download': () => import('./image/download.js'),
  'image-import': () => import('./image/import.js'),
  'image-inspect': () => import('./image/inspect.js'),
  'image-list': () => import('./image/list.js'),
  'image-reactivate': () => import('./image/reactivate.js'),
  'image-show': () => import('./image/show.js'),
  'image-stage': () => import('./image/stage.js'),
  'image-tag-delete': () => import('./image/tag/delete.js'),
  'image-tag-update': () => import('./image/tag/update.js'),
  'image-tasks': () => import('./image/tasks.js'),
  'image-update': () => import('./image/update.js'),
  'image-upload': () => import('./image/upload.js'),
  'import-info': () => import('./import/info.js'),
  'location-add': () => import('./location/add.js'),
  'location-delete': () => import('./location/delete.js'),
  'location-update': () => import('./location/update.js'),
  'member-create': () => import('./member/create.js'),
  'member-delete': () => import('./member/delete.js'),
  'member-get': () => import('./member/get.js'),
  'member-list': () => import('./member/list.js'),
  'member-update': () => import('./member/update.js'),
  'stores-delete': () => import('./stores/delete.js'),
  'stores-info': () => import('./stores/info.js'),
  'task-create': () => import('./task/create.js'),
  'task-list': () => import('./task/list.js'),
  'task-show': () => import('./task/show.js'),
  'token-cache-clear': () => import('./token-cache/clear.js'),
  'usage': () => import('./usage.js'),
  'verify-install': () => import('./verify-install.js'),
};
