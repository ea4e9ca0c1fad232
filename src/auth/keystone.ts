/** Keystone v3: version discovery and password authentication, once per command. */
import { CliError } from '../errors.js';
import type { PasswordCredentials } from '../config/settings.js';
import type { HttpClient } from '../http/client.js';
import { HttpError } from '../http/errors.js';
import type { Catalog } from './catalog.js';

/** A scoped token and what came with it. */
export interface KeystoneToken {
  token: string;
  expiresAt?: string;
  catalog: Catalog;
  userId?: string;
  projectId?: string;
}

interface TokenResponseBody {
  token?: {
    expires_at?: string;
    catalog?: Catalog;
    user?: { id?: string };
    project?: { id?: string };
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
export function checkPasswordCredentials(credentials: PasswordCredentials): void {
  if (!credentials.username && !credentials.userId) {
    throw new CliError('You must provide a username via either --os-username or env[OS_USERNAME]');
  }
  if (!credentials.password) {
    throw new CliError('You must provide a password via either --os-password, env[OS_PASSWORD], or prompted response');
  }
  if (!credentials.projectId && !credentials.projectName) {
    throw new CliError(
      'You must provide a project_id or project_name (with project_domain_name or project_domain_id) via ' +
        '  --os-project-id (env[OS_PROJECT_ID])  --os-project-name (env[OS_PROJECT_NAME]), ' +
        ' --os-project-domain-id (env[OS_PROJECT_DOMAIN_ID])  --os-project-domain-name (env[OS_PROJECT_DOMAIN_NAME])',
    );
  }
  if (!credentials.authUrl) {
    throw new CliError('You must provide an auth url via either --os-auth-url or via env[OS_AUTH_URL]');
  }
}

/** Finds the v3 API root for an auth URL: a /v3 URL is used as it is, anything else goes through discovery. */
export async function discoverIdentityV3(http: HttpClient, authUrl: string, signal?: AbortSignal): Promise<string> {
  const trimmed = authUrl.replace(/\/+$/, '');
  if (/\/v3$/.test(trimmed)) {
    return trimmed;
  }
  let document: VersionsDocument;
  try {
    const response = await http.send({ method: 'GET', url: trimmed, headers: { accept: 'application/json' }, signal });
    document = await response.json<VersionsDocument>();
  } catch (error) {
    // Keystone answers its version document with 300 Multiple Choices.
    if (error instanceof HttpError && error.status === 300) {
      document = JSON.parse(error.body) as VersionsDocument;
    } else if (error instanceof CliError) {
      throw error;
    } else {
      throw discoveryFailure(error);
    }
  }
  const entries = Array.isArray(document.versions)
    ? document.versions
    : (document.versions?.values ?? (document.version ? [document.version] : []));
  const v3 = entries.find((entry) => entry.id?.startsWith('v3'));
  const href = v3?.links?.find((link) => link.rel === 'self')?.href;
  if (!href) {
    throw discoveryFailure(new Error(`no v3 API among the versions offered at ${trimmed}`));
  }
  return href.replace(/\/+$/, '');
}

function discoveryFailure(cause: unknown): CliError {
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
  credentials: PasswordCredentials,
  signal?: AbortSignal,
): Promise<KeystoneToken> {
  const user: Record<string, unknown> = { password: credentials.password };
  if (credentials.userId) {
    user.id = credentials.userId;
  } else {
    user.name = credentials.username;
    user.domain = domainOf(credentials.userDomainId, credentials.userDomainName, credentials);
  }
  const project: Record<string, unknown> = credentials.projectId
    ? { id: credentials.projectId }
    : {
        name: credentials.projectName,
        domain: domainOf(credentials.projectDomainId, credentials.projectDomainName, credentials),
      };
  const body = {
    auth: {
      identity: { methods: ['password'], password: { user } },
      scope: { project },
    },
  };
  const url = `${identityUrl}/auth/tokens`;
  try {
    const response = await http.send({ method: 'POST', url, body: { json: body }, headers: { accept: 'application/json' }, signal });
    const token = response.headers['x-subject-token'];
    const document = await response.json<TokenResponseBody>();
    if (!token) {
      throw new CliError(`Keystone at ${url} returned no X-Subject-Token header`);
    }
    return {
      token,
      expiresAt: document.token?.expires_at,
      catalog: document.token?.catalog ?? [],
      userId: document.token?.user?.id,
      projectId: document.token?.project?.id,
    };
  } catch (error) {
    if (error instanceof HttpError) {
      throw new CliError(keystoneErrorMessage(error));
    }
    throw error;
  }
}

/**
 * A user or project named without a domain lives in the default domain, as the openstack client
 * assumes; python-glanceclient sends no domain and Keystone rejects the request.
 */
function domainOf(id: string | undefined, name: string | undefined, credentials: PasswordCredentials): Record<string, string> {
  if (id) {
    return { id };
  }
  if (name) {
    return { name };
  }
  if (credentials.defaultDomainId) {
    return { id: credentials.defaultDomainId };
  }
  if (credentials.defaultDomainName) {
    return { name: credentials.defaultDomainName };
  }
  return { id: 'default' };
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
  const text = `${message ?? reasonPhrase(error.status)} (HTTP ${error.status})`;
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
