/** How Glance's error answers read, in python-glanceclient's words (glanceclient/exc.py). */
import { CliError } from '../errors.js';
import type { HttpError } from '../http/errors.js';
import { redactUrl, redactUrlsIn } from '../http/redact.js';

const CLASS_NAMES: Record<number, string> = {
  300: 'HTTPMultipleChoices',
  400: 'HTTPBadRequest',
  401: 'HTTPUnauthorized',
  403: 'HTTPForbidden',
  404: 'HTTPNotFound',
  405: 'HTTPMethodNotAllowed',
  409: 'HTTPConflict',
  413: 'HTTPOverLimit',
  415: 'HTTPUnsupported',
  500: 'HTTPInternalServerError',
  501: 'HTTPNotImplemented',
  502: 'HTTPBadGateway',
  503: 'HTTPServiceUnavailable',
};

/** An HTTP error from the image API; `message` is what python-glanceclient would print. */
export class GlanceError extends CliError {
  constructor(
    readonly status: number,
    /** The server's explanation without the "HTTP " prefix. */
    readonly details: string,
    readonly requestId: string | undefined,
  ) {
    super(`HTTP ${details}`);
  }
}

/** Glance may quote a URL it refused (a --copy-from or location URL, password and all): it is masked. */
export function toGlanceError(error: HttpError): GlanceError {
  return new GlanceError(error.status, redactUrlsIn(errorDetails(error)), error.requestId);
}

/** Reason phrases for the statuses an error page may come with (node:http's table costs every command 6 ms to load). */
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Request Entity Too Large',
  415: 'Unsupported Media Type',
  416: 'Range Not Satisfiable',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Longer details (a 400 echoing a 64 KiB name) are cut here, with an ellipsis. */
export const MAX_DETAILS_LENGTH = 500;

/**
 * exc.from_response: JSON "message" fields, or de-tagged HTML lines joined by ": ", or the text
 * itself; then bounded. A body that is not text is not quoted: the status, the service and the
 * URL are named instead. HTML entities stay as Glance sent them (`&#x27;`): python-glanceclient
 * prints them so, and the parity tests compare its messages byte for byte.
 */
export function errorDetails(error: Pick<HttpError, 'status' | 'body' | 'contentType'> & Partial<Pick<HttpError, 'url'>>): string {
  const details = rawDetails(error);
  if (!isText(details)) {
    const reason = REASONS[error.status];
    const where = error.url ? ` at ${redactUrl(error.url)}` : '';
    return `${error.status}${reason ? ` ${reason}` : ''} from the image service${where} (the body is not text)`;
  }
  return details.length > MAX_DETAILS_LENGTH ? `${details.slice(0, MAX_DETAILS_LENGTH)}…` : details;
}

function rawDetails(error: Pick<HttpError, 'status' | 'body' | 'contentType'>): string {
  const { body, contentType, status } = error;
  const fallback = CLASS_NAMES[status] ?? 'HTTPException';
  if (!body) {
    return fallback;
  }
  if (contentType.includes('json')) {
    try {
      const document = JSON.parse(body) as Record<string, unknown>;
      // Glance asked for JSON answers {"message": "...<br />", "code": ..., "title": ...}.
      if (typeof document.message === 'string') {
        return document.message.replace(/<.+?>/g, '').trim() || fallback;
      }
      const messages = Object.values(document)
        .map((value) => (value && typeof value === 'object' ? (value as { message?: unknown }).message : undefined))
        .filter((message): message is string => typeof message === 'string');
      return messages.join('\n') || fallback;
    } catch {
      return body.replaceAll('\n\n', '\n');
    }
  }
  if (contentType.includes('html')) {
    const lines = body
      .split(/\r\n|\r|\n/)
      .map((line) => line.trim().replace(/<.+?>/g, ''))
      .filter((line) => line !== '');
    return [...new Set(lines)].join(': ') || fallback;
  }
  return body.replaceAll('\n\n', '\n');
}

/** Text a person can read: no NUL or other C0 controls but tab and newlines, no bytes that were not UTF-8. */
function isText(text: string): boolean {
  return !/[\u0000-\u0008\u000e-\u001a\u001c-\u001f\ufffd]/.test(text);
}
