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

/** What went wrong with a connection, as far as retrying is concerned. */
export type ConnectionFailure = 'refused' | 'reset' | 'timeout' | 'tls' | 'other';

/** No HTTP answer at all: refused, reset, timed out, DNS, TLS. The message is ready for the user. */
export class ConnectionError extends CliError {
  constructor(
    message: string,
    readonly url: string,
    readonly code: string | undefined,
    readonly failure: ConnectionFailure = 'other',
  ) {
    super(message);
  }
}

/** What the HTTP client knows of a request that may help word its failure. */
export interface FailureContext {
  /** --timeout in milliseconds. */
  timeoutMs?: number;
  /** The proxy the request went through, if any. */
  proxy?: string;
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

/** What --timeout bounds, by undici's name for it. */
const TIMEOUTS: Record<string, string> = {
  UND_ERR_CONNECT_TIMEOUT: 'no connection within',
  UND_ERR_HEADERS_TIMEOUT: 'no answer within',
  UND_ERR_BODY_TIMEOUT: 'no data for',
  ETIMEDOUT: 'no connection within',
};

/** The connection was there and went away: the peer closed it or reset it. */
const RESET_CODES = new Set(['ECONNRESET', 'UND_ERR_SOCKET', 'EPIPE', 'ECONNABORTED']);

/** Refused, reset, timed out, TLS: what kind of failure an error from undici or the socket is. */
export function connectionFailure(error: unknown): ConnectionFailure {
  if (error instanceof ConnectionError) {
    return error.failure;
  }
  const { code } = rootCause(error);
  if (code === 'ECONNREFUSED') {
    return 'refused';
  }
  if (code && RESET_CODES.has(code)) {
    return 'reset';
  }
  if (code && code in TIMEOUTS) {
    return 'timeout';
  }
  return code && TLS_CODES.has(code) ? 'tls' : 'other';
}

/** Turns whatever undici or the socket threw into a one-line ConnectionError naming the URL. */
export function toConnectionError(error: unknown, url: string, context: FailureContext = {}): ConnectionError {
  if (error instanceof ConnectionError) {
    return error;
  }
  const { code, port } = rootCause(error);
  const message = openSslReason(rootCause(error).message);
  const failure = connectionFailure(error);
  const shown = redactUrl(url);
  if (failure === 'tls') {
    return new ConnectionError(
      `SSL Error communicating with ${shown}: ${message} (use --os-cacert to trust the certificate, or --insecure to skip verification)`,
      url,
      code,
      failure,
    );
  }
  if (context.proxy && isProxyFailure(code, port, context.proxy)) {
    // The request never got past the proxy: naming only the URL would send the user to the wrong server.
    return new ConnectionError(`Unable to establish connection to the proxy ${redactUrl(context.proxy)} (for ${shown}): ${message}`, url, code, failure);
  }
  if ((code === 'UND_ERR_SOCKET' || code === 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED') && url.startsWith('https:')) {
    // With TLS 1.3 a server that wants a client certificate hangs up (undici) or sends an alert
    // (node:https) after the handshake: say what usually causes it.
    return new ConnectionError(
      `Unable to establish connection to ${shown}: ${message} (if the server requires a client certificate, use --os-cert and --os-key)`,
      url,
      code,
      failure,
    );
  }
  if (failure === 'timeout') {
    return new ConnectionError(`Error communicating with ${shown}: timed out: ${timeoutCause(code, message, context.timeoutMs)}`, url, code, failure);
  }
  return new ConnectionError(`Unable to establish connection to ${shown}: ${message}`, url, code, failure);
}

/**
 * A response body that failed mid-stream, in one line: a stall names --timeout, a cut names the
 * URL and what the socket said.
 */
export function toBodyError(error: unknown, url: string, context: FailureContext = {}): ConnectionError {
  if (error instanceof ConnectionError) {
    return error;
  }
  const { code, message } = rootCause(error);
  const failure = connectionFailure(error);
  const shown = redactUrl(url);
  if (failure === 'timeout') {
    return new ConnectionError(`the transfer from ${shown} stalled: ${timeoutCause(code, message, context.timeoutMs)}`, url, code, failure);
  }
  return new ConnectionError(`the connection to ${shown} was lost (${message})`, url, code, failure);
}

function timeoutCause(code: string | undefined, message: string, timeoutMs: number | undefined): string {
  const what = code ? TIMEOUTS[code] : undefined;
  return what && timeoutMs !== undefined ? `${what} ${seconds(timeoutMs)} s (--timeout)` : message;
}

/** 1500 → "1.5", 600000 → "600". */
export function seconds(milliseconds: number): string {
  return String(Math.round(milliseconds / 100) / 10);
}

/** Connecting to the proxy itself failed (a refused or unreachable port, an unknown host). */
function isProxyFailure(code: string | undefined, port: number | undefined, proxy: string): boolean {
  if (!code || !['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT'].includes(code)) {
    return false;
  }
  if (port === undefined) {
    return true;
  }
  try {
    const parsed = new URL(proxy);
    return port === Number(parsed.port || (parsed.protocol === 'https:' ? 443 : 80));
  } catch {
    return true;
  }
}

/**
 * OpenSSL's error text (`80DC...:error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert
 * certificate required:../deps/openssl/...:1601:SSL alert number 116`) reduced to its reason.
 */
function openSslReason(message: string): string {
  return /^[0-9A-F]+:error:[0-9A-F]+:[^:]*:[^:]*:([^:]+):/.exec(message)?.[1] ?? message;
}

function rootCause(error: unknown): { code: string | undefined; message: string; port?: number } {
  let current: unknown = error;
  // undici wraps socket errors (ECONNREFUSED, TLS) in a TypeError "fetch failed"-style cause chain.
  for (let depth = 0; depth < 5; depth++) {
    const candidate = current as { code?: unknown; message?: unknown; cause?: unknown; errors?: unknown; port?: unknown } | null;
    if (!candidate || typeof candidate !== 'object') {
      break;
    }
    if (Array.isArray(candidate.errors) && candidate.errors.length > 0) {
      current = candidate.errors[0];
      continue;
    }
    const port = typeof candidate.port === 'number' ? candidate.port : undefined;
    if (typeof candidate.code === 'string' && !candidate.code.startsWith('UND_ERR_SOCKET') && candidate.cause === undefined) {
      return { code: candidate.code, message: String(candidate.message ?? candidate.code), port };
    }
    if (candidate.cause === undefined) {
      return {
        code: typeof candidate.code === 'string' ? candidate.code : undefined,
        message: String(candidate.message ?? current),
        port,
      };
    }
    current = candidate.cause;
  }
  return { code: undefined, message: String((error as Error | undefined)?.message ?? error) };
}
