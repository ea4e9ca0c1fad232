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
 * - Only ids a shell can take as they are (letters, digits, `.`, `_`, `-`) are kept: the shells
 *   insert a completion into the command line unquoted. Names are shown with control characters
 *   escaped.
 * - Best effort: a failure to write it is ignored (by the context), one to read it means no list.
 */
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { credentialsFor, pluginFor } from '../auth/plugins/index.js';
import { cacheKey } from '../auth/token-cache.js';
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
export async function saveImageChoices(settings: ConnectionSettings, images: readonly { id?: unknown; name?: unknown }[], now = Date.now()): Promise<void> {
  const file = imageCompletionFile(settings);
  if (!file || !settings.cacheDirectory) {
    return;
  }
  const choices = images
    .filter((image): image is { id: string; name?: unknown } => typeof image.id === 'string' && SAFE_ID.test(image.id))
    .slice(0, MAX_IMAGES)
    .map((image) => ({ id: image.id, name: typeof image.name === 'string' ? image.name : '' }));
  const stored: StoredList = { version: FORMAT_VERSION, savedAt: now, images: choices };
  await privateDirectory(settings.cacheDirectory);
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, JSON.stringify(stored), { mode: 0o600, flag: 'wx' });
  await rename(temporary, file).catch(async (error: unknown) => {
    await unlink(temporary).catch(() => undefined);
    throw error;
  });
}

/** The list, if one was saved for this identity within the time limit. */
export async function loadImageChoices(settings: ConnectionSettings, now = Date.now()): Promise<ImageChoice[]> {
  const file = imageCompletionFile(settings);
  const text = file === undefined ? undefined : await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) {
    return [];
  }
  try {
    const stored = JSON.parse(text) as Partial<StoredList>;
    const age = now - (stored.savedAt ?? Number.NaN);
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

/** Creates the directory 0700, and tightens it if it exists with wider permissions. */
async function privateDirectory(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const info = await stat(directory);
  if (info.isDirectory() && (info.mode & 0o077) !== 0) {
    await chmod(directory, 0o700);
  }
}
