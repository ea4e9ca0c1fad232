/**
 * Which Image API versions a Glance endpoint speaks: GET {endpoint}/versions, the one place the
 * client reads it. python-glanceclient reads it twice: its shell, to choose v2 or fall back to v1
 * (OpenStackImagesShell.main: any versions[].id starting with "v2" means v2 is there), and its
 * has_version, to ask whether a microversion such as v2.12 is usable.
 *
 * Glance answers 300 Multiple Choices (newer releases 200), e.g.
 * {"versions": [{"id": "v2.16", "status": "CURRENT", "links": [...]}, ..., {"id": "v1.0", ...}]}.
 * The HTTP layer resolves 2xx and 3xx answers and throws for 4xx/5xx, so a 300 is read like a 200,
 * and an HTTP error (401, 404 ...) propagates as the GlanceError it is.
 */
import { CliError } from '../errors.js';
import { redactUrl } from '../http/redact.js';
import type { GlanceTransport } from './transport.js';

/** One entry of GET /versions. */
export interface ImageApiVersionEntry {
  /** As Glance spells it, e.g. "v2.16". */
  id: string;
  /** CURRENT, SUPPORTED, DEPRECATED, EXPERIMENTAL ... */
  status: string;
  /** 2 for "v2.16"; NaN when the id does not read "v<major>[.<minor>]". */
  major: number;
  minor: number;
}

/** What GET /versions may call a version that can be used (glanceclient's has_version). */
const USABLE_VERSION_STATUSES = ['SUPPORTED', 'CURRENT', 'EXPERIMENTAL'];

export class VersionsApi {
  constructor(private readonly transport: GlanceTransport) {}

  /** Every version GET {endpoint}/versions lists, in the order listed. */
  async list(signal?: AbortSignal): Promise<ImageApiVersionEntry[]> {
    const response = await this.transport.request('GET', '/versions', { signal });
    const text = await response.text();
    let document: unknown;
    try {
      document = text.trim() === '' ? {} : JSON.parse(text);
    } catch {
      throw new CliError(`Unable to tell which Image API versions ${redactUrl(this.transport.endpoint)} offers: GET /versions did not answer JSON.`);
    }
    const versions = (document as { versions?: unknown } | null)?.versions;
    if (!Array.isArray(versions)) {
      return [];
    }
    return versions
      .filter((entry): entry is { id: string; status?: unknown } => typeof entry === 'object' && entry !== null && typeof (entry as { id?: unknown }).id === 'string')
      .map((entry) => {
        const match = /^v(\d+)(?:\.(\d+))?/i.exec(entry.id);
        return {
          id: entry.id,
          status: typeof entry.status === 'string' ? entry.status : '',
          major: match ? Number(match[1]) : Number.NaN,
          minor: match?.[2] !== undefined ? Number(match[2]) : 0,
        };
      });
  }

  /**
   * The major versions offered, e.g. {1} for a v1-only (pre-Rocky) cloud, {2} for a current one.
   * Every listed entry counts whatever its status (glanceclient counts any id starting with "v2").
   * An answer without a versions list gives an empty set.
   */
  async majors(signal?: AbortSignal): Promise<Set<number>> {
    const versions = await this.list(signal);
    return new Set(versions.map((version) => version.major).filter((major) => Number.isInteger(major)));
  }

  /** Whether `id` (e.g. v2.12) is listed as usable, as glanceclient's has_version decides. */
  async has(id: string, signal?: AbortSignal): Promise<boolean> {
    const found = (await this.list(signal)).find((version) => version.id === id);
    return found !== undefined && USABLE_VERSION_STATUSES.includes(found.status);
  }
}
