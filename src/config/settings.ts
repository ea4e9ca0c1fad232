/**
 * Connection settings: command-line flags first, then OS_* environment variables (with the
 * legacy aliases python-glanceclient reads), then the cloud of clouds.yaml named by --os-cloud
 * or OS_CLOUD, then defaults.
 */
import { CliError } from '../errors.js';
import { loadCloud, type CloudConfig, type ReadText } from './clouds.js';
import { AUTH_TYPE_NAMES, GLOBAL_OPTIONS, type AuthType, type CredentialField, type GlobalFlags, type GlobalKey, type GlobalOptionSpec } from './options.js';
import { glanceCacheDirectory } from './paths.js';
import { V1_ERA_AUTH_URL } from '../prebuilt.js';
import type { Yaml } from '../yaml.js';

export type { AuthType, GlobalFlags };

/** Environment variables, as a plain record (main passes process.env). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Where each flag falls back to in the environment, in order; the first set and non-empty one wins. */
const ENVIRONMENT_FALLBACKS: Partial<Record<GlobalKey, readonly string[]>> = Object.fromEntries(
  GLOBAL_OPTIONS.flatMap((option: GlobalOptionSpec) => (option.env && option.metavar ? [[option.key, option.env]] : [])),
);

/** The settings that say who logs in where: an OS_* variable for one of these next to OS_CLOUD is worth a note. */
const AUTH_SETTINGS: readonly GlobalKey[] = GLOBAL_OPTIONS.filter((option: GlobalOptionSpec) => option.identity).map((option) => option.key as GlobalKey);

/** python-glanceclient's rule: the first variable that is set and non-empty. */
export function fromEnvironment(env: Environment, names: readonly string[]): string | undefined {
  return environmentEntry(env, names)?.value;
}

function environmentEntry(env: Environment, names: readonly string[]): { name: string; value: string } | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      return { name, value };
    }
  }
  return undefined;
}

/** Every spelling accepted, the advertised ones and `applicationcredential`. */
const AUTH_TYPE_SPELLINGS = new Map<string, AuthType>([...Object.entries(AUTH_TYPE_NAMES), ['applicationcredential', 'v3applicationcredential']]);

/** Everything a login may need, one field per global option the table gives a `credential`; each auth plugin reads its own fields. */
export type Credentials = { [field in CredentialField]?: string };

/** The credentials of the global options, by field. */
const CREDENTIAL_OPTIONS: readonly (readonly [CredentialField, GlobalKey])[] = GLOBAL_OPTIONS.flatMap((option: GlobalOptionSpec) =>
  option.credential ? [[option.credential as CredentialField, option.key as GlobalKey] as const] : [],
);

export interface ConnectionSettings {
  /** `--os-image-url` with any version suffix removed. */
  imageUrl?: string;
  /**
   * The Image API version the user asked for: --os-image-api-version, OS_IMAGE_API_VERSION, the
   * cloud's image_api_version or a versioned --os-image-url; else 1 for an openrc from the v1 era
   * (a Keystone v2.0 auth URL); else undefined (v2). A request for v1 makes the client probe the
   * cloud and print the v1 shell's tables.
   */
  imageApiRequested: 1 | 2 | undefined;
  credentials: Credentials;
  regionName?: string;
  serviceType: string;
  interface: string;
  insecure: boolean;
  cacertPath?: string;
  certPath?: string;
  keyPath?: string;
  timeoutSeconds: number;
  /** --retries: how often a transient failure is retried. */
  retries: number;
  debug: boolean;
  authType: AuthType;
  /** OS_IDENTITY_API_VERSION or the cloud's identity_api_version, e.g. "3" or "2.0". */
  identityApiVersion?: string;
  /** The token cache: on unless --no-cache or OS_CACHE=0. */
  cache: boolean;
  /** Where the token cache's files go when no OS keyring answers: $XDG_CACHE_HOME/glance. */
  cacheDirectory?: string;
  /** The clouds.yaml cloud in use. */
  cloud?: { name: string; files: string[] };
  /** Lines for stderr before logging in, e.g. which of OS_CLOUD and OS_* variables won. */
  notices: string[];
}

export const DEFAULT_TIMEOUT_SECONDS = 600;
export const DEFAULT_RETRIES = 3;

export interface ResolveOptions {
  /** The YAML parser, loaded beforehand when `namedCloud` names a cloud: clouds.yaml is read with it. */
  yaml?: Yaml;
  /** For tests: how clouds.yaml files are read. */
  readText?: ReadText;
}

