/** The auth plugins, keyed by --os-auth-type: what each needs, how it is checked, how it logs in. */
import type { AuthType, Credentials } from '../../config/settings.js';
import type { HttpClient } from '../../http/client.js';
import type { KeystoneToken } from '../keystone.js';
import type { CacheIdentity } from '../token-cache.js';
import { applicationCredentialPlugin } from './application-credential.js';
import { passwordPlugin } from './password.js';
import { tokenPlugin } from './token.js';

export interface LoginContext {
  http: HttpClient;
  signal?: AbortSignal;
  /** One line on stderr, e.g. that v2.0 is gone and v3 is used instead. */
  notice(line: string): void;
}

/** The secret a plugin needs, where it sits in the credentials, and how to ask for it. */
export interface SecretSpec {
  field: 'password' | 'applicationCredentialSecret';
  prompt: string;
}

export interface AuthPlugin {
  /** The checks that come before the secret is looked for (python-glanceclient asks for the username first). */
  checkBeforeSecret(credentials: Credentials): void;
  /** The rest, once the secret is known; in python-glanceclient's order and words where it has them. */
  check(credentials: Credentials): void;
  /** Undefined when there is no secret to find (token auth). */
  secret?: SecretSpec;
  /** The cache key's parts, or undefined when the credentials are incomplete or not cacheable. */
  cacheIdentity(credentials: Credentials, authType: AuthType): CacheIdentity | undefined;
  login(credentials: Credentials, context: LoginContext): Promise<KeystoneToken>;
}

export function pluginFor(type: AuthType): AuthPlugin {
  switch (type) {
    case 'password':
      return passwordPlugin('auto');
    case 'v3password':
      return passwordPlugin('v3');
    case 'v2password':
      return passwordPlugin('v2');
    case 'token':
      return tokenPlugin;
    case 'v3applicationcredential':
      return applicationCredentialPlugin;
  }
}
