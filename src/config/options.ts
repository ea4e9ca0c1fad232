/**
 * Every global option, once: its spellings, the OS_* variables and clouds.yaml keys that stand in
 * for it, its help, whether it holds a secret, and the login credential it fills. The command-line
 * parser, help, completion, the settings' environment and clouds.yaml fallbacks, the credentials
 * auth plugins read, --debug redaction and the README's option list are all derived from this table.
 */
import { InvalidValueError } from '../errors.js';

export interface GlobalOptionSpec {
  /** The field of GlobalFlags. */
  readonly key: string;
  /** Spellings shown in help, short first. */
  readonly flags: readonly string[];
  /** Other spellings python-glanceclient accepts (`--os-tenant-name`, `--os_region_name`); hidden. */
  readonly aliases?: readonly string[];
  /** The value's name in help; absent for switches. */
  readonly metavar?: string;
  /** Variables read when the option is absent, first set and non-empty wins. */
  readonly env?: readonly string[];
  /** clouds.yaml keys: `auth.` ones inside the cloud's auth section, the rest at its top level. */
  readonly cloud?: readonly string[];
  readonly help: string;
  /** Shown in --debug output as ***, never stored in a file. */
  readonly secret?: boolean;
  /** Says who logs in where: a variable for it beside OS_CLOUD is worth a note. */
  readonly identity?: boolean;
  /** The field of the login credentials it fills; each auth plugin declares the fields it reads. */
  readonly credential?: string;
  /** argparse's argument group in help. */
  readonly group?: 'API Connection Options' | 'Authentication Options';
  readonly parse?: (value: string) => unknown;
  readonly hidden?: boolean;
}

function parsePositiveSeconds(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) {
    throw new InvalidValueError(`invalid value: '${value}' (a positive number of seconds)`);
  }
  return number;
}

function parseRetryCount(value: string): number {
  const number = Number(value);
  if (!/^\s*\d+\s*$/.test(value) || !Number.isSafeInteger(number)) {
    throw new InvalidValueError(`invalid value: '${value}' (a whole number of retries, 0 or more)`);
  }
  return number;
}

/**
 * The ways of logging in (--os-auth-type) as keystoneauth names them, each with the auth type it
 * means (`v3token` is `token`); the first is the default. Each auth type has its plugin in
 * src/auth/plugins.
 */
export const AUTH_TYPE_NAMES = {
  password: 'password',
  v3password: 'v3password',
  v2password: 'v2password',
  token: 'token',
  v3token: 'token',
  v3applicationcredential: 'v3applicationcredential',
} as const;
export type AuthType = (typeof AUTH_TYPE_NAMES)[keyof typeof AUTH_TYPE_NAMES];

