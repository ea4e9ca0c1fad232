/** How Glance's error answers read, in python-glanceclient's words (glanceclient/exc.py). */
import { CliError } from '../errors.js';
import type { HttpError } from '../http/errors.js';
import { redactUrlsIn } from '../http/redact.js';

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

/** exc.from_response: JSON "message" fields, or de-tagged HTML lines joined by ": ", or the text itself. */
export function errorDetails(error: Pick<HttpError, 'status' | 'body' | 'contentType'>): string {
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