function flagOrEnvironment(flags: GlobalFlags, env: Environment, name: GlobalKey): string | undefined {
  const flag = flags[name];
  if (typeof flag === 'string' && flag !== '') {
    return flag;
  }
  const fallbacks = ENVIRONMENT_FALLBACKS[name];
  return fallbacks ? fromEnvironment(env, fallbacks) : undefined;
}

/** The clouds.yaml cloud that --os-cloud or OS_CLOUD names, if any. */
export function namedCloud(flags: GlobalFlags, env: Environment): string | undefined {
  return flagOrEnvironment(flags, env, 'osCloud');
}

/** Merges flags over environment over defaults. Throws CliError for an invalid API version. */
export function resolveSettings(flags: GlobalFlags, env: Environment, options: ResolveOptions = {}): ConnectionSettings {
  const fromFlagOrEnvironment = (name: GlobalKey): string | undefined => flagOrEnvironment(flags, env, name);
  const cloudName = namedCloud(flags, env);
  const cloud = cloudName ? loadCloud(cloudName, env, requiredYaml(options.yaml), options.readText) : undefined;
  const pick = (name: GlobalKey): string | undefined => fromFlagOrEnvironment(name) ?? cloud?.values[name];
  const notices = cloud ? cloudNotices(cloud, flags, env, typeof flags.osCloud === 'string' && flags.osCloud !== '') : [];

  const rawImageUrl = pick('osImageUrl');
  const { base: imageUrl, version: urlVersion } = rawImageUrl ? splitVersionedUrl(rawImageUrl) : { base: undefined, version: undefined };
  const requestedVersion = pick('osImageApiVersion') ?? urlVersion;
  const authUrl = pick('osAuthUrl');
  const identityApiVersion = pick('osIdentityApiVersion');

  return {
    imageUrl,
    imageApiRequested: imageApiRequested(requestedVersion, authUrl),
    credentials: credentialsFrom(pick),
    regionName: pick('osRegionName'),
    serviceType: pick('osServiceType') ?? 'image',
    interface: normaliseInterface(flags.osInterface || pick('osEndpointType') || 'public'),
    insecure: flags.insecure === true || cloud?.insecure === true,
    cacertPath: pick('osCacert'),
    certPath: pick('osCert'),
    keyPath: pick('osKey'),
    timeoutSeconds: flags.timeout ?? DEFAULT_TIMEOUT_SECONDS,
    retries: flags.retries ?? DEFAULT_RETRIES,
    debug: flags.debug === true || fromEnvironment(env, ['GLANCECLIENT_DEBUG']) !== undefined,
    authType: resolveAuthType(pick, identityApiVersion),
    identityApiVersion,
    cache: flags.cache !== false && !isOff(fromEnvironment(env, ['OS_CACHE'])),
    cacheDirectory: glanceCacheDirectory(env),
    cloud: cloud ? { name: cloud.name, files: cloud.files } : undefined,
    notices,
  };
}

/** Where another connection of the same command goes (image-copy's destination): a clouds.yaml cloud, a region, or both. */
export interface ConnectionTarget {
  cloud?: string;
  region?: string;
}

/** What a named cloud takes from the command line: nothing that says where or who, only how. */
const SHARED_WITH_ANOTHER_CLOUD: readonly GlobalKey[] = ['debug', 'verbose', 'timeout', 'cache'];

/**
 * The settings of another connection of the same command. A cloud is its clouds.yaml entry
 * alone: the connection options of the command line and their OS_* variables describe the
 * source, and only --debug, --verbose, --timeout and --no-cache carry over. A region alone is
 * the same connection, in that region.
 */
export function targetSettings(flags: GlobalFlags, env: Environment, target: ConnectionTarget, options: ResolveOptions = {}): ConnectionSettings {
  let targetFlags: GlobalFlags = flags;
  let targetEnv: Environment = env;
  if (target.cloud !== undefined) {
    targetFlags = { ...Object.fromEntries(SHARED_WITH_ANOTHER_CLOUD.map((key) => [key, flags[key]])), osCloud: target.cloud };
    const sourceOnly = new Set(
      (GLOBAL_OPTIONS as readonly GlobalOptionSpec[]).filter((option) => !SHARED_WITH_ANOTHER_CLOUD.includes(option.key as GlobalKey)).flatMap((option) => option.env ?? []),
    );
    targetEnv = Object.fromEntries(Object.entries(env).filter(([name]) => !sourceOnly.has(name)));
  }
  if (target.region !== undefined) {
    targetFlags = { ...targetFlags, osRegionName: target.region };
  }
  return resolveSettings(targetFlags, targetEnv, options);
}

