/** Keeps secrets out of --debug output: tokens become digests, passwords and secrets become ***. */
import { createHash } from 'node:crypto';

const TOKEN_HEADERS = new Set(['x-auth-token', 'x-subject-token', 'x-service-token']);
const SECRET_KEYS = new Set(['password', 'secret', 'passcode', 'token', 'auth_token', 'access_token', 'refresh_token']);

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
export function redactJsonText(text: string): string {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return text;
  }
  return JSON.stringify(redactValue(document, ''));
}

function redactValue(value: unknown, key: string): unknown {
  if (Array.isArray(value)) {
    return value.map((item) => redactValue(item, ''));
  }
  if (value && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [childKey, child] of Object.entries(value)) {
      // A token-auth body carries the token as {"token": {"id": "..."}}.
      const isTokenId = key === 'token' && childKey === 'id';
      result[childKey] =
        typeof child === 'string' && (isTokenId || SECRET_KEYS.has(childKey.toLowerCase())) ? '***' : redactValue(child, childKey);
    }
    return result;
  }
  return value;
}
