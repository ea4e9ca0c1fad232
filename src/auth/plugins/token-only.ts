/**
 * Token-only mode (python-glanceclient's "no auth required"): --os-image-url with --os-auth-token.
 * Keystone is not contacted; the token is sent as it is, never cached, never renewed, and there is
 * no secret to keep.
 */
import type { AuthPlugin } from './index.js';

export const tokenOnlyPlugin: AuthPlugin = {
  title: 'Token-only mode (--os-auth-token with --os-image-url)',
  fields: ['authToken', 'token'],
  checkBeforeSecret: () => undefined,
  check: () => undefined,
  cacheIdentity: () => undefined,
  secretIdentity: () => undefined,
  login: async (credentials) => ({ token: (credentials.authToken ?? credentials.token)!, catalog: [] }),
};
