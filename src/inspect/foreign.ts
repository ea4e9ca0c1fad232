/**
 * Formats qemu opens that Glance has no `disk_format` for: QED and LUKS. Found so that they are
 * not taken for raw data (a QED image, like a qcow2, may name a backing file).
 */
import { startsWith } from './binary.js';
import { described, type Detection } from './model.js';
import { readExact, type ByteSource } from './source.js';

const QED_HAS_BACKING_FILE = 1n;

export async function readQed(source: ByteSource): Promise<Detection | undefined> {
  if (!startsWith(await source.read(0, 4), 'QED\0')) {
    return undefined;
  }
  return described({ format: 'qed', layer: 'container', where: 'QED header at offset 0' }, async (found) => {
    found.reasons.push('qed is not a Glance disk format');
    const header = await readExact(source, 0, 64, 'the QED header');
    found.virtualSize = header.readBigUInt64LE(48);
    Object.assign(found.details, { cluster_size: header.readUInt32LE(4), backing_file: null });
    if (header.readBigUInt64LE(16) & QED_HAS_BACKING_FILE) {
      const offset = header.readUInt32LE(56);
      const length = Math.min(header.readUInt32LE(60), 1023);
      const name = (await readExact(source, offset, length, 'the QED backing file name')).toString('latin1');
      found.details.backing_file = name;
      found.reasons.push(`backing file ${JSON.stringify(name)}`);
    }
  });
}

export async function readLuks(source: ByteSource): Promise<Detection | undefined> {
  if (!startsWith(await source.read(0, 6), 'LUKS\xba\xbe')) {
    return undefined;
  }
  return described({ format: 'luks', layer: 'container', where: 'LUKS header at offset 0' }, async (found) => {
    found.reasons.push('luks is not a Glance disk format');
    const header = await readExact(source, 0, 108, 'the LUKS header');
    const version = header.readUInt16BE(6);
    found.details.version = version;
    const payload = BigInt(header.readUInt32BE(104)) * 512n;
    if (version === 1 && source.size !== undefined) {
      if (payload > BigInt(source.size)) {
        found.reasons.push('its LUKS payload starts beyond the end of the file');
      } else {
        found.virtualSize = BigInt(source.size) - payload;
      }
    }
  });
}
