/**
 * Passwords and application-credential secrets in the OS keyring, so openrc files need no
 * plaintext password. Never in a file: without a keyring nothing is stored.
 *
 * An entry is found by who logs in where (auth URL, user and domain, or the application
 * credential: the auth plugin says), never by the project: one password serves every project of a
 * user.
 */
import { CliError } from '../errors.js';
import type { Keyring } from './keyring.js';

export const CREDENTIAL_SERVICE = 'glance-cli credentials';

/** What the secret is, in messages: "password", "application credential secret". */
export type SecretKind = string;

/**
 * A keyring entry, as the auth plugin whose secret it holds names it. Each plugin's accounts begin
 * with what they hold ("password ...", "application-credential ..."), so no plugin is ever given
 * another's secret.
 */
export interface SecretIdentity {
  kind: SecretKind;
  /** The keyring account: readable, so the entry can be recognised in a keyring manager. */
  account: string;
  /** For messages: "user admin (domain Default) at http://…/v3". */
  description: string;
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
