/** Every subcommand, in the order help lists them. The only module that imports command files. */
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { bashCompletionCommand } from './bash-completion.js';
import { imageCreateCommand } from './image/create.js';
import { imageDeactivateCommand } from './image/deactivate.js';
import { imageDeleteCommand } from './image/delete.js';
import { imageDownloadCommand } from './image/download.js';
import { imageListCommand } from './image/list.js';
import { imageReactivateCommand } from './image/reactivate.js';
import { imageShowCommand } from './image/show.js';
import { imageTagDeleteCommand } from './image/tag/delete.js';
import { imageTagUpdateCommand } from './image/tag/update.js';
import { imageUpdateCommand } from './image/update.js';
import { imageUploadCommand } from './image/upload.js';
import { memberCreateCommand } from './member/create.js';
import { memberDeleteCommand } from './member/delete.js';
import { memberGetCommand } from './member/get.js';
import { memberListCommand } from './member/list.js';
import { memberUpdateCommand } from './member/update.js';

/** Adds the subcommands to the program and returns them. */
export function registerCommands(program: Command, context: CommandContext): Command[] {
  const commands = [
    imageCreateCommand(context),
    imageDeactivateCommand(context),
    imageDeleteCommand(context),
    imageDownloadCommand(context),
    imageListCommand(context),
    imageReactivateCommand(context),
    imageShowCommand(context),
    imageTagDeleteCommand(context),
    imageTagUpdateCommand(context),
    imageUpdateCommand(context),
    imageUploadCommand(context),
    memberCreateCommand(context),
    memberDeleteCommand(context),
    memberGetCommand(context),
    memberListCommand(context),
    memberUpdateCommand(context),
    bashCompletionCommand(context, program),
  ];
  for (const command of commands) {
    program.addCommand(command);
  }
  return commands;
}
