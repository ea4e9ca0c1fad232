/** Failures of the HTTP layer, before anyone decides how to word them for the user. */
import { CliError } from '../errors.js';
import { redactUrl } from './redact.js';

/** The server answered with a status outside 2xx. The body is already read (capped). */
export class HttpError extends Error {
  constructor(
    readonly method: string,
    readonly url: string,
    readonly status: number,
    readonly headers: Record<string, string>,
    readonly body: string,
  ) {
    super(`${method} ${redactUrl(url)} returned HTTP ${status}`);
  }

  get requestId(): string | undefined {
    return this.headers['x-openstack-request-id'] ?? this.headers['x-compute-request-id'];
  }

  get contentType(): string {
    return this.headers['content-type'] ?? '';
  }
}

/** No HTTP answer at all: refused, reset, timed out, DNS, TLS. The message is ready for the user. */
export class ConnectionError extends CliError {
  constructor(
    message: string,
    readonly url: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

const TLS_CODES = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_SSL_WRONG_VERSION_NUMBER',
  'EPROTO',
]);

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT']);

/** Turns whatever undici or the socket threw into a one-line ConnectionError naming the URL. */
export function toConnectionError(error: unknown, url: string): ConnectionError {
  const { code, message } = rootCause(error);
  const shown = redactUrl(url);
  if (code && TLS_CODES.has(code)) {
    return new ConnectionError(
      `SSL Error communicating with ${shown}: ${message} (use --os-cacert to trust the certificate, or --insecure to skip verification)`,
      url,
      code,
    );
  }
  if (code === 'UND_ERR_SOCKET' && url.startsWith('https:')) {
    // With TLS 1.3 a server that wants a client certificate just hangs up: say what usually causes it.
    return new ConnectionError(
      `Unable to establish connection to ${shown}: ${message} (if the server requires a client certificate, use --os-cert and --os-key)`,
      url,
      code,
    );
  }
  if (code && TIMEOUT_CODES.has(code)) {
    return new ConnectionError(`Error communicating with ${shown}: timed out (${message})`, url, code);
  }
  return new ConnectionError(`Unable to establish connection to ${shown}: ${message}`, url, code);
}

function rootCause(error: unknown): { code: string | undefined; message: string } {
  let current: unknown = error;
  // undici wraps socket errors (ECONNREFUSED, TLS) in a TypeError "fetch failed"-style cause chain.
  for (let depth = 0; depth < 5; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown } | null;
    if (!candidate || typeof candidate !== 'object') {
      break;
    }
    if (Array.isArray(candidate.errors) && candidate.errors.length > 0) {
      current = candidate.errors[0];
      continue;
    }
    if (typeof candidate.code === 'string' && !candidate.code.startsWith('UND_ERR_SOCKET') && candidate.cause === undefined) {
      return { code: candidate.code, message: String(candidate.message ?? candidate.code) };
    }
    if (candidate.cause === undefined) {
      return {
        code: typeof candidate.code === 'string' ? candidate.code : undefined,
        message: String(candidate.message ?? current),
      };
    }
    current = candidate.cause;
  }
  return { code: undefined, message: String((error as Error | undefined)?.message ?? error) };
}
