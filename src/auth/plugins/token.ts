/**
 * token (v3token): an existing token. With a project it is exchanged for a token scoped to that
 * project; without one, Keystone is asked for the token's own catalog and expiry. A token is a
 * secret, so nothing of this login is cached: there is no identity to key it by but the token.
 */
import { CliError } from '../../errors.js';
import { checkAuthUrl, discoverIdentityV3, inspectToken, projectScope, v3Login } from '../keystone.js';
import type { AuthPlugin } from './index.js';

export const tokenPlugin: AuthPlugin = {
  title: 'The token auth type',
  fields: ['authUrl', 'token', 'projectId', 'projectName', 'projectDomainId', 'projectDomainName', 'defaultDomainId', 'defaultDomainName'],
  checkBeforeSecret(credentials) {
    if (!credentials.token) {
      throw new CliError('You must provide a token via either --os-token or env[OS_TOKEN]');
    }
  },
  check: checkAuthUrl,
  cacheIdentity: () => undefined,
  secretIdentity: () => undefined,
  async login(credentials, { http, signal }) {
    const identityUrl = await discoverIdentityV3(http, credentials.authUrl!, signal);
    const scope = projectScope(credentials);
    if (!scope) {
      return inspectToken(http, identityUrl, credentials.token!, signal);
    }
    return v3Login(http, identityUrl, { methods: ['token'], token: { id: credentials.token } }, scope, signal);
  },
};
