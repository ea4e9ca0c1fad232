/**
 * When a failed request is sent again, and after how long: the one place that decides whether a
 * body can be replayed (the Glance transport's 401 policy asks it too), which failures are
 * transient, and the backoff between attempts.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { InterruptedError } from '../errors.js';
import { connectionFailure } from './errors.js';

/** Requests that mean the same sent twice. POST and PATCH are never retried: the first may have been carried out. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'PUT', 'DELETE']);

/** Answers a load balancer or a restarting service gives, which the next attempt may not get. */
const TRANSIENT_STATUSES = new Set([502, 503, 504]);

/** A Retry-After longer than this is not waited for: the failure is reported at once. */
export const MAX_RETRY_AFTER_MS = 60_000;

const BASE_DELAY_MS = 500;
const MAX_DELAY_MS = 30_000;

/** A body as the HTTP layer sees it: in memory (JSON), or a stream that is consumed once. */
export type BodyKind = { json: unknown } | { stream: unknown } | undefined;

/** Whether a body can be sent a second time: none, or JSON (held in memory). A stream is read once and never replayed. */
export function replayable(body: BodyKind): boolean {
  return body === undefined || 'json' in body;
}

/** Whether a request may be sent again after a transient failure. */
export function retryable(method: string, body: BodyKind): boolean {
  return IDEMPOTENT_METHODS.has(method) && replayable(body);
}

/** What happened, for the retry line ("HTTP 503", "connection refused"), when it is a failure worth retrying. */
export function transientCause(failure: { status: number } | unknown): string | undefined {
  const status = (failure as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number') {
    return TRANSIENT_STATUSES.has(status) ? `HTTP ${status}` : undefined;
  }
  const kind = connectionFailure(failure);
  return kind === 'refused' ? 'connection refused' : kind === 'reset' ? 'the connection was lost' : undefined;
}

/** How long to wait between attempts; tests replace `pause` and `random`. */
export interface RetryTiming {
  /** Waits, or rejects with InterruptedError when the signal is aborted. */
  pause(milliseconds: number, signal?: AbortSignal): Promise<void>;
  /** The jitter source, in [0, 1). */
  random(): number;
}

export const REAL_TIMING: RetryTiming = {
  async pause(milliseconds, signal) {
    try {
      await sleep(milliseconds, undefined, { signal });
    } catch (error) {
      throw signal?.aborted ? new InterruptedError() : error;
    }
  },
  random: Math.random,
};

/**
 * The wait before retry number `retry` (1 for the first): 0.5 s doubling each time up to 30 s,
 * half of it jittered so that clients failed by the same outage do not come back in step; at
 * least what Retry-After asked for. Undefined when Retry-After asks for more than a minute.
 */
export function retryDelay(retry: number, retryAfterMs: number | undefined, random: () => number): number | undefined {
  if (retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS) {
    return undefined;
  }
  const nominal = Math.min(BASE_DELAY_MS * 2 ** (retry - 1), MAX_DELAY_MS);
  const jittered = Math.round(nominal / 2 + (nominal / 2) * random());
  return Math.max(jittered, retryAfterMs ?? 0);
}

/** Retry-After in milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined || value.trim() === '') {
    return undefined;
  }
  if (/^\s*\d+\s*$/.test(value)) {
    return Number(value) * 1000;
  }
  // An HTTP date names its day and month; V8 would also take "1.5" or "-1" for dates.
  const date = /^\s*[a-z]{3}, /i.test(value) ? Date.parse(value) : Number.NaN;
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
