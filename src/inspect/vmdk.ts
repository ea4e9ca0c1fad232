/**
 * VMDK: a sparse extent (monolithicSparse, streamOptimized) with its header and embedded text
 * descriptor, or a descriptor file alone (monolithicFlat, twoGbMaxExtent*, vmfs ...) whose
 * extents are other files. Recognised as qemu's vmdk driver does (block/vmdk.c).
 *
 * What qemu follows is what makes a VMDK unsafe: a descriptor file opens every file its extents
 * name; a sparse file with a capacity of 0 in its header is opened through its embedded
 * descriptor, extents and all; `parentFileNameHint` opens a parent image.
 */
import { startsWith } from './binary.js';
import { described, type Detection, type DetailValue } from './model.js';
import { readAtMost, readExact, type ByteSource } from './source.js';

const SPARSE_MAGIC = 'KDMV';
const COWD_MAGIC = 'COWD';
const SECTOR = 512n;
/** qemu reads at most 1 MiB - 1 of a descriptor. */
const MAX_DESCRIPTOR = 1024 * 1024 - 1;
/** The part of a file qemu's probe looks at for a descriptor's `version=` line. */
const PROBE_SIZE = 2048;
const GD_AT_END = 0xffffffffffffffffn;
const COMPRESSED = 1 << 16;
const SINGLE_FILE_TYPES = ['monolithicSparse', 'streamOptimized'];

export async function readVmdk(source: ByteSource): Promise<Detection | undefined> {
  const start = await source.read(0, PROBE_SIZE);
  if (startsWith(start, SPARSE_MAGIC)) {
    return readSparse(source);
  }
  if (startsWith(start, COWD_MAGIC)) {
    return described({ format: 'vmdk', layer: 'container', where: 'VMDK3 (COWD) header at offset 0' }, async (found) => {
      const header = await readExact(source, 0, 16, 'the VMDK3 header');
      found.virtualSize = BigInt(header.readUInt32LE(12)) * SECTOR;
      found.details.version = 'COWD';
      found.reasons.push('a VMDK3 (COWD) extent, which Glance does not accept');
    });
  }
  if (looksLikeDescriptor(start)) {
    return readDescriptorFile(source);
  }
  return undefined;
}

/** qemu's vmdk_probe: comment and blank lines, then `version=1`, `2` or `3`. */
function looksLikeDescriptor(start: Buffer): boolean {
  const text = start.toString('latin1');
  let position = 0;
  while (position < text.length) {
    const lineEnd = text.indexOf('\n', position);
    const line = text.slice(position, lineEnd === -1 ? text.length : lineEnd + 1);
    if (line.startsWith('#') || /^ *\r?\n$/.test(line)) {
      position += line.length;
      continue;
    }
    return /^version=[123]\r?\n/.test(line);
  }
  return false;
}

function readSparse(source: ByteSource): Promise<Detection> {
  return described({ format: 'vmdk', layer: 'container', where: 'VMDK sparse header at offset 0' }, async (found) => {
    let header = await readExact(source, 0, 512, 'the VMDK sparse header');
    const footerAt = source.size === undefined ? undefined : source.size - 1024;
    // A stream-optimised VMDK may leave its header incomplete and write the real one at the end.
    if (header.readBigUInt64LE(56) === GD_AT_END && footerAt !== undefined && footerAt >= 512) {
      const footer = await readExact(source, footerAt, 512, 'the VMDK footer');
      if (!startsWith(footer, SPARSE_MAGIC)) {
        found.reasons.push('its header points to a footer that is not there');
        return;
      }
      header = footer;
      found.details.footer = true;
    }
    const version = header.readUInt32LE(4);
    const capacity = header.readBigUInt64LE(12);
    const descriptorOffset = header.readBigUInt64LE(28) * SECTOR;
    const descriptorSize = header.readBigUInt64LE(36) * SECTOR;
    Object.assign(found.details, { version, create_type: null, compressed: (header.readUInt32LE(8) & COMPRESSED) !== 0, parent: null, extents: [] });
    found.virtualSize = capacity * SECTOR;
    if (version < 1 || version > 3) {
      found.reasons.push(`unknown VMDK version ${version}`);
      return;
    }
    if (source.size !== undefined && descriptorOffset >= BigInt(source.size)) {
      found.reasons.push('its descriptor lies beyond the end of the file');
      return;
    }
    const length = Number(descriptorSize < BigInt(MAX_DESCRIPTOR) ? descriptorSize : BigInt(MAX_DESCRIPTOR));
    const text = descriptorOffset === 0n ? Buffer.alloc(0) : await readAtMost(source, Number(descriptorOffset), length, 'the VMDK descriptor');
    if (text.every((byte) => byte === 0)) {
      found.reasons.push('no embedded descriptor: an extent of a VMDK split over several files');
      return;
    }
    const descriptor = parseDescriptor(text);
    describeDescriptor(descriptor, found);
    const createType = descriptor.fields.get('createType');
    if (createType !== undefined && !SINGLE_FILE_TYPES.includes(createType)) {
      found.reasons.push(`create type ${JSON.stringify(createType)} in a sparse file`);
    }
    if (capacity === 0n) {
      // qemu then opens the embedded descriptor as a descriptor file: its extents are followed.
      found.reasons.push('a capacity of 0, so qemu reads the extents its descriptor names');
      found.virtualSize = extentsSize(descriptor.extents);
      flagFileExtents(descriptor.extents, found);
      return;
    }
    // qemu reads the data from this file whatever the extent line says; one SPARSE extent with a
    // plain file name describes it. Anything else names data elsewhere.
    const own = descriptor.extents.find((extent) => extent.type === 'SPARSE' && extent.file !== null && !/[/\\]/.test(extent.file));
    flagFileExtents(
      descriptor.extents.filter((extent) => extent !== own),
      found,
    );
  });
}

