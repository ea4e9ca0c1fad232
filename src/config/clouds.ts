/**
 * clouds.yaml and secure.yaml, found where openstacksdk looks for them: $OS_CLIENT_CONFIG_FILE
 * (and $OS_CLIENT_SECURE_FILE) first, then clouds.{yaml,yml,json} in the current directory,
 * ~/.config/openstack and /etc/openstack; the first file found is the one read. secure.yaml is
 * merged over clouds.yaml, so passwords can live apart from the rest.
 *
 * Reading stays synchronous, as settings resolve: the caller loads the YAML parser beforehand
 * (`loadYaml()`), only when a cloud is named, so that other commands never load it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../errors.js';
import { cloudConfigDirectories } from './paths.js';
import { GLOBAL_OPTIONS, type GlobalKey, type GlobalOptionSpec } from './options.js';
import type { Environment } from './settings.js';
import { YamlSyntaxError, type Yaml } from '../yaml.js';

/** String-valued settings a cloud can provide, named as the global flags are. */
export type CloudValues = Partial<Record<GlobalKey, string>>;

export interface CloudConfig {
  name: string;
  /** The clouds file the cloud came from, and the secure file merged into it, if any. */
  files: string[];
  values: CloudValues;
  /** `verify: false`. */
  insecure: boolean;
}

/** Reads a file, or undefined when it does not exist. */
export type ReadText = (path: string) => string | undefined;

const readText: ReadText = (path) => {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      return undefined;
    }
    throw new CliError(`Cannot read ${path}: ${code ?? String(error)}`);
  }
};

/** clouds.yaml keys to our flags: `auth.` keys inside the cloud's auth section, the rest at its top level. */
const CLOUD_KEYS: readonly (readonly [string, GlobalKey])[] = GLOBAL_OPTIONS.flatMap((option: GlobalOptionSpec) =>
  (option.cloud ?? []).map((key) => [key, option.key as GlobalKey] as const),
);
const AUTH_KEYS = Object.fromEntries(CLOUD_KEYS.filter(([key]) => key.startsWith('auth.')).map(([key, flag]) => [key.slice('auth.'.length), flag]));
const TOP_KEYS = Object.fromEntries(CLOUD_KEYS.filter(([key]) => !key.startsWith('auth.')));

function candidates(directories: string[], base: string): string[] {
  return directories.flatMap((directory) => ['yaml', 'yml', 'json'].map((suffix) => join(directory, `${base}.${suffix}`)));
}

/** The first existing file among the candidates, parsed. */
function loadFirst(paths: string[], read: ReadText, yaml: Yaml): { path: string; document: unknown } | undefined {
  for (const path of paths) {
    const text = read(path);
    if (text === undefined) {
      continue;
    }
    try {
      return { path, document: path.endsWith('.json') ? JSON.parse(text) : yaml.parse(text) };
    } catch (error) {
      // JSON.parse quotes the text around the error, which may be a password: say less.
      const reason = error instanceof YamlSyntaxError ? error.message : 'not valid JSON';
      throw new CliError(`Cannot parse ${path}: ${reason}`);
    }
  }
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** secure.yaml over clouds.yaml, key by key. */
function merge(base: unknown, over: unknown): unknown {
  if (isRecord(base) && isRecord(over)) {
    const result: Record<string, unknown> = { ...base };
    for (const [key, value] of Object.entries(over)) {
      result[key] = merge(base[key], value) ?? null;
    }
    return result;
  }
  return over === undefined ? base : over;
}

function scalar(value: unknown): string | undefined {
  if (typeof value === 'string') {
    return value === '' ? undefined : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') {
    return String(value);
  }
  return undefined;
}

/** Loads the named cloud. Throws CliError when no clouds file exists or it has no such cloud. */
export function loadCloud(name: string, env: Environment, yaml: Yaml, read: ReadText = readText): CloudConfig {
  const directories = cloudConfigDirectories(env);
  const cloudFiles = [...(env.OS_CLIENT_CONFIG_FILE ? [env.OS_CLIENT_CONFIG_FILE] : []), ...candidates(directories, 'clouds')];
  const secureFiles = [...(env.OS_CLIENT_SECURE_FILE ? [env.OS_CLIENT_SECURE_FILE] : []), ...candidates(directories, 'secure')];
  const clouds = loadFirst(cloudFiles, read, yaml);
  const secure = loadFirst(secureFiles, read, yaml);
  if (!clouds && !secure) {
    const searched = [...new Set(cloudFiles.map((path) => path.replace(/\.(yaml|yml|json)$/, '.yaml')))].join(', ');
    throw new CliError(`Cloud ${name} was not found: no clouds.yaml (searched ${searched})`);
  }
  const cloudsMap = isRecord(clouds?.document) ? clouds.document.clouds : undefined;
  const secureMap = isRecord(secure?.document) ? secure.document.clouds : undefined;
  const entry = merge(isRecord(cloudsMap) ? cloudsMap[name] : undefined, isRecord(secureMap) ? secureMap[name] : undefined);
  if (!isRecord(entry)) {
    const where = [clouds?.path, secure?.path].filter(Boolean).join(' and ');
    throw new CliError(`Cloud ${name} was not found in ${where}`);
  }

  const values: CloudValues = {};
  for (const [key, flag] of Object.entries(TOP_KEYS)) {
    const value = scalar(entry[key]);
    if (value !== undefined) {
      values[flag] = value;
    }
  }
  const auth = entry.auth;
  if (isRecord(auth)) {
    for (const [key, flag] of Object.entries(AUTH_KEYS)) {
      const value = scalar(auth[key]);
      if (value !== undefined && values[flag] === undefined) {
        values[flag] = value;
      }
    }
  }
  const verify = entry.verify;
  const insecure = verify === false || (typeof verify === 'string' && /^(false|no|off|0)$/i.test(verify));
  return { name, files: [clouds?.path, secure?.path].filter((path): path is string => path !== undefined), values, insecure };
}
