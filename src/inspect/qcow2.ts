/**
 * qcow2, versions 2 and 3 (qemu's docs/interop/qcow2.txt), and its predecessor qcow (version 1),
 * which shares the magic. Read: the header, its extensions (which qemu keeps in the first
 * cluster) and the backing file name; never the tables or the data.
 */
import { cString, startsWith } from './binary.js';
import { described, INT64_MAX, type Detection } from './model.js';
import { readAtMost, readExact, type ByteSource } from './source.js';

const MAGIC = 'QFI\xfb';
const WHERE = 'qcow2 header at offset 0';

// qemu's limits: clusters of 512 B to 2 MiB, a backing file name of at most 1023 bytes.
const MIN_CLUSTER_BITS = 9;
const MAX_CLUSTER_BITS = 21;
const MAX_BACKING_NAME = 1023;

const EXTENSION = {
  end: 0,
  backingFormat: 0xe2792aca,
  featureNames: 0x6803f857,
  bitmaps: 0x23852875,
  encryptionHeader: 0x0537be77,
  dataFile: 0x44415441,
} as const;

// Incompatible feature bits: dirty, corrupt, external data file, compression type, extended L2.
const CORRUPT = 1n << 1n;
const EXTERNAL_DATA_FILE = 1n << 2n;
const EXTENDED_L2 = 1n << 4n;
const KNOWN_INCOMPATIBLE = (1n << 5n) - 1n;

const ENCRYPTION: Record<number, string> = { 0: 'none', 1: 'aes', 2: 'luks' };

export async function readQcow2(source: ByteSource): Promise<Detection | undefined> {
  const start = await source.read(0, 8);
  if (!startsWith(start, MAGIC)) {
    return undefined;
  }
  if (start.length === 8 && start.readUInt32BE(4) === 1) {
    return readQcowVersion1(source);
  }
  return described({ format: 'qcow2', layer: 'container', where: WHERE }, async (found) => {
    const header = await readExact(source, 0, 72, 'the qcow2 header');
    const version = header.readUInt32BE(4);
    found.details.version = version;
    if (version !== 2 && version !== 3) {
      found.reasons.push(`unknown qcow2 version ${version}`);
      return;
    }
    const clusterBits = header.readUInt32BE(20);
    if (clusterBits < MIN_CLUSTER_BITS || clusterBits > MAX_CLUSTER_BITS) {
      found.reasons.push(`invalid qcow2 cluster size 2^${clusterBits}`);
      return;
    }
    const clusterSize = 2 ** clusterBits;
    const virtualSize = header.readBigUInt64BE(24);
    const cryptMethod = header.readUInt32BE(32);
    const backingOffset = header.readBigUInt64BE(8);
    Object.assign(found.details, {
      cluster_size: clusterSize,
      backing_file: null,
      backing_file_format: null,
      data_file: null,
      encryption: ENCRYPTION[cryptMethod] ?? `unknown (${cryptMethod})`,
      snapshots: header.readUInt32BE(60),
    });
    found.virtualSize = virtualSize;
    if (!(cryptMethod in ENCRYPTION)) {
      found.reasons.push(`unknown qcow2 encryption method ${cryptMethod}`);
    }

    let incompatible = 0n;
    let extensionsStart = 72;
    if (version === 3) {
      const v3 = await readExact(source, 72, 32, 'the qcow2 version 3 header');
      incompatible = v3.readBigUInt64BE(0);
      extensionsStart = v3.readUInt32BE(28);
      if (extensionsStart < 104 || extensionsStart > clusterSize) {
        found.reasons.push(`invalid qcow2 header length ${extensionsStart}`);
        return;
      }
    }

    // Extensions end where the backing file name begins, or at the end of the first cluster.
    const extensionsEnd = backingOffset > 0n && backingOffset < BigInt(clusterSize) ? Number(backingOffset) : clusterSize;
    const extensions = await readExtensions(source, extensionsStart, extensionsEnd, found);
    found.details.backing_file_format = extensions.backingFormat ?? null;
    found.details.data_file = extensions.dataFile ?? null;

    if (backingOffset !== 0n) {
      const name = await backingFileName(source, backingOffset, header.readUInt32BE(16), clusterSize);
      found.details.backing_file = name ?? null;
      found.reasons.push(name === undefined ? 'a backing file whose name lies outside the first cluster' : `backing file ${JSON.stringify(name)}`);
    }
    if (incompatible & EXTERNAL_DATA_FILE || extensions.dataFile !== undefined) {
      found.reasons.push(extensions.dataFile === undefined ? 'external data file (named only when the image is opened)' : `external data file ${JSON.stringify(extensions.dataFile)}`);
    }
    if (incompatible & CORRUPT) {
      found.reasons.push('marked corrupt by qemu');
    }
    const unknown = incompatible & ~KNOWN_INCOMPATIBLE;
    if (unknown !== 0n) {
      found.reasons.push(`unknown incompatible qcow2 features 0x${unknown.toString(16)}`);
    }
    const l2Entries = BigInt(clusterSize / (incompatible & EXTENDED_L2 ? 16 : 8));
    const mapped = BigInt(header.readUInt32BE(36)) * l2Entries * BigInt(clusterSize);
    if (virtualSize <= INT64_MAX && virtualSize > mapped) {
      found.reasons.push(`its L1 table cannot map the virtual size ${virtualSize}`);
    }
  });
}

