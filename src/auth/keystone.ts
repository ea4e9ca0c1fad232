/** Keystone: version discovery, and the token requests of Identity API v3 and v2.0. */
import { CliError } from '../errors.js';
import type { Credentials } from '../config/settings.js';
import type { HttpClient } from '../http/client.js';
import { HttpError } from '../http/errors.js';
import { redactUrl, redactUrlsIn } from '../http/redact.js';
import { catalogFromV2, type Catalog, type V2CatalogService } from './catalog.js';
import { projectDomain, userDomain } from './identity.js';

/** A scoped token and what came with it. */
export interface KeystoneToken {
  token: string;
  expiresAt?: string;
  catalog: Catalog;
  userId?: string;
  projectId?: string;
}

/** Keystone answered a token request with an error; the message is keystoneauth's. */
export class KeystoneError extends CliError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The v2.0 API is not there (404): Keystone since Queens. */
export class IdentityV2Missing extends Error {}

interface TokenResponseBody {
  token?: {
    expires_at?: string;
    catalog?: Catalog;
    user?: { id?: string };
    project?: { id?: string };
  };
}

interface V2AccessBody {
  access?: {
    token?: { id?: string; expires?: string; tenant?: { id?: string } };
    serviceCatalog?: V2CatalogService[];
    user?: { id?: string };
  };
}

interface VersionsDocument {
  versions?: { values?: VersionEntry[] } | VersionEntry[];
  version?: VersionEntry;
}

interface VersionEntry {
  id?: string;
  status?: string;
  links?: { rel?: string; href?: string }[];
}

/** Checks what python-glanceclient checks, in its order and with its words; no request is sent when something is missing. */
export function checkPasswordCredentials(credentials: Credentials): void {
  if (!credentials.username && !credentials.userId) {
    throw new CliError('You must provide a username via either --os-username or env[OS_USERNAME]');
  }
  if (!credentials.password) {
    throw new CliError('You must provide a password via either --os-password, env[OS_PASSWORD], or prompted response');
  }
  checkProjectAndUrl(credentials);
}

export function checkProjectAndUrl(credentials: Credentials): void {
  if (!credentials.projectId && !credentials.projectName) {
    throw new CliError(
      'You must provide a project_id or project_name (with project_domain_name or project_domain_id) via ' +
        '  --os-project-id (env[OS_PROJECT_ID])  --os-project-name (env[OS_PROJECT_NAME]), ' +
        ' --os-project-domain-id (env[OS_PROJECT_DOMAIN_ID])  --os-project-domain-name (env[OS_PROJECT_DOMAIN_NAME])',
    );
  }
  checkAuthUrl(credentials);
}

export function checkAuthUrl(credentials: Credentials): void {
  if (!credentials.authUrl) {
    throw new CliError('You must provide an auth url via either --os-auth-url or via env[OS_AUTH_URL]');
  }
}

/** The API roots a Keystone offers, from its version document. */
export interface IdentityVersions {
  v3?: string;
  v2?: string;
}

function trimUrl(url: string): string {
  return url.replace(/\/+$/, '');
}

/**
 * Where a version document's href points, on the scheme, host and port the user configured: only
 * its path is taken. A Keystone behind a TLS proxy advertises its own address (http://, another
 * host or port); following it would send the password in clear, or somewhere else.
 */
function onConfiguredOrigin(href: string, authUrl: string): string | undefined {
  try {
    return `${new URL(authUrl).origin}${new URL(href, `${authUrl}/`).pathname}`;
  } catch {
    return undefined;
  }
}

/** GET on an unversioned auth URL: Keystone answers 300 Multiple Choices with its versions. */
export async function discoverIdentity(http: HttpClient, authUrl: string, signal?: AbortSignal): Promise<IdentityVersions> {
  const url = trimUrl(authUrl);
  let document: VersionsDocument;
  try {
    const response = await http.send({ method: 'GET', url, headers: { accept: 'application/json' }, signal });
    document = await response.json<VersionsDocument>();
  } catch (error) {
    if (error instanceof HttpError && error.status === 300) {
      try {
        document = JSON.parse(error.body) as VersionsDocument;
      } catch (parseError) {
        throw discoveryFailure(parseError);
      }
    } else if (error instanceof CliError) {
      throw error;
    } else {
      throw discoveryFailure(error);
    }
  }
  const entries = Array.isArray(document.versions)
    ? document.versions
    : (document.versions?.values ?? (document.version ? [document.version] : []));
  const link = (prefix: string): string | undefined => {
    const entry = entries.find((candidate) => candidate.id?.startsWith(prefix));
    const href = entry?.links?.find((candidate) => candidate.rel === 'self')?.href;
    const root = href ? onConfiguredOrigin(href, url) : undefined;
    return root ? trimUrl(root) : undefined;
  };
  return { v3: link('v3'), v2: link('v2') };
}

/** Finds the v3 API root for an auth URL: a /v3 URL is used as it is, /v2.0 becomes /v3, anything else goes through discovery. */
export async function discoverIdentityV3(http: HttpClient, authUrl: string, signal?: AbortSignal): Promise<string> {
  const trimmed = trimUrl(authUrl);
  if (/\/v3$/.test(trimmed)) {
    return trimmed;
  }
  if (/\/v2\.0$/.test(trimmed)) {
    return trimmed.replace(/\/v2\.0$/, '/v3');
  }
  const versions = await discoverIdentity(http, trimmed, signal);
  if (!versions.v3) {
    throw discoveryFailure(new Error(`no v3 API among the versions offered at ${redactUrl(trimmed)}`));
  }
  return versions.v3;
}

