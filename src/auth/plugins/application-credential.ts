/**
 * v3applicationcredential: an application credential by id, or by name with its user, and its
 * secret. The credential carries its own project, so no scope is sent.
 */
import { CliError } from '../../errors.js';
import { checkAuthUrl, discoverIdentityV3, userReference, v3Login } from '../keystone.js';
import { redactUrl } from '../../http/redact.js';
import { storedAuthUrl, userAccount, userKey } from '../identity.js';
import type { AuthPlugin } from './index.js';

export const applicationCredentialPlugin: AuthPlugin = {
  title: 'The v3applicationcredential auth type',
  fields: [
    'authUrl',
    'applicationCredentialId',
    'applicationCredentialName',
    'applicationCredentialSecret',
    'username',
    'userId',
    'userDomainId',
    'userDomainName',
    'defaultDomainId',
    'defaultDomainName',
  ],
  secret: {
    field: 'applicationCredentialSecret',
    prompt: 'Application credential secret: ',
    kind: 'application credential secret',
    incomplete:
      'credential-store needs the application credential: set OS_AUTH_URL and OS_APPLICATION_CREDENTIAL_ID (or OS_APPLICATION_CREDENTIAL_NAME with OS_USERNAME)',
  },
  checkBeforeSecret(credentials) {
    if (!credentials.applicationCredentialId && !credentials.applicationCredentialName) {
      throw new CliError(
        'You must provide an application credential id or name via --os-application-credential-id (env[OS_APPLICATION_CREDENTIAL_ID]) ' +
          'or --os-application-credential-name (env[OS_APPLICATION_CREDENTIAL_NAME])',
      );
    }
    if (!credentials.applicationCredentialId && !credentials.username && !credentials.userId) {
      throw new CliError('An application credential given by name needs its user: --os-username (env[OS_USERNAME]) or --os-user-id (env[OS_USER_ID])');
    }
  },
  check(credentials) {
    if (!credentials.applicationCredentialSecret) {
      throw new CliError(
        'You must provide an application credential secret via either --os-application-credential-secret or env[OS_APPLICATION_CREDENTIAL_SECRET]',
      );
    }
    checkAuthUrl(credentials);
  },
  cacheIdentity(credentials) {
    const authType = 'v3applicationcredential';
    if (!credentials.authUrl) {
      return undefined;
    }
    if (credentials.applicationCredentialId) {
      return { authUrl: credentials.authUrl, authType, applicationCredential: `id:${credentials.applicationCredentialId}` };
    }
    const user = userKey(credentials);
    if (!credentials.applicationCredentialName || !user.user) {
      return undefined;
    }
    return { authUrl: credentials.authUrl, authType, applicationCredential: `name:${credentials.applicationCredentialName}`, ...user };
  },
  secretIdentity(credentials) {
    const url = storedAuthUrl(credentials);
    if (!url) {
      return undefined;
    }
    const kind = 'application credential secret';
    if (credentials.applicationCredentialId) {
      return {
        kind,
        account: `application-credential id=${credentials.applicationCredentialId} at ${url}`,
        description: `application credential ${credentials.applicationCredentialId} at ${redactUrl(url)}`,
      };
    }
    const user = userAccount(credentials);
    if (!credentials.applicationCredentialName || !user) {
      return undefined;
    }
    return {
      kind,
      account: `application-credential name=${credentials.applicationCredentialName} ${user.account} at ${url}`,
      description: `application credential ${credentials.applicationCredentialName} of ${user.description} at ${redactUrl(url)}`,
    };
  },
  async login(credentials, { http, signal }) {
    const identityUrl = await discoverIdentityV3(http, credentials.authUrl!, signal);
    const applicationCredential: Record<string, unknown> = credentials.applicationCredentialId
      ? { id: credentials.applicationCredentialId, secret: credentials.applicationCredentialSecret }
      : { name: credentials.applicationCredentialName, secret: credentials.applicationCredentialSecret, user: userReference(credentials) };
    return v3Login(http, identityUrl, { methods: ['application_credential'], application_credential: applicationCredential }, undefined, signal);
  },
};
