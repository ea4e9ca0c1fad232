/**
 * The auth plugins: one per way of logging in. A plugin owns everything about its method: the
 * credential fields it reads, its secret and how to ask for it, its token-cache identity, the
 * keyring entry its secret is kept under, its checks and its login. Nothing outside this folder
 * branches on the auth type.
 *
 * Adding one: a row in src/config/options.ts per new setting (with its `credential` field), the
 * auth type in src/config/settings.ts, a file here, and its line in PLUGINS.
 */
import type { AuthType, ConnectionSettings, Credentials } from '../../config/settings.js';
import type { CredentialField } from '../../config/options.js';
import type { HttpClient } from '../../http/client.js';
import type { SecretIdentity, SecretKind } from '../credential-store.js';
import type { KeystoneToken } from '../keystone.js';
import type { CacheIdentity } from '../token-cache.js';
import { applicationCredentialPlugin } from './application-credential.js';
import { passwordPlugin } from './password.js';
import { tokenOnlyPlugin } from './token-only.js';
import { tokenPlugin } from './token.js';

export interface LoginContext {
  /** The plain HTTP client: nothing sent through it carries a Glance token. */
  http: HttpClient;
  signal?: AbortSignal;
  /** One line on stderr, e.g. that v2.0 is gone and v3 is used instead. */
  notice(line: string): void;
}

/** The secret a plugin needs, where it sits in the credentials, and how to ask for it. */
export interface SecretSpec {
  field: CredentialField;
  /** On the terminal, when neither the settings nor the keyring have it. */
  prompt: string;
  /** In messages: "password", "application credential secret". */
  kind: SecretKind;
  /** What credential-store says when the credentials do not name whose secret it is. */
  incomplete: string;
}

export interface AuthPlugin {
  /** In messages: "the token auth type". */
  readonly title: string;
  /** The credential fields it reads; it is given no others. */
  readonly fields: readonly CredentialField[];
  /** Undefined when there is no secret to find or keep (token auth). */
  readonly secret?: SecretSpec;
  /** The checks that come before the secret is looked for (python-glanceclient asks for the username first). */
  checkBeforeSecret(credentials: Credentials): void;
  /** The rest, once the secret is known; in python-glanceclient's order and words where it has them. */
  check(credentials: Credentials): void;
  /** The cache key's parts, or undefined when the credentials are incomplete or not cacheable. */
  cacheIdentity(credentials: Credentials): CacheIdentity | undefined;
  /** The keyring entry of its secret, or undefined when there is none or the credentials do not say whose. */
  secretIdentity(credentials: Credentials): SecretIdentity | undefined;
  login(credentials: Credentials, context: LoginContext): Promise<KeystoneToken>;
}

const PLUGINS: Record<AuthType, AuthPlugin> = {
  password: passwordPlugin('password', 'auto'),
  v3password: passwordPlugin('v3password', 'v3'),
  v2password: passwordPlugin('v2password', 'v2'),
  token: tokenPlugin,
  v3applicationcredential: applicationCredentialPlugin,
};

/** The plugin of an auth type. */
export function authPlugin(type: AuthType): AuthPlugin {
  return PLUGINS[type];
}

/**
 * The plugin the settings call for: token-only mode when an image URL comes with --os-auth-token
 * (or with --os-token for token auth), else the auth type's.
 */
export function pluginFor(settings: ConnectionSettings): AuthPlugin {
  const { credentials } = settings;
  if (settings.imageUrl && (credentials.authToken || (settings.authType === 'token' && credentials.token))) {
    return tokenOnlyPlugin;
  }
  return PLUGINS[settings.authType];
}

/** Only the fields the plugin reads. */
export function credentialsFor(plugin: AuthPlugin, credentials: Credentials): Credentials {
  return Object.fromEntries(plugin.fields.map((field) => [field, credentials[field]]));
}

/** The credential fields some plugin keeps its secret in, for --debug redaction. */
export function secretFields(): CredentialField[] {
  return [...new Set([...Object.values(PLUGINS), tokenOnlyPlugin].flatMap((plugin) => (plugin.secret ? [plugin.secret.field] : [])))];
}
