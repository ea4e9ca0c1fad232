/**
 * The images the last image-list showed, kept for shell completion: `glance __complete images`
 * reads them when TAB is pressed, so that completing an image id never logs in, never asks for a
 * password and never waits for the cloud.
 *
 * - One file per identity (auth URL, user, project and domains as the token cache's key has them,
 *   plus the region, interface and image endpoint): $XDG_CACHE_HOME/glance/images-<sha256>.json,
 *   mode 0600 in a 0700 directory, replaced atomically. No identity without a secret in it (token
 *   auth): no file.
 * - A list older than IMAGE_COMPLETION_TTL_MS is not offered: images come and go.
 * - As the token cache's files, it is read only when it and its directory belong to the user, are
 *   writable by no one else and are no symbolic links: another user must not choose the ids a TAB
 *   puts on the command line. Only ids a shell takes as they are (letters, digits, `.`, `_`, `-`)
 *   are kept, since the shells insert a completion unquoted; names are shown with control
 *   characters escaped.
 * - Best effort: a failure to write it is ignored (by the context), one to read it means no list.
 */
import { join } from 'node:path';
import { credentialsFor, pluginFor } from '../auth/plugins/index.js';
import { cacheKey } from '../auth/token-cache.js';
import { readPrivateFile, writePrivateFile } from '../config/private-files.js';
import type { ConnectionSettings } from '../config/settings.js';
import { escapeControls } from '../terminal.js';

export const IMAGE_COMPLETION_TTL_MS = 10 * 60 * 1000;
/** Enough for any list a person picks from with TAB; a bigger cloud's file stays small. */
const MAX_IMAGES = 5000;
const FORMAT_VERSION = 1;
const SAFE_ID = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

export interface ImageChoice {
  id: string;
  name: string;
}

export interface ImageChoiceOptions {
  /** The effective uid the directory and the file must belong to; undefined where there are no uids. */
  owner: number | undefined;
  now?: number;
}

interface StoredList {
  version: number;
  savedAt: number;
  images: ImageChoice[];
}

/** The file for the identity the settings describe; undefined when there is no cache directory or no identity. */
export function imageCompletionFile(settings: ConnectionSettings): string | undefined {
  if (!settings.cacheDirectory) {
    return undefined;
  }
  const plugin = pluginFor(settings);
  const identity = plugin.cacheIdentity(credentialsFor(plugin, settings.credentials));
  if (!identity) {
    return undefined;
  }
  const key = cacheKey({ ...identity, regionName: settings.regionName, interface: settings.interface, imageUrl: settings.imageUrl, serviceType: settings.serviceType });
  return join(settings.cacheDirectory, `images-${key}.json`);
}

/** Keeps the list for completion (image-list, through the context, which ignores a failure). */
export async function saveImageChoices(settings: ConnectionSettings, images: readonly { id?: unknown; name?: unknown }[], options: ImageChoiceOptions): Promise<void> {
  const file = imageCompletionFile(settings);
  if (!file) {
    return;
  }
  const choices = images
    .filter((image): image is { id: string; name?: unknown } => typeof image.id === 'string' && SAFE_ID.test(image.id))
    .slice(0, MAX_IMAGES)
    .map((image) => ({ id: image.id, name: typeof image.name === 'string' ? image.name : '' }));
  const stored: StoredList = { version: FORMAT_VERSION, savedAt: options.now ?? Date.now(), images: choices };
  await writePrivateFile(file, JSON.stringify(stored), options.owner);
}

/** The list, if one was saved for this identity within the time limit, in a file to be trusted. */
export async function loadImageChoices(settings: ConnectionSettings, options: ImageChoiceOptions): Promise<ImageChoice[]> {
  const file = imageCompletionFile(settings);
  const read = file === undefined ? undefined : await readPrivateFile(file, options.owner).catch(() => undefined);
  if (!read || 'refused' in read) {
    return [];
  }
  const text = read.text;
  try {
    const stored = JSON.parse(text) as Partial<StoredList>;
    const age = (options.now ?? Date.now()) - (stored.savedAt ?? Number.NaN);
    if (stored.version !== FORMAT_VERSION || !Array.isArray(stored.images) || !(age >= 0 && age <= IMAGE_COMPLETION_TTL_MS)) {
      return [];
    }
    return stored.images.filter((image) => typeof image?.id === 'string' && SAFE_ID.test(image.id) && typeof image.name === 'string');
  } catch {
    return [];
  }
}

/** `id<TAB>name` lines, as the completion scripts read them: a name is one line of plain text. */
export function imageChoiceLines(images: readonly ImageChoice[]): string {
  return images.map((image) => `${image.id}\t${escapeControls(image.name).replace(/[\t\n]/g, ' ')}\n`).join('');
}
