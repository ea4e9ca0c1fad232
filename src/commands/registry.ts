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
  'credential-store-delete': legacy(() => import('./credential-store/delete.js'), (m) => m.credentialStoreDeleteCommand),
  'credential-store-set': legacy(() => import('./credential-store/set.js'), (m) => m.credentialStoreSetCommand),
  'image-create': legacy(() => import('./image/create.js'), (m) => m.imageCreateCommand),
  'image-create-via-import': legacy(() => import('./image/create-via-import.js'), (m) => m.imageCreateViaImportCommand),
  'image-deactivate': legacy(() => import('./image/deactivate.js'), (m) => m.imageDeactivateCommand),
  'image-delete': legacy(() => import('./image/delete.js'), (m) => m.imageDeleteCommand),
  'image-download': legacy(() => import('./image/download.js'), (m) => m.imageDownloadCommand),
  'image-import': legacy(() => import('./image/import.js'), (m) => m.imageImportCommand),
  'image-inspect': () => import('./image/inspect.js'),
  'image-list': legacy(() => import('./image/list.js'), (m) => m.imageListCommand),
  'image-reactivate': legacy(() => import('./image/reactivate.js'), (m) => m.imageReactivateCommand),
  'image-show': () => import('./image/show.js'),
  'image-stage': legacy(() => import('./image/stage.js'), (m) => m.imageStageCommand),
  'image-tag-delete': legacy(() => import('./image/tag/delete.js'), (m) => m.imageTagDeleteCommand),
  'image-tag-update': legacy(() => import('./image/tag/update.js'), (m) => m.imageTagUpdateCommand),
  'image-tasks': legacy(() => import('./image/tasks.js'), (m) => m.imageTasksCommand),
  'image-update': legacy(() => import('./image/update.js'), (m) => m.imageUpdateCommand),
  'image-upload': legacy(() => import('./image/upload.js'), (m) => m.imageUploadCommand),
  'import-info': legacy(() => import('./import/info.js'), (m) => m.importInfoCommand),
  'member-create': legacy(() => import('./member/create.js'), (m) => m.memberCreateCommand),
  'member-delete': legacy(() => import('./member/delete.js'), (m) => m.memberDeleteCommand),
  'member-get': legacy(() => import('./member/get.js'), (m) => m.memberGetCommand),
  'member-list': legacy(() => import('./member/list.js'), (m) => m.memberListCommand),
  'member-update': legacy(() => import('./member/update.js'), (m) => m.memberUpdateCommand),
  'stores-delete': legacy(() => import('./stores/delete.js'), (m) => m.storesDeleteCommand),
  'stores-info': legacy(() => import('./stores/info.js'), (m) => m.storesInfoCommand),
  'task-create': legacy(() => import('./task/create.js'), (m) => m.taskCreateCommand),
  'task-list': legacy(() => import('./task/list.js'), (m) => m.taskListCommand),
  'task-show': legacy(() => import('./task/show.js'), (m) => m.taskShowCommand),
  'token-cache-clear': () => import('./token-cache/clear.js'),
  'verify-install': legacy(() => import('./verify-install.js'), (m) => m.verifyInstallCommand),
};
