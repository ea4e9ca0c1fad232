/** Gets a token and the image endpoint: token-only mode, or a Keystone login plus catalog lookup. */
import { CliError } from '../errors.js';
import { splitVersionedUrl, type ConnectionSettings } from '../config/settings.js';
import type { HttpClient } from '../http/client.js';
import { findEndpoint } from './catalog.js';
import { checkPasswordCredentials, discoverIdentityV3, passwordLogin } from './keystone.js';

/** What every Glance request needs. */
export interface ImageServiceAccess {
  /** The image API root without a version, e.g. http://127.0.0.1:9292. */
  endpoint: string;
  token: string;
}

/** Asks for the password on the terminal; resolves undefined when there is no terminal or on Ctrl-D. */
export type PasswordPrompt = () => Promise<string | undefined>;

export async function connectToImageService(
  settings: ConnectionSettings,
  http: HttpClient,
  promptPassword: PasswordPrompt,
  signal?: AbortSignal,
): Promise<ImageServiceAccess> {
  if (settings.imageUrl && settings.authToken) {
    return { endpoint: settings.imageUrl, token: settings.authToken };
  }
  const credentials = { ...settings.credentials };
  if (!credentials.username && !credentials.userId) {
    throw new CliError('You must provide a username via either --os-username or env[OS_USERNAME]');
  }
  if (!credentials.password) {
    credentials.password = await promptPassword();
  }
  checkPasswordCredentials(credentials);

  const identityUrl = await discoverIdentityV3(http, credentials.authUrl as string, signal);
  const login = await passwordLogin(http, identityUrl, credentials, signal);
  const endpoint =
    settings.imageUrl ??
    findEndpoint(login.catalog, {
      serviceType: settings.serviceType,
      interface: settings.interface,
      regionName: settings.regionName,
    });
  return { endpoint: splitVersionedUrl(endpoint).base, token: login.token };
}
