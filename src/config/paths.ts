/** Where files live, from the environment (XDG base directories), never from the process itself. */
import { isAbsolute, join } from 'node:path';
import type { Environment } from './settings.js';

function absolute(value: string | undefined): string | undefined {
  return value && isAbsolute(value) ? value : undefined;
}

/** $XDG_CACHE_HOME/glance, else ~/.cache/glance; undefined when neither can be known. */
export function glanceCacheDirectory(env: Environment): string | undefined {
  const base = absolute(env.XDG_CACHE_HOME) ?? (absolute(env.HOME) ? join(env.HOME!, '.cache') : undefined);
  return base ? join(base, 'glance') : undefined;
}

/**
 * The directories openstacksdk searches for clouds.yaml and secure.yaml, in its order: the
 * current directory (a relative path, resolved by the file system), the user's config
 * directory, then the system's.
 */
export function cloudConfigDirectories(env: Environment): string[] {
  const directories = ['.'];
  const xdg = absolute(env.XDG_CONFIG_HOME);
  if (xdg) {
    directories.push(join(xdg, 'openstack'));
  }
  const home = absolute(env.HOME);
  if (home && join(home, '.config', 'openstack') !== directories.at(-1)) {
    directories.push(join(home, '.config', 'openstack'));
  }
  directories.push('/etc/openstack');
  return directories;
}
