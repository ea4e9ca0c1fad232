/**
 * Who logs in, as Keystone, the token cache and the credential store each spell it. The domain
 * rule lives here once: a user's or project's own domain id, else its domain name, else the
 * default domain id, else the default domain name, else the domain `default`.
 */
import type { Credentials } from '../config/settings.js';

export type DomainReference = { id: string } | { name: string };

/**
 * A user or project named without a domain lives in the default domain, as the openstack client
 * assumes; python-glanceclient sends no domain and Keystone rejects the request.
 */
function domainOf(id: string | undefined, name: string | undefined, credentials: Credentials): DomainReference {
  if (id) {
    return { id };
  }
  if (name) {
    return { name };
  }
  if (credentials.defaultDomainId) {
    return { id: credentials.defaultDomainId };
  }
  return credentials.defaultDomainName ? { name: credentials.defaultDomainName } : { id: 'default' };
}

export function userDomain(credentials: Credentials): DomainReference {
  return domainOf(credentials.userDomainId, credentials.userDomainName, credentials);
}

export function projectDomain(credentials: Credentials): DomainReference {
  return domainOf(credentials.projectDomainId, credentials.projectDomainName, credentials);
}

/** `id:<id>` or `name:<name>`: how the token cache key writes a reference. */
function keyOf(reference: DomainReference): string {
  return 'id' in reference ? `id:${reference.id}` : `name:${reference.name}`;
}

/** The user as the cache key knows it: an id, or a name in a domain. */
export function userKey(credentials: Credentials): { user?: string; userDomain?: string } {
  if (credentials.userId) {
    return { user: `id:${credentials.userId}` };
  }
  if (!credentials.username) {
    return {};
  }
  return { user: `name:${credentials.username}`, userDomain: keyOf(userDomain(credentials)) };
}

export function projectKey(credentials: Credentials): { project?: string; projectDomain?: string } {
  if (credentials.projectId) {
    return { project: `id:${credentials.projectId}` };
  }
  if (!credentials.projectName) {
    return {};
  }
  return { project: `name:${credentials.projectName}`, projectDomain: keyOf(projectDomain(credentials)) };
}

/** The user as the credential store knows it: a keyring account part, and words for messages. */
export function userAccount(credentials: Credentials): { account: string; description: string } | undefined {
  if (credentials.userId) {
    return { account: `user-id=${credentials.userId}`, description: `user ${credentials.userId}` };
  }
  if (!credentials.username) {
    return undefined;
  }
  const domain = userDomain(credentials);
  const [account, shown] = 'id' in domain ? [`domain-id=${domain.id}`, domain.id] : [`domain=${domain.name}`, domain.name];
  return { account: `user=${credentials.username} ${account}`, description: `user ${credentials.username} (domain ${shown})` };
}

/** The auth URL as the credential store writes it: without a trailing slash. */
export function storedAuthUrl(credentials: Credentials): string | undefined {
  return credentials.authUrl?.replace(/\/+$/, '') || undefined;
}
