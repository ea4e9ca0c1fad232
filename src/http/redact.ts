/** Keeps secrets out of --debug output: tokens become digests, passwords and secrets become ***. */
import { createHash } from 'node:crypto';

const TOKEN_HEADERS = new Set(['x-auth-token', 'x-subject-token', 'x-service-token']);
/**
 * A JSON field is secret when its name ends with one of these words, however it is spelled:
 * `password`, `secret`, `client_secret`, `applicationCredentialSecret`, `passcode`, `auth_token`,
 * `refresh_token`...
 */
const SECRET_ENDINGS = /(password|secret|passcode|token)$/;

/** `client_secret`, `clientSecret` and `Client-Secret` are one name. */
function normalise(key: string): string {
  return key.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * A URL as it may be printed: a password in it becomes ***. Minimal: the token-cache and
 * URL-masking work hardens it (secret query parameters too).
 */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (!parsed.password) {
      return url;
    }
    parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/**
 * Which JSON fields are secret: those SECRET_ENDINGS names, and `extra` names, which the
 * composition root derives from the settings marked secret and the auth plugins' secret fields.
 */
export function secretFieldTest(extra: Iterable<string> = []): (key: string) => boolean {
  const names = new Set([...extra].map(normalise));
  return (key) => {
    const name = normalise(key);
    return SECRET_ENDINGS.test(name) || names.has(name);
  };
}

const DEFAULT_SECRET_TEST = secretFieldTest();

/** keystoneauth's convention: a token is shown as the SHA-256 of its value, so two lines can be matched up. */
export function redactHeaderValue(name: string, value: string): string {
  if (TOKEN_HEADERS.has(name.toLowerCase())) {
    return `{SHA256}${createHash('sha256').update(value).digest('hex')}`;
  }
  if (name.toLowerCase() === 'authorization') {
    return '***';
  }
  return value;
}

/** Redacts a JSON document's secret fields; text that is not JSON is returned as it is. */
export function redactJsonText(text: string, isSecret: (key: string) => boolean = DEFAULT_SECRET_TEST): string {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return text;
  }
  return JSON.stringify(redactValue(document, '', isSecret));
}

function redactValue(value: unknown, key: string, isSecret: (key: string) => boolean): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => redactValue(item, '', isSecret));
  }
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(value)) {
      // A token-auth body carries the token as {"token": {"id": "..."}}.
      const isTokenId = key === 'token' && childKey === 'id';
      result[childKey] =
        typeof child === 'string' && (isTokenId || isSecret(childKey)) ? '***' : redactValue(child, childKey, isSecret);
    }
    return result;
  }
  return value;
}
