/** The parts of the token cache key that name a user and a project; never a secret. */
import type { Credentials } from '../../config/settings.js';

/** The user as the cache key knows it: an id, or a name in a domain. */
export function userKey(credentials: Credentials): { user?: string; userDomain?: string } {
  if (credentials.userId) {
    return { user: `id:${credentials.userId}` };
  }
  if (!credentials.username) {
    return {};
  }
  return { user: `name:${credentials.username}`, userDomain: domainKey(credentials.userDomainId, credentials.userDomainName, credentials) };
}

export function projectKey(credentials: Credentials): { project?: string; projectDomain?: string } {
  if (credentials.projectId) {
    return { project: `id:${credentials.projectId}` };
  }
  if (!credentials.projectName) {
    return {};
  }
  return {
    project: `name:${credentials.projectName}`,
    projectDomain: domainKey(credentials.projectDomainId, credentials.projectDomainName, credentials),
  };
}

function domainKey(id: string | undefined, name: string | undefined, credentials: Credentials): string {
  if (id) {
    return `id:${id}`;
  }
  if (name) {
    return `name:${name}`;
  }
  if (credentials.defaultDomainId) {
    return `id:${credentials.defaultDomainId}`;
  }
  return credentials.defaultDomainName ? `name:${credentials.defaultDomainName}` : 'id:default';
}
