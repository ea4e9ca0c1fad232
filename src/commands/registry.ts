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
  'md-namespace-create': () => import('./md/namespace/create.js'),
  'md-namespace-delete': () => import('./md/namespace/delete.js'),
  'md-namespace-import': () => import('./md/namespace/import.js'),
  'md-namespace-list': () => import('./md/namespace/list.js'),
  'md-namespace-objects-delete': () => import('./md/namespace/objects-delete.js'),
  'md-namespace-properties-delete': () => import('./md/namespace/properties-delete.js'),
  'md-namespace-resource-type-list': () => import('./md/namespace/resource-type-list.js'),
  'md-namespace-show': () => import('./md/namespace/show.js'),
  'md-namespace-tags-delete': () => import('./md/namespace/tags-delete.js'),
  'md-namespace-update': () => import('./md/namespace/update.js'),
  'md-object-create': () => import('./md/object/create.js'),
  'md-object-delete': () => import('./md/object/delete.js'),
  'md-object-list': () => import('./md/object/list.js'),
  'md-object-property-show': () => import('./md/object/property-show.js'),
  'md-object-show': () => import('./md/object/show.js'),
  'md-object-update': () => import('./md/object/update.js'),
  'md-property-create': () => import('./md/property/create.js'),
  'md-property-delete': () => import('./md/property/delete.js'),
  'md-property-list': () => import('./md/property/list.js'),
  'md-property-show': () => import('./md/property/show.js'),
  'md-property-update': () => import('./md/property/update.js'),
  'md-resource-type-associate': () => import('./md/resource-type/associate.js'),
  'md-resource-type-deassociate': () => import('./md/resource-type/deassociate.js'),
  'md-resource-type-list': () => import('./md/resource-type/list.js'),
  'md-tag-create': () => import('./md/tag/create.js'),
  'md-tag-create-multiple': () => import('./md/tag/create-multiple.js'),
  'md-tag-delete': () => import('./md/tag/delete.js'),
  'md-tag-list': () => import('./md/tag/list.js'),
  'md-tag-show': () => import('./md/tag/show.js'),
  'md-tag-update': () => import('./md/tag/update.js'),
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
