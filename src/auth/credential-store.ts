/**
 * Passwords and application-credential secrets in the OS keyring, so openrc files need no
 * plaintext password. Never in a file: without a keyring nothing is stored.
 *
 * An entry is found by who logs in where (auth URL, user and domain, or the application
 * credential), never by the project: one password serves every project of a user.
 */
import type { Credentials } from '../config/settings.js';
import { CliError } from '../errors.js';
import type { Keyring } from './keyring.js';

export const CREDENTIAL_SERVICE = 'glance-cli credentials';

export type SecretKind = 'password' | 'application credential secret';

export interface SecretIdentity {
  kind: SecretKind;
  /** The keyring account: readable, so the entry can be recognised in a keyring manager. */
  account: string;
  /** For messages: "user admin (domain Default) at http://…/v3". */
  description: string;
}

/**
 * The identity whose secret the credentials need, or undefined when they do not say enough
 * (no auth URL or no user) or need no stored secret (token auth).
 */
export function secretIdentity(authType: string, credentials: Credentials): SecretIdentity | undefined {
  const url = credentials.authUrl?.replace(/\/+$/, '');
  if (!url) {
    return undefined;
  }
  const user = userDescription(credentials);
  if (authType === 'v3applicationcredential') {
    if (credentials.applicationCredentialId) {
      return {
        kind: 'application credential secret',
        account: `application-credential id=${credentials.applicationCredentialId} at ${url}`,
        description: `application credential ${credentials.applicationCredentialId} at ${url}`,
      };
    }
    if (credentials.applicationCredentialName && user) {
      return {
        kind: 'application credential secret',
        account: `application-credential name=${credentials.applicationCredentialName} ${user.account} at ${url}`,
        description: `application credential ${credentials.applicationCredentialName} of ${user.description} at ${url}`,
      };
    }
    return undefined;
  }
  if (authType === 'token' || !user) {
    return undefined;
  }
  return { kind: 'password', account: `password ${user.account} at ${url}`, description: `${user.description} at ${url}` };
}

function userDescription(credentials: Credentials): { account: string; description: string } | undefined {
  if (credentials.userId) {
    return { account: `user-id=${credentials.userId}`, description: `user ${credentials.userId}` };
  }
  if (!credentials.username) {
    return undefined;
  }
  const domain = credentials.userDomainId
    ? `domain-id=${credentials.userDomainId}`
    : credentials.userDomainName
      ? `domain=${credentials.userDomainName}`
      : credentials.defaultDomainId
        ? `domain-id=${credentials.defaultDomainId}`
        : credentials.defaultDomainName
          ? `domain=${credentials.defaultDomainName}`
          : 'domain-id=default';
  const shownDomain = domain.replace(/^domain(-id)?=/, '');
  return { account: `user=${credentials.username} ${domain}`, description: `user ${credentials.username} (domain ${shownDomain})` };
}

export class CredentialStore {
  constructor(private readonly keyring: Keyring | undefined) {}

  /** The stored secret, or undefined when there is none or no keyring answers. */
  async lookup(identity: SecretIdentity): Promise<string | undefined> {
    if (!this.keyring) {
      return undefined;
    }
    try {
      const found = await this.keyring.get(CREDENTIAL_SERVICE, identity.account);
      return found.found ? found.value : undefined;
    } catch {
      return undefined;
    }
  }

  async save(identity: SecretIdentity, secret: string): Promise<void> {
    try {
      await this.requireKeyring().set(CREDENTIAL_SERVICE, identity.account, secret);
    } catch (error) {
      throw noKeyring(error, 'nothing was stored. Passwords are never written to a file; keep using OS_PASSWORD or the prompt.');
    }
  }

  async remove(identity: SecretIdentity): Promise<boolean> {
    try {
      return await this.requireKeyring().delete(CREDENTIAL_SERVICE, identity.account);
    } catch (error) {
      throw noKeyring(error, 'nothing was removed.');
    }
  }

  private requireKeyring(): Keyring {
    if (!this.keyring) {
      throw new NoKeyringError('no D-Bus session bus, so no Secret Service');
    }
    return this.keyring;
  }
}

class NoKeyringError extends Error {}

function noKeyring(error: unknown, consequence: string): CliError {
  if (error instanceof CliError) {
    return error;
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new CliError(`No OS keyring is available (${reason}): ${consequence}`);
}
