/** What image-* commands share: how an image is shown. */
import type { Image } from '../../glance/types.js';
import { humanSize } from '../../output/humanize.js';
import type { PropertyTable } from '../../output/render.js';

/** Links and internals that python-glanceclient's print_image leaves out. */
const HIDDEN_FIELDS = ['self', 'access', 'file', 'schema'];

export interface ImageDisplayOptions {
  humanReadable?: boolean;
  maxColumnWidth?: number;
}

/** print_image: the image minus its links, virtual_size "Not available" when unknown, size optionally human-readable. */
export function imageTable(image: Image, options: ImageDisplayOptions = {}): PropertyTable {
  const properties: Record<string, unknown> = { ...image };
  for (const field of HIDDEN_FIELDS) {
    delete properties[field];
  }
  if (!properties.virtual_size) {
    properties.virtual_size = 'Not available';
  }
  if (options.humanReadable) {
    properties.size = humanSize(image.size);
  }
  return { kind: 'properties', properties, maxColumnWidth: options.maxColumnWidth };
}