export function discoveryFailure(cause: unknown): CliError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  return new CliError(
    'Unable to determine the Keystone version to authenticate with using the given auth_url. ' +
      'Identity service may not support API version discovery. Please provide a versioned auth_url instead. ' +
      `error=${reason}`,
  );
}

/** POST /v3/auth/tokens with the password method, scoped to the project. */
export async function passwordLogin(
  http: HttpClient,
  identityUrl: string,
  credentials: Credentials,
  signal?: AbortSignal,
): Promise<KeystoneToken> {
  const user: Record<string, unknown> = { password: credentials.password };
  Object.assign(user, userReference(credentials));
  return v3Login(http, identityUrl, { methods: ['password'], password: { user } }, projectScope(credentials), signal);
}

/** `{id}` or `{name, domain}` for the user. */
export function userReference(credentials: Credentials): Record<string, unknown> {
  if (credentials.userId) {
    return { id: credentials.userId };
  }
  return { name: credentials.username, domain: userDomain(credentials) };
}

/** The project scope, or undefined when no project is named. */
export function projectScope(credentials: Credentials): Record<string, unknown> | undefined {
  if (credentials.projectId) {
    return { project: { id: credentials.projectId } };
  }
  if (credentials.projectName) {
    return { project: { name: credentials.projectName, domain: projectDomain(credentials) } };
  }
  return undefined;
}

/** POST /v3/auth/tokens with any identity; the token comes back in X-Subject-Token. */
export async function v3Login(
  http: HttpClient,
  identityUrl: string,
  identity: Record<string, unknown>,
  scope: Record<string, unknown> | undefined,
  signal?: AbortSignal,
): Promise<KeystoneToken> {
  const body = { auth: scope ? { identity, scope } : { identity } };
  const url = `${identityUrl}/auth/tokens`;
  try {
    const response = await http.send({ method: 'POST', url, body: { json: body }, headers: { accept: 'application/json' }, signal });
    const token = response.headers['x-subject-token'];
    const document = await response.json<TokenResponseBody>();
    if (!token) {
      throw new CliError(`Keystone at ${redactUrl(url)} returned no X-Subject-Token header`);
    }
    return tokenFromV3(token, document);
  } catch (error) {
    throw error instanceof HttpError ? new KeystoneError(keystoneErrorMessage(error), error.status) : error;
  }
}

/** GET /v3/auth/tokens on a token itself: its catalog and expiry, without making a new one. */
export async function inspectToken(http: HttpClient, identityUrl: string, token: string, signal?: AbortSignal): Promise<KeystoneToken> {
  const url = `${identityUrl}/auth/tokens`;
  try {
    const response = await http.send({
      method: 'GET',
      url,
      headers: { accept: 'application/json', 'x-auth-token': token, 'x-subject-token': token },
      signal,
    });
    return tokenFromV3(token, await response.json<TokenResponseBody>());
  } catch (error) {
    throw error instanceof HttpError ? new KeystoneError(keystoneErrorMessage(error), error.status) : error;
  }
}

function tokenFromV3(token: string, document: TokenResponseBody): KeystoneToken {
  return {
    token,
    expiresAt: document.token?.expires_at,
    catalog: document.token?.catalog ?? [],
    userId: document.token?.user?.id,
    projectId: document.token?.project?.id,
  };
}

/** POST /v2.0/tokens with passwordCredentials and a tenant. Throws IdentityV2Missing on 404. */
export async function v2PasswordLogin(
  http: HttpClient,
  identityUrl: string,
  credentials: Credentials,
  signal?: AbortSignal,
): Promise<KeystoneToken> {
  const passwordCredentials: Record<string, unknown> = credentials.userId
    ? { userId: credentials.userId, password: credentials.password }
    : { username: credentials.username, password: credentials.password };
  const auth: Record<string, unknown> = { passwordCredentials };
  if (credentials.projectId) {
    auth.tenantId = credentials.projectId;
  } else if (credentials.projectName) {
    auth.tenantName = credentials.projectName;
  }
  const url = `${identityUrl}/tokens`;
  try {
    const response = await http.send({ method: 'POST', url, body: { json: { auth } }, headers: { accept: 'application/json' }, signal });
    const access = (await response.json<V2AccessBody>()).access;
    const token = access?.token?.id;
    if (!token) {
      throw new CliError(`Keystone at ${redactUrl(url)} returned no token`);
    }
    return {
      token,
      expiresAt: access?.token?.expires,
      catalog: catalogFromV2(access?.serviceCatalog ?? []),
      userId: access?.user?.id,
      projectId: access?.token?.tenant?.id,
    };
  } catch (error) {
    if (error instanceof HttpError && error.status === 404) {
      throw new IdentityV2Missing(`${redactUrl(url)} answered 404`);
    }
    throw error instanceof HttpError ? new KeystoneError(keystoneErrorMessage(error), error.status) : error;
  }
}

/** keystoneauth's wording: "<message> (HTTP <status>) (Request-ID: <id>)". */
export function keystoneErrorMessage(error: HttpError): string {
  let message: string | undefined;
  try {
    const document = JSON.parse(error.body) as { error?: { message?: string } };
    message = document.error?.message;
  } catch {
    // not JSON: fall back to the status line
  }
  const text = `${message === undefined ? reasonPhrase(error.status) : redactUrlsIn(message)} (HTTP ${error.status})`;
  return error.requestId ? `${text} (Request-ID: ${error.requestId})` : text;
}

function reasonPhrase(status: number): string {
  const phrases: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    409: 'Conflict',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
  };
  return phrases[status] ?? 'HTTP Error';
}
