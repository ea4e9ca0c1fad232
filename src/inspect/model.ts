/** What an inspection finds, and what each format reader reports to it. */
import { OutOfReach, Truncated, type ByteSource } from './source.js';

/** The names Glance uses for `disk_format`. */
export const DISK_FORMATS = ['raw', 'qcow2', 'vmdk', 'vhd', 'vhdx', 'vdi', 'iso', 'ploop'] as const;
export type DiskFormat = (typeof DISK_FORMATS)[number];
/** Formats qemu reads that Glance has no `disk_format` for: found so that they are not taken for raw. */
export type ForeignFormat = 'qcow' | 'qed' | 'luks';

export type DetailValue = string | number | boolean | null | readonly DetailValue[] | { readonly [key: string]: DetailValue };
export type Details = Record<string, DetailValue>;

/** The verdict on one image. */
export interface Inspection {
  format: DiskFormat | ForeignFormat;
  /** The size of the disk the image holds, in bytes; null when no header says (a stream's raw data before its end). */
  virtual_size: number | null;
  /** The size of the file in bytes; null for a stream that has not ended. */
  size: number | null;
  safe: boolean;
  /** Why it is unsafe, one phrase each; empty when safe. */
  reasons: string[];
  /** What the format's headers say (version, cluster size, backing file, extents ...). */
  details: Details;
}

/**
 * Where a signature sits, which decides what else may share the file:
 * - `container`: a header at the start that qemu takes for the whole file (qcow2, vmdk, vhdx ...);
 * - `content`: a structure raw disk data carries (an ISO 9660 volume, a GPT or MBR partition table);
 * - `trailer`: a footer after raw data (a fixed VHD).
 */
export type Layer = 'container' | 'content' | 'trailer';

/** What one format reader found. */
export interface Detection {
  format: DiskFormat | ForeignFormat;
  layer: Layer;
  /** Where the signature is, for the format-confusion reason: `header at offset 0`. */
  where: string;
  virtualSize?: bigint;
  details: Details;
  reasons: string[];
}

/** A format reader: what it found, or undefined when its signature is not there. */
export type FormatReader = (source: ByteSource) => Promise<Detection | undefined>;

/**
 * Once a reader has seen its signature: the detection `describe` fills in. Where the data ends
 * inside a structure, or a stream inspection does not keep it, that becomes a reason: the image
 * cannot be vouched for.
 */
export async function described(
  found: Pick<Detection, 'format' | 'layer' | 'where'> & Partial<Detection>,
  describe: (detection: Detection) => Promise<void>,
): Promise<Detection> {
  const detection: Detection = { details: {}, reasons: [], ...found };
  try {
    await describe(detection);
  } catch (error) {
    if (error instanceof Truncated) {
      detection.reasons.push(`the file ends inside ${error.what}`);
    } else if (error instanceof OutOfReach) {
      detection.reasons.push(`${error.what ?? 'data'} at offset ${error.offset} is beyond the first ${error.limit} bytes a stream inspection keeps`);
    } else {
      throw error;
    }
  }
  return detection;
}

export const INT64_MAX = (1n << 63n) - 1n;
