/** image-show: one image's properties. */
import { Command } from 'commander';
import type { CommandContext } from '../../context.js';
import { DEFAULT_MAX_COLUMN_WIDTH, type CommandOutput } from '../../output/render.js';
import { parseInteger } from '../parsers.js';
import { v1ImageTable, wantsV1Output } from './legacy.js';
import { imageTable } from './shared.js';

export interface ImageShowOptions {
  imageId: string;
  humanReadable: boolean;
  maxColumnWidth: number;
}

export function imageShowCommand(context: CommandContext, run = imageShowRun): Command {
  return new Command('image-show')
    .description('Describe a specific image.')
    .argument('<IMAGE_ID>', 'ID of image to describe.')
    .option('--human-readable', 'Print image size in a human-friendly format.')
    .option('--max-column-width <integer>', 'The max column width of the printed table.', parseInteger, DEFAULT_MAX_COLUMN_WIDTH)
    .action(async (imageId: string, options: { humanReadable?: boolean; maxColumnWidth: number }) => {
      context.print(await run({ imageId, humanReadable: options.humanReadable === true, maxColumnWidth: options.maxColumnWidth }, context));
    });
}

export async function imageShowRun(options: ImageShowOptions, context: CommandContext): Promise<CommandOutput> {
  const images = await context.images();
  const image = await images.get(options.imageId, context.signal);
  return wantsV1Output(context, false) ? v1ImageTable(image, { ...options, includeNullFields: false }) : imageTable(image, options);
}
