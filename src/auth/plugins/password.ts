/**
 * password, v3password and v2password. A /v2.0 auth URL (or v2password) logs in with Identity
 * API v2.0 where Keystone still has it; Keystone has had none since Queens, so on a 404 the
 * login falls back to v3 in the default domain, and says so in one line on stderr.
 */
import type { AuthType, Credentials } from '../../config/settings.js';
import { CliError } from '../../errors.js';
import {
  checkPasswordCredentials,
  discoverIdentity,
  discoverIdentityV3,
  discoveryFailure,
  IdentityV2Missing,
  passwordLogin,
  v2PasswordLogin,
  type KeystoneToken,
} from '../keystone.js';
import { redactUrl } from '../../http/redact.js';
import { projectKey, storedAuthUrl, userAccount, userKey } from '../identity.js';
import type { AuthPlugin, LoginContext } from './index.js';

type Preference = 'auto' | 'v3' | 'v2';

export function passwordPlugin(name: AuthType, preference: Preference): AuthPlugin {
  return {
    title: `The ${name} auth type`,
    fields: [
      'authUrl',
      'username',
      'userId',
      'password',
      'userDomainId',
      'userDomainName',
      'projectId',
      'projectName',
      'projectDomainId',
      'projectDomainName',
      'defaultDomainId',
      'defaultDomainName',
    ],
    secret: {
      field: 'password',
      prompt: 'OS Password: ',
      kind: 'password',
      incomplete: 'credential-store needs to know whose password it is: set OS_AUTH_URL and OS_USERNAME (or OS_USER_ID), or use --os-cloud',
    },
    checkBeforeSecret(credentials) {
      if (!credentials.username && !credentials.userId) {
        throw new CliError('You must provide a username via either --os-username or env[OS_USERNAME]');
      }
    },
    check: checkPasswordCredentials,
    cacheIdentity(credentials) {
      const user = userKey(credentials);
      const project = projectKey(credentials);
      if (!credentials.authUrl || !user.user || !project.project) {
        return undefined;
      }
      return { authUrl: credentials.authUrl, authType: name, ...user, ...project };
    },
    /** One password serves every project of the user: the project is not part of it. */
    secretIdentity(credentials) {
      const url = storedAuthUrl(credentials);
      const user = userAccount(credentials);
      if (!url || !user) {
        return undefined;
      }
      return { kind: 'password', account: `password ${user.account} at ${url}`, description: `${user.description} at ${redactUrl(url)}` };
    },
    login(credentials, context) {
      return login(credentials, context, preference);
    },
  };
}

async function login(credentials: Credentials, context: LoginContext, preference: Preference): Promise<KeystoneToken> {
  const url = credentials.authUrl!.replace(/\/+$/, '');
  const { http, signal } = context;
  if (preference === 'v3' || (preference === 'auto' && /\/v3$/.test(url))) {
    return passwordLogin(http, await discoverIdentityV3(http, url, signal), credentials, signal);
  }
  if (preference === 'v2' || /\/v2\.0$/.test(url)) {
    const v2Url = /\/v2\.0$/.test(url) ? url : /\/v3$/.test(url) ? url.replace(/\/v3$/, '/v2.0') : `${url}/v2.0`;
    try {
      return await v2PasswordLogin(http, v2Url, credentials, signal);
    } catch (error) {
      if (!(error instanceof IdentityV2Missing)) {
        throw error;
      }
    }
    // A /v2.0 URL's sibling /v3 is where every Keystone keeps it; anything else is discovered.
    const v3Url = await discoverIdentityV3(http, url, signal);
    context.notice(`Keystone at ${redactUrl(v2Url)} has no Identity API v2.0 (gone since Queens): using v3 at ${redactUrl(v3Url)} in the default domain instead`);
    return passwordLogin(http, v3Url, credentials, signal);
  }
  // An unversioned URL: v3 where Keystone offers it, else v2.0.
  const versions = await discoverIdentity(http, url, signal);
  if (versions.v3) {
    return passwordLogin(http, versions.v3, credentials, signal);
  }
  if (versions.v2) {
    return v2PasswordLogin(http, versions.v2, credentials, signal).catch((error: unknown) => {
      throw error instanceof IdentityV2Missing ? discoveryFailure(error) : error;
    });
  }
  throw discoveryFailure(new Error(`no v3 or v2.0 API among the versions offered at ${redactUrl(url)}`));
}
