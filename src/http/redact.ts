/**
 * Keeps secrets off the screen: in --debug output tokens become digests, passwords and secrets
 * become ***; in every URL printed anywhere (messages, warnings, --debug lines), a password in it
 * and the values of its secret-looking query parameters become ***.
 */
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

/**
 * A query parameter is secret when its name ends with one of these words: `token`, `password`,
 * `secret`, `signature` (S3's `X-Amz-Signature`), `sig` (Swift's `temp_url_sig`, Azure's `sig`),
 * `api_key`, `X-Amz-Security-Token`...
 */
const SECRET_PARAMETER_ENDINGS = /(password|passwd|secret|passcode|token|signature|sig|apikey)$/;

/**
 * scheme://, what comes before the first `/` (the authority, or more when a raw `?` or `#` sits in
 * a password), the rest.
 */
const URL_PARTS = /^([a-z][a-z0-9+.-]*:\/\/)([^/\\]*)(.*)$/is;

/** URLs inside free text: a scheme, `://`, and everything up to a space, a quote or an angle bracket. */
const URLS_IN_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>`]+/gi;

/**
 * The one URL masking: `https://user:pass@host/x?token=abc&name=y` becomes
 * `https://user:***@host/x?token=***&name=y`. Works on the text as given (no parsing and
 * re-serialising, so the URL reads as the user wrote it); anything else is returned unchanged.
 */
export function redactUrl(url: string): string {
  const parts = URL_PARTS.exec(url);
  if (!parts) {
    return url;
  }
  const [, scheme = '', head = '', rest = ''] = parts;
  // The user info ends at the last `@` before the first `/`: a password typed with a raw `?`, `#`
  // or `@` in it is still all hidden.
  const at = head.lastIndexOf('@');
  const colon = head.indexOf(':');
  const userinfo = colon >= 0 && colon < at ? `${head.slice(0, colon)}:***@` : head.slice(0, at + 1);
  return `${scheme}${userinfo}${redactParameters(head.slice(at + 1) + rest)}`;
}

/** Every URL in a message, a header value or a body: each through redactUrl. */
export function redactUrlsIn(text: string): string {
  return text.replace(URLS_IN_TEXT, (url) => redactUrl(url));
}

/** Secret-looking parameters of the query and of the fragment (OAuth puts `access_token` there). */
function redactParameters(rest: string): string {
  const start = rest.search(/[?#]/);
  if (start < 0) {
    return rest;
  }
  const parameters = rest
    .slice(start)
    .replace(/([?#&;])([^=&#;]+)=([^&#;]*)/g, (whole, separator: string, name: string, value: string) =>
      value !== '' && SECRET_PARAMETER_ENDINGS.test(normalise(name)) ? `${separator}${name}=***` : whole,
    );
  return rest.slice(0, start) + parameters;
}

/** keystoneauth's convention: a token is shown as the SHA-256 of its value, so two lines can be matched up. */
export function redactHeaderValue(name: string, value: string): string {
  if (TOKEN_HEADERS.has(name.toLowerCase())) {
    return `{SHA256}${createHash('sha256').update(value).digest('hex')}`;
  }
  if (name.toLowerCase() === 'authorization') {
    return '***';
  }
  // x-glance-api-copy-from, location, x-image-meta-location...
  return redactUrlsIn(value);
}

/** Redacts a JSON document's secret fields and the URLs in its strings; text that is not JSON gets its URLs masked. */
export function redactJsonText(text: string, isSecret: (key: string) => boolean = DEFAULT_SECRET_TEST): string {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return redactUrlsIn(text);
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
  if (typeof value !== 'string') {
    return value;
  }
  // A value that is one URL is masked whole, quotes in its password included.
  return /\s/.test(value) ? redactUrlsIn(value) : redactUrl(value);
}
