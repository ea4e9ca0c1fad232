/**
 * Image data inspected on its way to Glance (src/inspect): a disk image must be safe, and of the
 * format it is declared as, before the cloud stores it.
 *
 * A regular file is inspected before the first request, by random access. A stream (stdin, a
 * pipe, a URL) is inspected as it passes: refused as soon as its first bytes decide against it,
 * and its last chunk held back until the inspection of the whole has answered, so that Glance
 * never receives all of an upload the inspection refuses and never marks such an image active.
 */
import { CliError } from '../errors.js';
import { inspectFile, StreamInspector, type Inspection } from '../inspect/inspect.js';
import type { ImageSource, ImageStream } from './source.js';
import { holdingLastChunk } from './upload.js';

/** The inspection refused the data: nothing was (or will be) stored. */
export class ImageRefused extends CliError {}

/** Glance disk formats the inspector has no reader for: to it they are raw data (AMI machine, kernel and ramdisk images). */
const RAW_DATA_FORMATS = new Set(['raw', 'ami', 'aki', 'ari']);

/**
 * Why `inspection` may not be uploaded as `declared` (undefined: as whatever it is), or undefined
 * when it may. `final` is false while a stream has not ended: raw data may still end in the
 * footer of a fixed VHD.
 */
export function refusal(inspection: Inspection, declared: string | undefined, name: string, final = true): string | undefined {
  const { format } = inspection;
  if (!inspection.safe) {
    return `${name} is a ${format} image that is not safe to upload: ${inspection.reasons.join('; ')}`;
  }
  if (declared === undefined || declared === format || (format === 'raw' && RAW_DATA_FORMATS.has(declared)) || (!final && format === 'raw' && declared === 'vhd')) {
    return undefined;
  }
  return `${name} is ${format}, not ${declared}; pass --disk-format ${format}`;
}

/** How an upload's data is inspected: made by `inspectUpload` before the first request. */
export interface UploadInspection {
  /** The format found (read ahead from a stream), for --disk-format auto; ImageRefused when it is not safe. */
  detectedFormat(): Promise<string>;
  /**
   * The data to upload as `declared` (undefined: the image has no disk_format yet): ImageRefused
   * at once for a file found to be something else; a stream's bytes refused as they pass.
   */
  sourceFor(declared: string | undefined): ImageSource;
}

/**
 * Starts inspecting an upload's data. `path` names a regular file, inspected now, and refused
 * now when it is not safe; other data is inspected as it streams. `name` names the data in
 * messages (the file, `stdin`, the URL).
 */
export async function inspectUpload(source: ImageSource, options: { path?: string; name: string; signal?: AbortSignal }): Promise<UploadInspection> {
  if (options.path === undefined || source.size === undefined) {
    return new StreamInspection(source, options.name, options.signal);
  }
  const inspection = await inspectFile(options.path, { signal: options.signal });
  refuseIf(refusal(inspection, undefined, options.name));
  return {
    detectedFormat: async () => inspection.format,
    sourceFor(declared) {
      refuseIf(refusal(inspection, declared, options.name));
      return source;
    },
  };
}

function refuseIf(reason: string | undefined): void {
  if (reason !== undefined) {
    throw new ImageRefused(reason);
  }
}

/** A stream inspected as it passes; the chunks read ahead for detectedFormat() are uploaded first. */
class StreamInspection implements UploadInspection {
  private readonly inspector = new StreamInspector();
  private stream: ImageStream | undefined;
  private chunks: AsyncIterator<Uint8Array> | undefined;
  private readonly readAhead: Uint8Array[] = [];
  private decision: Inspection | undefined;

  constructor(
    private readonly source: ImageSource,
    private readonly name: string,
    private readonly signal: AbortSignal | undefined,
  ) {}

  async detectedFormat(): Promise<string> {
    const chunks = this.open();
    while (this.decision === undefined) {
      // The inspector decides within its first 8 MiB, or at the end of a shorter stream: what
      // is read ahead is bounded by that.
      const next = await chunks.next();
      if (next.done) {
        this.decision = await this.inspector.end();
        break;
      }
      this.readAhead.push(next.value);
      this.decision = await this.inspector.push(next.value);
    }
    refuseIf(refusal(this.decision, undefined, this.name, false));
    return this.decision.format;
  }

  sourceFor(declared: string | undefined): ImageSource {
    return {
      ...this.source,
      open: () => {
        let decided = false;
        const check = (inspection: Inspection, final: boolean): void => {
          refuseIf(refusal(inspection, declared, this.name, final));
          decided = true;
        };
        if (this.decision) {
          check(this.decision, false);
        }
        const chunks = holdingLastChunk(this.inspected((decision) => decided || check(decision, false)), async () => check(await this.inspector.end(), true));
        return {
          [Symbol.asyncIterator]: () => chunks,
          // The source's own destroy: a read it is waiting for fails, which ends the chunks.
          destroy: () => this.stream?.destroy(),
        };
      },
    };
  }

  /** Reads of the data end with Ctrl-C, also while one is waiting for a pipe. */
  private open(): AsyncIterator<Uint8Array> {
    if (!this.chunks) {
      const stream = (this.stream = this.source.open());
      this.signal?.addEventListener('abort', () => stream.destroy(), { once: true });
      this.chunks = stream[Symbol.asyncIterator]();
    }
    return this.chunks;
  }

  /** The chunks read ahead, then the rest of the stream, each pushed through the inspector; `decided` sees its first decision. */
  private async *inspected(decided: (inspection: Inspection) => void): AsyncGenerator<Uint8Array> {
    const chunks = this.open();
    try {
      yield* this.readAhead.splice(0);
      for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
        const decision = await this.inspector.push(next.value);
        if (decision) {
          decided(decision);
        }
        yield next.value;
      }
    } finally {
      this.stream?.destroy();
    }
  }
}