function credentialsFrom(pick: (name: GlobalKey) => string | undefined): Credentials {
  const credentials: Credentials = Object.fromEntries(CREDENTIAL_OPTIONS.map(([field, key]) => [field, pick(key)]));
  // --os-auth-token serves token auth too, as it did in python-glanceclient's days of keystoneclient.
  credentials.token ??= credentials.authToken;
  return credentials;
}

function requiredYaml(yaml: Yaml | undefined): Yaml {
  if (!yaml) {
    throw new Error('A cloud is named but the YAML parser was not loaded before resolving settings');
  }
  return yaml;
}

function isOff(value: string | undefined): boolean {
  return value !== undefined && /^(0|false|no|off)$/i.test(value.trim());
}

/**
 * --os-auth-type, else what the credentials given imply: an application credential, a token
 * without a user, or Identity API v2 (OS_IDENTITY_API_VERSION=2); else password.
 */
function resolveAuthType(pick: (name: GlobalKey) => string | undefined, identityApiVersion: string | undefined): AuthType {
  const requested = pick('osAuthType');
  if (requested !== undefined) {
    const normalised = requested.trim().toLowerCase().replace(/_/g, '');
    const type = AUTH_TYPE_SPELLINGS.get(normalised);
    if (!type) {
      // Never a password login in disguise: a method this client does not know would get the wrong secret.
      throw new CliError(`Unsupported auth type '${requested}': use one of ${Object.keys(AUTH_TYPE_NAMES).join(', ')}`);
    }
    return type;
  }
  if (pick('osApplicationCredentialId') || (pick('osApplicationCredentialSecret') && !pick('osPassword'))) {
    return 'v3applicationcredential';
  }
  if (pick('osToken') && !pick('osUsername') && !pick('osUserId')) {
    return 'token';
  }
  if (identityApiVersion && /^2(\.0)?$/.test(identityApiVersion.trim())) {
    return 'v2password';
  }
  return 'password';
}

/**
 * OS_CLOUD and OS_* variables together are a classic source of confusion: the variables win,
 * silently, in the openstack client. Say which variables override a value the cloud sets.
 */
function cloudNotices(cloud: CloudConfig, flags: GlobalFlags, env: Environment, fromFlag: boolean): string[] {
  const overriding: string[] = [];
  for (const name of AUTH_SETTINGS) {
    const flag = flags[name];
    if (typeof flag === 'string' && flag !== '') {
      continue;
    }
    const entry = environmentEntry(env, ENVIRONMENT_FALLBACKS[name] ?? []);
    const cloudValue = cloud.values[name];
    if (entry && cloudValue !== undefined && entry.value !== cloudValue) {
      overriding.push(entry.name);
    }
  }
  if (overriding.length === 0) {
    return [];
  }
  const selector = fromFlag ? `--os-cloud ${cloud.name}` : `OS_CLOUD=${cloud.name}`;
  const where = cloud.files[0] ?? 'clouds.yaml';
  return [
    `Note: ${selector} is set, and so ${overriding.length === 1 ? 'is' : 'are'} ${overriding.join(', ')}: ` +
      `the environment wins over the cloud's values in ${where} (unset ${overriding.length === 1 ? 'it' : 'them'} to use the cloud as it is)`,
  ];
}

/** `publicURL` (the Keystone v2 spelling) and `public` mean the same interface. */
function normaliseInterface(value: string): string {
  return value.replace(/URL$/, '');
}

/** The version asked for; without one, an openrc from the v1 era (a Keystone v2.0 auth URL) asks for v1. */
function imageApiRequested(requested: string | undefined, authUrl: string | undefined): 1 | 2 | undefined {
  if (requested !== undefined) {
    return parseApiVersion(requested);
  }
  return V1_ERA_AUTH_URL.test(authUrl ?? '') ? 1 : undefined;
}

function parseApiVersion(value: string): 1 | 2 {
  // python-glanceclient applies int(): "2" and " 2" pass, "2.0" does not.
  const trimmed = value.trim();
  if (/^[+-]?\d+$/.test(trimmed)) {
    const version = Number(trimmed);
    if (version === 1 || version === 2) {
      return version;
    }
  }
  throw new CliError('Invalid API version parameter. Supported values are [1, 2]');
}

/**
 * python-glanceclient's strip_version: an image URL whose path starts with vN[.M] selects that
 * API version; the version part is removed so requests can add their own.
 */
export function splitVersionedUrl(url: string): { base: string; version: string | undefined } {
  const match = /^(.*?)\/v(\d+)(?:\.\d+)?\/?$/.exec(url);
  if (match?.[1] && match[2]) {
    return { base: match[1], version: match[2] };
  }
  return { base: url.replace(/\/+$/, ''), version: undefined };
}
