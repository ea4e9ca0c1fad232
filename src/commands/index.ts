/** Every subcommand, in the order help lists them. The only module that imports command files. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { bashCompletionCommand } from './bash-completion.js';
import { credentialStoreDeleteCommand, credentialStoreDeleteRun } from './credential-store/delete.js';
import { credentialStoreCommand, credentialStoreSetCommand, credentialStoreSetRun } from './credential-store/set.js';
import { tokenCacheClearCommand, tokenCacheCommand } from './token-cache/clear.js';
import { verifyInstallCommand } from './verify-install.js';
import { imageCreateCommand } from './image/create.js';
import { imageCreateViaImportCommand } from './image/create-via-import.js';
import { imageDeactivateCommand } from './image/deactivate.js';
import { imageDeleteCommand } from './image/delete.js';
import { imageDownloadCommand } from './image/download.js';
import { imageImportCommand } from './image/import.js';
import { imageListCommand } from './image/list.js';
import { imageReactivateCommand } from './image/reactivate.js';
import { imageShowCommand } from './image/show.js';
import { imageStageCommand } from './image/stage.js';
import { imageTagDeleteCommand } from './image/tag/delete.js';
import { imageTagUpdateCommand } from './image/tag/update.js';
import { imageTasksCommand } from './image/tasks.js';
import { imageUpdateCommand } from './image/update.js';
import { imageUploadCommand } from './image/upload.js';
import { importInfoCommand } from './import/info.js';
import { memberCreateCommand } from './member/create.js';
import { memberDeleteCommand } from './member/delete.js';
import { memberGetCommand } from './member/get.js';
import { memberListCommand } from './member/list.js';
import { memberUpdateCommand } from './member/update.js';
import { storesDeleteCommand } from './stores/delete.js';
import { storesInfoCommand } from './stores/info.js';
import { taskCreateCommand } from './task/create.js';
import { taskListCommand } from './task/list.js';
import { taskShowCommand } from './task/show.js';

/** Adds the subcommands to the program and returns them. */
export function registerCommands(program: Command, context: CommandContext): Command[] {
  const commands = [
    imageCreateCommand(context),
    imageCreateViaImportCommand(context),
    imageDeactivateCommand(context),
    imageDeleteCommand(context),
    imageDownloadCommand(context),
    imageImportCommand(context),
    imageListCommand(context),
    imageReactivateCommand(context),
    imageShowCommand(context),
    imageStageCommand(context),
    imageTagDeleteCommand(context),
    imageTagUpdateCommand(context),
    imageTasksCommand(context),
    imageUpdateCommand(context),
    imageUploadCommand(context),
    importInfoCommand(context),
    memberCreateCommand(context),
    memberDeleteCommand(context),
    memberGetCommand(context),
    memberListCommand(context),
    memberUpdateCommand(context),
    storesDeleteCommand(context),
    storesInfoCommand(context),
    taskCreateCommand(context),
    taskListCommand(context),
    taskShowCommand(context),
    verifyInstallCommand(context),
    credentialStoreDeleteCommand(context),
    credentialStoreSetCommand(context),
    tokenCacheClearCommand(context),
    bashCompletionCommand(context, program),
  ];
  // The spaced forms (`glance token-cache clear`, `glance credential-store set`), kept out of the help list.
  const hidden = [tokenCacheCommand(context), credentialStoreCommand(context, { set: credentialStoreSetRun, delete: credentialStoreDeleteRun })];
  for (const command of commands) {
    program.addCommand(command);
  }
  for (const command of hidden) {
    program.addCommand(command, { hidden: true });
  }
  return [...commands, ...hidden];
}
