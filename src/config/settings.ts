/**
 * Connection settings: command-line flags first, then OS_* environment variables (with the
 * legacy aliases python-glanceclient reads), then defaults.
 */
import { CliError } from '../errors.js';

/** The global options as the command-line parser hands them over (all optional strings or flags). */
export interface GlobalFlags {
  debug?: boolean;
  verbose?: boolean;
  insecure?: boolean;
  timeout?: number;
  osImageUrl?: string;
  osImageApiVersion?: string;
  osRegionName?: string;
  osAuthToken?: string;
  osServiceType?: string;
  osEndpointType?: string;
  osInterface?: string;
  osCacert?: string;
  osCert?: string;
  osKey?: string;
  osAuthType?: string;
  osAuthUrl?: string;
  osSystemScope?: string;
  osDomainId?: string;
  osDomainName?: string;
  osProjectId?: string;
  osProjectName?: string;
  osProjectDomainId?: string;
  osProjectDomainName?: string;
  osTrustId?: string;
  osDefaultDomainId?: string;
  osDefaultDomainName?: string;
  osUserId?: string;
  osUsername?: string;
  osUserDomainId?: string;
  osUserDomainName?: string;
  osPassword?: string;
}

/** Environment variables, as a plain record (main passes process.env). */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Where each flag falls back to in the environment, in order; the first set and non-empty one wins. */
const ENVIRONMENT_FALLBACKS: Partial<Record<keyof GlobalFlags, readonly string[]>> = {
  osImageUrl: ['OS_IMAGE_URL'],
  osImageApiVersion: ['OS_IMAGE_API_VERSION'],
  osRegionName: ['OS_REGION_NAME'],
  osAuthToken: ['OS_AUTH_TOKEN'],
  osServiceType: ['OS_SERVICE_TYPE'],
  // OS_INTERFACE is how the openstack client and clouds.yaml-era openrc files spell it.
  osEndpointType: ['OS_ENDPOINT_TYPE', 'OS_INTERFACE'],
  osCacert: ['OS_CACERT'],
  osCert: ['OS_CERT'],
  osKey: ['OS_KEY'],
  osAuthType: ['OS_AUTH_TYPE', 'OS_AUTH_PLUGIN'],
  osAuthUrl: ['OS_AUTH_URL'],
  osSystemScope: ['OS_SYSTEM_SCOPE'],
  osDomainId: ['OS_DOMAIN_ID'],
  osDomainName: ['OS_DOMAIN_NAME'],
  osProjectId: ['OS_PROJECT_ID', 'OS_TENANT_ID'],
  osProjectName: ['OS_PROJECT_NAME', 'OS_TENANT_NAME'],
  osProjectDomainId: ['OS_PROJECT_DOMAIN_ID'],
  osProjectDomainName: ['OS_PROJECT_DOMAIN_NAME'],
  osTrustId: ['OS_TRUST_ID'],
  osDefaultDomainId: ['OS_DEFAULT_DOMAIN_ID'],
  osDefaultDomainName: ['OS_DEFAULT_DOMAIN_NAME'],
  osUserId: ['OS_USER_ID'],
  osUsername: ['OS_USERNAME', 'OS_USER_NAME'],
  osUserDomainId: ['OS_USER_DOMAIN_ID'],
  osUserDomainName: ['OS_USER_DOMAIN_NAME'],
  osPassword: ['OS_PASSWORD'],
};

/** python-glanceclient's rule: the first variable that is set and non-empty. */
export function fromEnvironment(env: Environment, names: readonly string[]): string | undefined {
  for (const name of names) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      return value;
    }
  }
  return undefined;
}

export interface PasswordCredentials {
  authUrl?: string;
  username?: string;
  userId?: string;
  password?: string;
  userDomainId?: string;
  userDomainName?: string;
  projectId?: string;
  projectName?: string;
  projectDomainId?: string;
  projectDomainName?: string;
  defaultDomainId?: string;
  defaultDomainName?: string;
}

export interface ConnectionSettings {
  /** `--os-image-url` with any version suffix removed. */
  imageUrl?: string;
  authToken?: string;
  apiVersion: 1 | 2;
  /** True when the user chose the API version (flag, variable or a versioned image URL). */
  apiVersionExplicit: boolean;
  credentials: PasswordCredentials;
  regionName?: string;
  serviceType: string;
  interface: string;
  insecure: boolean;
  cacertPath?: string;
  certPath?: string;
  keyPath?: string;
  timeoutSeconds: number;
  debug: boolean;
}

export const DEFAULT_TIMEOUT_SECONDS = 600;

/** Merges flags over environment over defaults. Throws CliError for an invalid API version. */
export function resolveSettings(flags: GlobalFlags, env: Environment): ConnectionSettings {
  const pick = (name: keyof GlobalFlags): string | undefined => {
    const flag = flags[name];
    if (typeof flag === 'string' && flag !== '') {
      return flag;
    }
    const fallbacks = ENVIRONMENT_FALLBACKS[name];
    return fallbacks ? fromEnvironment(env, fallbacks) : undefined;
  };

  const rawImageUrl = pick('osImageUrl');
  const { base: imageUrl, version: urlVersion } = rawImageUrl ? splitVersionedUrl(rawImageUrl) : { base: undefined, version: undefined };
  const requestedVersion = pick('osImageApiVersion');
  const apiVersion = parseApiVersion(requestedVersion ?? urlVersion ?? '2');

  return {
    imageUrl,
    authToken: pick('osAuthToken'),
    apiVersion,
    apiVersionExplicit: requestedVersion !== undefined || urlVersion !== undefined,
    credentials: {
      authUrl: pick('osAuthUrl'),
      username: pick('osUsername'),
      userId: pick('osUserId'),
      password: pick('osPassword'),
      userDomainId: pick('osUserDomainId'),
      userDomainName: pick('osUserDomainName'),
      projectId: pick('osProjectId'),
      projectName: pick('osProjectName'),
      projectDomainId: pick('osProjectDomainId'),
      projectDomainName: pick('osProjectDomainName'),
      defaultDomainId: pick('osDefaultDomainId'),
      defaultDomainName: pick('osDefaultDomainName'),
    },
    regionName: pick('osRegionName'),
    serviceType: pick('osServiceType') ?? 'image',
    interface: normaliseInterface(flags.osInterface || pick('osEndpointType') || 'public'),
    insecure: flags.insecure === true,
    cacertPath: pick('osCacert'),
    certPath: pick('osCert'),
    keyPath: pick('osKey'),
    timeoutSeconds: flags.timeout ?? DEFAULT_TIMEOUT_SECONDS,
    debug: flags.debug === true || fromEnvironment(env, ['GLANCECLIENT_DEBUG']) !== undefined,
  };
}

/** `publicURL` (the Keystone v2 spelling) and `public` mean the same interface. */
function normaliseInterface(value: string): string {
  return value.replace(/URL$/, '');
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
