/**
 * Every subcommand, one line each: its name and the module that declares it. A module is loaded
 * only when its command runs (or when help or completion lists them all). The name is the
 * module's path under src/commands joined by '-' (test/unit/commands/registry.test.ts checks).
 */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import type { AnyCommand } from './definition.js';

/** A declared command, or (while commands move to definitions) a commander builder. */
export type CommandModule = { command: AnyCommand } | { legacy: (context: CommandContext) => Command };
export type CommandLoader = () => Promise<CommandModule>;

const legacy =
  <M>(load: () => Promise<M>, pick: (module: M) => (context: CommandContext) => Command): CommandLoader =>
  async () => ({ legacy: pick(await load()) });

export const COMMANDS: Readonly<Record<string, CommandLoader>> = {
  'credential-store-delete': () => import('./credential-store/delete.js'),
  'credential-store-set': () => import('./credential-store/set.js'),
  'image-create': legacy(() => import('./image/create.js'), (m) => m.imageCreateCommand),
  'image-create-via-import': legacy(() => import('./image/create-via-import.js'), (m) => m.imageCreateViaImportCommand),
  'image-deactivate': legacy(() => import('./image/deactivate.js'), (m) => m.imageDeactivateCommand),
  'image-delete': legacy(() => import('./image/delete.js'), (m) => m.imageDeleteCommand),
  'image-download': legacy(() => import('./image/download.js'), (m) => m.imageDownloadCommand),
  'image-import': legacy(() => import('./image/import.js'), (m) => m.imageImportCommand),
  'image-list': legacy(() => import('./image/list.js'), (m) => m.imageListCommand),
  'image-reactivate': legacy(() => import('./image/reactivate.js'), (m) => m.imageReactivateCommand),
  'image-show': () => import('./image/show.js'),
  'image-stage': legacy(() => import('./image/stage.js'), (m) => m.imageStageCommand),
  'image-tag-delete': legacy(() => import('./image/tag/delete.js'), (m) => m.imageTagDeleteCommand),
  'image-tag-update': legacy(() => import('./image/tag/update.js'), (m) => m.imageTagUpdateCommand),
  'image-tasks': legacy(() => import('./image/tasks.js'), (m) => m.imageTasksCommand),
  'image-update': legacy(() => import('./image/update.js'), (m) => m.imageUpdateCommand),
  'image-upload': legacy(() => import('./image/upload.js'), (m) => m.imageUploadCommand),
  'import-info': () => import('./import/info.js'),
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
  'verify-install': () => import('./verify-install.js'),
};
