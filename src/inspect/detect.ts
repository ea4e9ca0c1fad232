/**
 * Every format reader over one source, and the verdict on what they found. A file that two
 * readers recognise (an ISO or a GPT disk carrying a qcow2 header) is one that qemu and Glance
 * would see differently, the format confusion behind CVE-2022-47951 and CVE-2024-32498: it is
 * unsafe whatever else it is.
 */
import { readLuks, readQed } from './foreign.js';
import { readIso } from './iso.js';
import { INT64_MAX, type Detection, type FormatReader, type Inspection } from './model.js';
import { readPloop } from './ploop.js';
import { readQcow2 } from './qcow2.js';
import { readPartitionTable } from './raw.js';
import type { ByteSource } from './source.js';
import { readVdi } from './vdi.js';
import { readVhd } from './vhd.js';
import { readVhdx } from './vhdx.js';
import { readVmdk } from './vmdk.js';

/** In the order qemu's probe would settle a tie: the first container found names the format. */
const READERS: readonly FormatReader[] = [readQcow2, readQed, readVmdk, readVhd, readVhdx, readVdi, readPloop, readLuks, readIso, readPartitionTable];

/** Runs every format reader over `source` and weighs what they found. */
export async function inspectSource(source: ByteSource): Promise<Inspection> {
  const detections: Detection[] = [];
  for (const read of READERS) {
    const found = await read(source);
    if (found) {
      detections.push(found);
    }
  }
  return verdict(detections, source.size);
}

/** 8 PiB: no disk is larger, and JSON numbers stop being exact beyond it. */
const MAX_PLAUSIBLE_SIZE = BigInt(Number.MAX_SAFE_INTEGER);

function verdict(detections: readonly Detection[], size: number | undefined): Inspection {
  const containers = detections.filter((found) => found.layer === 'container');
  const partitionTable = detections.find((found) => found.format === 'raw');
  const primary = containers[0] ?? detections.find((found) => found.layer === 'trailer') ?? detections.find((found) => found.format === 'iso');
  const reasons: string[] = [];
  // A container header is the whole file to qemu: nothing else may be found in it. Raw data may
  // be both an ISO and a partitioned disk (hybrid ISOs), and a fixed VHD wraps raw data.
  if (containers.length > 0 && detections.length > 1) {
    reasons.push(`matches more than one format: ${detections.map((found) => found.where).join(', ')}`);
  }
  for (const found of detections) {
    reasons.push(...found.reasons.filter((reason) => !reasons.includes(reason)));
  }

  // Raw data is its own disk; a format whose header gave no size has none to report.
  const virtualSize = primary ? primary.virtualSize : size === undefined ? undefined : BigInt(size);
  if (virtualSize !== undefined && virtualSize > INT64_MAX) {
    reasons.push(`virtual size ${virtualSize} overflows a signed 64-bit integer`);
  } else if (virtualSize !== undefined && virtualSize > MAX_PLAUSIBLE_SIZE) {
    reasons.push(`virtual size ${virtualSize} is absurd (more than 8 PiB)`);
  }

  const details = { ...primary?.details };
  if (primary?.layer !== 'container') {
    Object.assign(details, { partition_table: null, partitions: null }, partitionTable?.details);
  }
  if (primary === undefined) {
    details.note = 'no disk image format recognised: raw data';
  }
  return {
    format: primary?.format ?? 'raw',
    virtual_size: virtualSize === undefined ? null : Number(virtualSize),
    size: size ?? null,
    safe: reasons.length === 0,
    reasons,
    details,
  };
}