function readDescriptorFile(source: ByteSource): Promise<Detection> {
  return described({ format: 'vmdk', layer: 'container', where: 'VMDK descriptor at offset 0' }, async (found) => {
    const descriptor = parseDescriptor(await readAtMost(source, 0, MAX_DESCRIPTOR, 'the VMDK descriptor'));
    Object.assign(found.details, { create_type: null, parent: null, extents: [] });
    describeDescriptor(descriptor, found);
    found.virtualSize = extentsSize(descriptor.extents);
    flagFileExtents(descriptor.extents, found);
  });
}

interface Extent {
  access: string;
  sectors: bigint;
  type: string;
  /** The file it names; null for ZERO extents. */
  file: string | null;
  offset: bigint | null;
}

interface Descriptor {
  fields: Map<string, string>;
  extents: Extent[];
  /** Lines that are neither comments, fields, extents nor DDB entries, and text that is not text. */
  problems: string[];
}

/** `RW 2097152 SPARSE "disk.vmdk"`, `RDONLY 20480 FLAT "disk-flat.vmdk" 0`, `RW 100 ZERO`. */
const EXTENT_LINE = /^(RW|RDONLY|NOACCESS)\s+(\d+)\s+([A-Za-z]+)(?:\s+"([^"\r\n]*)"(?:\s+(\d+))?)?$/;
const FIELD_LINE = /^([A-Za-z][\w.]*)\s*=\s*(.*)$/;

/**
 * Parses cautiously, as Glance does: each line must be something a descriptor holds. The text
 * ends at the first NUL byte, where qemu stops reading it.
 */
function parseDescriptor(bytes: Buffer): Descriptor {
  const descriptor: Descriptor = { fields: new Map(), extents: [], problems: [] };
  const end = bytes.indexOf(0);
  const text = (end === -1 ? bytes : bytes.subarray(0, end)).toString('utf8');
  if (text.includes('\ufffd')) {
    descriptor.problems.push('a VMDK descriptor that is not text');
    return descriptor;
  }
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || /^ddb\./i.test(line)) {
      continue;
    }
    const extent = EXTENT_LINE.exec(line);
    if (extent) {
      const [, access = '', sectors = '0', type = '', file, offset] = extent;
      descriptor.extents.push({ access: access.toUpperCase(), sectors: BigInt(sectors), type: type.toUpperCase(), file: file ?? null, offset: offset === undefined ? null : BigInt(offset) });
      continue;
    }
    const field = FIELD_LINE.exec(line);
    if (field) {
      const [, key = '', value = ''] = field;
      descriptor.fields.set(key, value.trim().replace(/^"(.*)"$/, '$1'));
      continue;
    }
    descriptor.problems.push(`an unexpected VMDK descriptor line ${JSON.stringify(line.slice(0, 60))}`);
  }
  return descriptor;
}

function describeDescriptor(descriptor: Descriptor, found: Detection): void {
  const parent = descriptor.fields.get('parentFileNameHint');
  found.details.create_type = descriptor.fields.get('createType') ?? null;
  found.details.parent = parent ?? null;
  found.details.extents = descriptor.extents.map(
    (extent): DetailValue => ({
      access: extent.access,
      size: Number(extent.sectors * SECTOR),
      type: extent.type,
      file: extent.file,
      offset: extent.offset === null ? null : Number(extent.offset * SECTOR),
    }),
  );
  found.reasons.push(...descriptor.problems);
  if (parent !== undefined) {
    found.reasons.push(`backing file ${JSON.stringify(parent)}`);
  }
  if (descriptor.extents.length === 0 && descriptor.problems.length === 0) {
    found.reasons.push('a VMDK descriptor without extents');
  }
}

/** Every extent that names a file is data outside this one. */
function flagFileExtents(extents: readonly Extent[], found: Detection): void {
  for (const extent of extents) {
    if (extent.type !== 'ZERO') {
      found.reasons.push(`extent ${JSON.stringify(extent.file ?? '')} (${extent.type}) is outside the file`);
    }
  }
}

function extentsSize(extents: readonly Extent[]): bigint {
  return extents.reduce((total, extent) => total + extent.sectors * SECTOR, 0n);
}