/** "password (the default), v3password, v2password, token (v3token) or v3applicationcredential" */
function authTypeList(): string {
  const spellings = Object.entries(AUTH_TYPE_NAMES);
  const items = [...new Set(Object.values(AUTH_TYPE_NAMES))].map((type, index) => {
    const others = spellings.filter(([name, meaning]) => meaning === type && name !== type).map(([name]) => name);
    return `${type}${index === 0 ? ' (the default)' : ''}${others.length > 0 ? ` (${others.join(', ')})` : ''}`;
  });
  return `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}

const API = 'API Connection Options';
const AUTH = 'Authentication Options';

export const GLOBAL_OPTIONS = [
  { key: 'debug', flags: ['-d', '--debug'], env: ['GLANCECLIENT_DEBUG'], help: 'Print each HTTP request and response on stderr (secrets redacted), and stack traces. Defaults to env[GLANCECLIENT_DEBUG].' },
  { key: 'verbose', flags: ['-v', '--verbose'], help: 'Print more verbose output.' },
  { key: 'getSchema', flags: ['--get-schema'], help: 'Accepted for compatibility; the built-in image schema is always used for options.' },
  { key: 'force', flags: ['-f', '--force'], help: 'Accepted for compatibility; no command asks for confirmation. (After a subcommand, -f is --format.)' },
  {
    key: 'osImageUrl',
    flags: ['--os-image-url'],
    aliases: ['--os_image_url'],
    metavar: 'OS_IMAGE_URL',
    env: ['OS_IMAGE_URL'],
    cloud: ['image_endpoint_override'],
    help: 'Defaults to env[OS_IMAGE_URL]. If the URL contains a version number and --os-image-api-version is omitted, that version is used.',
  },
  {
    key: 'osImageApiVersion',
    flags: ['--os-image-api-version'],
    aliases: ['--os_image_api_version'],
    metavar: 'OS_IMAGE_API_VERSION',
    env: ['OS_IMAGE_API_VERSION'],
    cloud: ['image_api_version'],
    help: 'Defaults to env[OS_IMAGE_API_VERSION] or 2.',
  },
  {
    key: 'osRegionName',
    flags: ['--os-region-name'],
    aliases: ['--os_region_name'],
    metavar: 'OS_REGION_NAME',
    env: ['OS_REGION_NAME'],
    cloud: ['region_name'],
    identity: true,
    help: 'Defaults to env[OS_REGION_NAME].',
  },
  {
    key: 'osAuthToken',
    credential: 'authToken',
    flags: ['--os-auth-token'],
    aliases: ['--os_auth_token'],
    metavar: 'OS_AUTH_TOKEN',
    env: ['OS_AUTH_TOKEN'],
    secret: true,
    help: 'Defaults to env[OS_AUTH_TOKEN]. Used with --os-image-url, Keystone is not contacted.',
  },
  {
    key: 'osServiceType',
    flags: ['--os-service-type'],
    aliases: ['--os_service_type'],
    metavar: 'OS_SERVICE_TYPE',
    env: ['OS_SERVICE_TYPE'],
    help: 'Defaults to env[OS_SERVICE_TYPE] or image.',
  },
  {
    key: 'osEndpointType',
    flags: ['--os-endpoint-type'],
    aliases: ['--os_endpoint_type'],
    metavar: 'OS_ENDPOINT_TYPE',
    // OS_INTERFACE is how the openstack client and clouds.yaml-era openrc files spell it.
    env: ['OS_ENDPOINT_TYPE', 'OS_INTERFACE'],
    cloud: ['interface', 'endpoint_type'],
    identity: true,
    help: 'public, internal or admin. Defaults to env[OS_ENDPOINT_TYPE], env[OS_INTERFACE] or public.',
  },
  { key: 'osInterface', flags: ['--os-interface'], metavar: 'OS_INTERFACE', help: 'The same as --os-endpoint-type, as the openstack client spells it.' },
  { key: 'insecure', flags: ['--insecure'], group: API, help: "Do not verify the server's TLS certificate. Use with caution." },
  { key: 'osCacert', flags: ['--os-cacert'], metavar: '<ca-certificate>', env: ['OS_CACERT'], cloud: ['cacert'], group: API, help: 'CA bundle file to verify TLS server certificates with. Defaults to env[OS_CACERT].' },
  { key: 'osCert', flags: ['--os-cert'], metavar: '<certificate>', env: ['OS_CERT'], cloud: ['cert'], group: API, help: 'Client certificate (PEM). Defaults to env[OS_CERT].' },
  { key: 'osKey', flags: ['--os-key'], metavar: '<key>', env: ['OS_KEY'], cloud: ['key'], group: API, help: "Client certificate's private key (PEM). Defaults to env[OS_KEY]." },
  {
    key: 'timeout',
    flags: ['--timeout'],
    metavar: '<seconds>',
    group: API,
    parse: parsePositiveSeconds,
    help: 'Seconds to wait for a connection, an answer or the next piece of data before giving up (default 600); a transfer that keeps moving is never cut.',
  },
  {
    key: 'retries',
    flags: ['--retries'],
    metavar: '<count>',
    group: API,
    parse: parseRetryCount,
    help: 'Times to send a GET, HEAD, PUT or DELETE again after a refused or lost connection or an HTTP 502, 503 or 504, waiting longer each time (and as long as Retry-After asks); a cut download resumes where it stopped as many times (default 3; 0 disables).',
  },
  { key: 'collectTiming', flags: ['--collect-timing'], group: API, help: 'Accepted for compatibility.' },
  { key: 'cache', flags: ['--no-cache'], group: API, help: 'Do not use or fill the token cache (also OS_CACHE=0).' },
  {
    key: 'osCloud',
    flags: ['--os-cloud'],
    metavar: '<name>',
    env: ['OS_CLOUD'],
    group: AUTH,
    help: 'A cloud of clouds.yaml (and secure.yaml) to take settings from; flags and OS_* variables win over it. Defaults to env[OS_CLOUD].',
  },
  {
    key: 'osAuthType',
    flags: ['--os-auth-type'],
    aliases: ['--os-auth-plugin'],
    metavar: '<name>',
    env: ['OS_AUTH_TYPE', 'OS_AUTH_PLUGIN'],
    cloud: ['auth_type'],
    identity: true,
    group: AUTH,
    help: `${authTypeList()}. Defaults to env[OS_AUTH_TYPE].`,
  },
  { key: 'osAuthUrl', credential: 'authUrl', flags: ['--os-auth-url'], metavar: 'OS_AUTH_URL', env: ['OS_AUTH_URL'], cloud: ['auth.auth_url'], identity: true, group: AUTH, help: 'Authentication URL. Defaults to env[OS_AUTH_URL].' },
  { key: 'osSystemScope', flags: ['--os-system-scope'], metavar: 'OS_SYSTEM_SCOPE', env: ['OS_SYSTEM_SCOPE'], cloud: ['auth.system_scope'], group: AUTH, help: 'Accepted for compatibility.' },
  { key: 'osDomainId', flags: ['--os-domain-id'], metavar: 'OS_DOMAIN_ID', env: ['OS_DOMAIN_ID'], group: AUTH, help: 'Accepted for compatibility.' },
  { key: 'osDomainName', flags: ['--os-domain-name'], metavar: 'OS_DOMAIN_NAME', env: ['OS_DOMAIN_NAME'], group: AUTH, help: 'Accepted for compatibility.' },
  {
    key: 'osProjectId',
    credential: 'projectId',
    flags: ['--os-project-id'],
    aliases: ['--os-tenant-id', '--os_tenant_id'],
    metavar: 'OS_PROJECT_ID',
    env: ['OS_PROJECT_ID', 'OS_TENANT_ID'],
    cloud: ['auth.project_id', 'auth.tenant_id'],
    identity: true,
    group: AUTH,
    help: 'Project ID to scope to. Defaults to env[OS_PROJECT_ID] or env[OS_TENANT_ID].',
  },
  {
    key: 'osProjectName',
    credential: 'projectName',
    flags: ['--os-project-name'],
    aliases: ['--os-tenant-name', '--os_tenant_name'],
    metavar: 'OS_PROJECT_NAME',
    env: ['OS_PROJECT_NAME', 'OS_TENANT_NAME'],
    cloud: ['auth.project_name', 'auth.tenant_name'],
    identity: true,
    group: AUTH,
    help: 'Project name to scope to. Defaults to env[OS_PROJECT_NAME] or env[OS_TENANT_NAME].',
  },
  {
    key: 'osProjectDomainId',
    credential: 'projectDomainId',
    flags: ['--os-project-domain-id'],
    metavar: 'OS_PROJECT_DOMAIN_ID',
    env: ['OS_PROJECT_DOMAIN_ID'],
    cloud: ['auth.project_domain_id'],
    identity: true,
    group: AUTH,
    help: 'Domain ID containing project.',
  },
  {
    key: 'osProjectDomainName',
    credential: 'projectDomainName',
    flags: ['--os-project-domain-name'],
    metavar: 'OS_PROJECT_DOMAIN_NAME',
    env: ['OS_PROJECT_DOMAIN_NAME'],
    cloud: ['auth.project_domain_name'],
    identity: true,
    group: AUTH,
    help: 'Domain name containing project.',
  },
  { key: 'osTrustId', flags: ['--os-trust-id'], metavar: 'OS_TRUST_ID', env: ['OS_TRUST_ID'], cloud: ['auth.trust_id'], group: AUTH, help: 'Accepted for compatibility.' },
  {
    key: 'osDefaultDomainId',
    credential: 'defaultDomainId',
    flags: ['--os-default-domain-id'],
    metavar: 'OS_DEFAULT_DOMAIN_ID',
    env: ['OS_DEFAULT_DOMAIN_ID'],
    // openstacksdk applies a bare domain to both the user and the project when they name none.
    cloud: ['auth.default_domain_id', 'auth.domain_id'],
    identity: true,
    group: AUTH,
    help: 'Domain ID for the user and project when neither names one (default: default).',
  },
  {
    key: 'osDefaultDomainName',
    credential: 'defaultDomainName',
    flags: ['--os-default-domain-name'],
    metavar: 'OS_DEFAULT_DOMAIN_NAME',
    env: ['OS_DEFAULT_DOMAIN_NAME'],
    cloud: ['auth.default_domain_name', 'auth.domain_name'],
    identity: true,
    group: AUTH,
    help: 'Domain name for the user and project when neither names one.',
  },
  { key: 'osUserId', credential: 'userId', flags: ['--os-user-id'], metavar: 'OS_USER_ID', env: ['OS_USER_ID'], cloud: ['auth.user_id'], identity: true, group: AUTH, help: 'User id.' },
  {
    key: 'osUsername',
    credential: 'username',
    flags: ['--os-username'],
    aliases: ['--os-user-name'],
    metavar: 'OS_USERNAME',
    env: ['OS_USERNAME', 'OS_USER_NAME'],
    cloud: ['auth.username', 'auth.user_name'],
    identity: true,
    group: AUTH,
    help: 'Username. Defaults to env[OS_USERNAME].',
  },
  {
    key: 'osUserDomainId',
    credential: 'userDomainId',
    flags: ['--os-user-domain-id'],
    metavar: 'OS_USER_DOMAIN_ID',
    env: ['OS_USER_DOMAIN_ID'],
    cloud: ['auth.user_domain_id'],
    identity: true,
    group: AUTH,
    help: "User's domain id.",
  },
  {
    key: 'osUserDomainName',
    credential: 'userDomainName',
    flags: ['--os-user-domain-name'],
    metavar: 'OS_USER_DOMAIN_NAME',
    env: ['OS_USER_DOMAIN_NAME'],
    cloud: ['auth.user_domain_name'],
    identity: true,
    group: AUTH,
    help: "User's domain name.",
  },
  {
    key: 'osPassword',
    credential: 'password',
    flags: ['--os-password'],
    metavar: 'OS_PASSWORD',
    env: ['OS_PASSWORD'],
    cloud: ['auth.password'],
    secret: true,
    identity: true,
    group: AUTH,
    help: "User's password. Defaults to env[OS_PASSWORD]; prompted for on a terminal.",
  },
  { key: 'osToken', credential: 'token', flags: ['--os-token'], metavar: '<token>', env: ['OS_TOKEN'], cloud: ['auth.token'], secret: true, identity: true, group: AUTH, help: 'A Keystone token, for --os-auth-type token. Defaults to env[OS_TOKEN].' },
  {
    key: 'osApplicationCredentialId',
    credential: 'applicationCredentialId',
    flags: ['--os-application-credential-id'],
    metavar: '<id>',
    env: ['OS_APPLICATION_CREDENTIAL_ID'],
    cloud: ['auth.application_credential_id'],
    identity: true,
    group: AUTH,
    help: 'Application credential id. Defaults to env[OS_APPLICATION_CREDENTIAL_ID].',
  },
  {
    key: 'osApplicationCredentialName',
    credential: 'applicationCredentialName',
    flags: ['--os-application-credential-name'],
    metavar: '<name>',
    env: ['OS_APPLICATION_CREDENTIAL_NAME'],
    cloud: ['auth.application_credential_name'],
    identity: true,
    group: AUTH,
    help: 'Application credential name (with --os-username). Defaults to env[OS_APPLICATION_CREDENTIAL_NAME].',
  },
  {
    key: 'osApplicationCredentialSecret',
    credential: 'applicationCredentialSecret',
    flags: ['--os-application-credential-secret'],
    metavar: '<secret>',
    env: ['OS_APPLICATION_CREDENTIAL_SECRET'],
    cloud: ['auth.application_credential_secret'],
    secret: true,
    identity: true,
    group: AUTH,
    help: 'Application credential secret. Defaults to env[OS_APPLICATION_CREDENTIAL_SECRET].',
  },
  // No flag, as in python-glanceclient: only the variable and clouds.yaml set it.
  { key: 'osIdentityApiVersion', flags: [], metavar: 'OS_IDENTITY_API_VERSION', env: ['OS_IDENTITY_API_VERSION'], cloud: ['identity_api_version'], identity: true, hidden: true, help: 'Identity API version (3, or 2.0 for a v2.0 Keystone).' },
] as const satisfies readonly GlobalOptionSpec[];

type Entry = (typeof GLOBAL_OPTIONS)[number];
type ValueOf<E> = E extends { parse: (value: string) => infer R } ? R : E extends { metavar: string } ? string : boolean;

/** The global options as parsed: each optional, switches boolean, values strings (or parsed). */
export type GlobalFlags = { [E in Entry as E['key']]?: ValueOf<E> };
export type GlobalKey = keyof GlobalFlags;

/** The fields of the login credentials, as the table names them. */
export type CredentialField = Extract<Entry, { credential: string }>['credential'];

export function globalOption(key: GlobalKey): GlobalOptionSpec {
  return GLOBAL_OPTIONS.find((entry) => entry.key === key) as GlobalOptionSpec;
}

/** Every name a secret setting goes by in a document: its key, its credential field, its clouds.yaml keys. */
export function secretSettingNames(): string[] {
  return GLOBAL_OPTIONS.flatMap((option: GlobalOptionSpec) =>
    option.secret ? [option.key, ...(option.credential ? [option.credential] : []), ...(option.cloud ?? []).map((key) => key.replace(/^auth\./, ''))] : [],
  );
}