interface Extensions {
  backingFormat?: string;
  dataFile?: string;
}

async function readExtensions(source: ByteSource, start: number, end: number, found: Detection): Promise<Extensions> {
  // Bytes past the end of a short file read as zeros in qemu: the end of the list.
  const area = await readAtMost(source, start, end - start, 'the qcow2 header extensions');
  const extensions: Extensions = {};
  let offset = 0;
  while (offset + 8 <= area.length) {
    const type = area.readUInt32BE(offset);
    const length = area.readUInt32BE(offset + 4);
    if (type === EXTENSION.end) {
      break;
    }
    const data = area.subarray(offset + 8, offset + 8 + length);
    if (data.length < length) {
      found.reasons.push(`qcow2 header extension 0x${type.toString(16)} overruns the first cluster`);
      break;
    }
    if (type === EXTENSION.backingFormat) {
      extensions.backingFormat = cString(data);
    } else if (type === EXTENSION.dataFile) {
      extensions.dataFile = cString(data);
    }
    offset += 8 + Math.ceil(length / 8) * 8;
  }
  return extensions;
}

/** The name qemu would open, or undefined when it lies outside the first cluster. */
async function backingFileName(source: ByteSource, offset: bigint, length: number, clusterSize: number): Promise<string | undefined> {
  if (offset >= BigInt(clusterSize)) {
    return undefined;
  }
  const bytes = await readExact(source, Number(offset), Math.min(length, MAX_BACKING_NAME, clusterSize - Number(offset)), 'the backing file name');
  return bytes.toString('latin1');
}

/** qcow version 1: qemu still opens it, with its backing file; Glance has no disk_format for it. */
function readQcowVersion1(source: ByteSource): Promise<Detection> {
  return described({ format: 'qcow', layer: 'container', where: 'qcow header at offset 0' }, async (found) => {
    found.reasons.push('qcow (version 1) is not a Glance disk format');
    const header = await readExact(source, 0, 48, 'the qcow header');
    const backingOffset = header.readBigUInt64BE(8);
    const clusterBits = header.readUInt8(32);
    const cryptMethod = header.readUInt32BE(36);
    found.virtualSize = header.readBigUInt64BE(24);
    Object.assign(found.details, {
      version: 1,
      cluster_size: 2 ** clusterBits,
      backing_file: null,
      encryption: ENCRYPTION[cryptMethod] ?? `unknown (${cryptMethod})`,
    });
    // qemu's qcow driver: clusters of 512 B to 64 KiB.
    if (clusterBits < MIN_CLUSTER_BITS || clusterBits > 16) {
      found.reasons.push(`invalid qcow cluster size 2^${clusterBits}`);
    }
    if (backingOffset !== 0n) {
      const name = await backingFileName(source, backingOffset, header.readUInt32BE(16), 2 ** Math.min(clusterBits, 16));
      found.details.backing_file = name ?? null;
      found.reasons.push(name === undefined ? 'a backing file' : `backing file ${JSON.stringify(name)}`);
    }
  });
}
