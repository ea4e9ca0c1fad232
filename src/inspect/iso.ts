/**
 * ISO 9660 (and UDF) optical disc images: the volume descriptors that start at 32 KiB, after a
 * system area that hybrid images fill with an MBR or a GPT. The primary volume descriptor gives
 * the volume's size; qemu has no ISO driver and reads such a file as raw.
 */
import { cString } from './binary.js';
import { described, type Detection } from './model.js';
import { readAtMost, type ByteSource } from './source.js';

const DESCRIPTORS_OFFSET = 32 * 1024;
const SECTOR = 2048;
/** How many descriptors are looked at for the primary one, a boot record or UDF's NSR. */
const MAX_DESCRIPTORS = 16;
const TERMINATOR = 255;

export async function readIso(source: ByteSource): Promise<Detection | undefined> {
  const first = await source.read(DESCRIPTORS_OFFSET, 8);
  const identifier = first.toString('latin1', 1, 6);
  if (identifier !== 'CD001' && identifier !== 'BEA01') {
    return undefined;
  }
  return described({ format: 'iso', layer: 'content', where: `ISO volume descriptor at offset ${DESCRIPTORS_OFFSET}` }, async (found) => {
    const area = await readAtMost(source, DESCRIPTORS_OFFSET, MAX_DESCRIPTORS * SECTOR, 'the ISO volume descriptors');
    Object.assign(found.details, { filesystem: identifier === 'CD001' ? 'iso9660' : 'udf', volume_id: null, bootable: false });
    for (let offset = 0; offset + SECTOR <= area.length; offset += SECTOR) {
      const descriptor = area.subarray(offset, offset + SECTOR);
      const type = descriptor.readUInt8(0);
      const standard = descriptor.toString('latin1', 1, 6);
      if (standard === 'NSR02' || standard === 'NSR03') {
        found.details.filesystem = found.details.filesystem === 'iso9660' ? 'iso9660+udf' : 'udf';
      }
      if (standard !== 'CD001') {
        continue;
      }
      if (type === TERMINATOR) {
        break;
      }
      if (type === 0 && descriptor.toString('latin1', 7, 30) === 'EL TORITO SPECIFICATION') {
        found.details.bootable = true;
      }
      if (type === 1 && found.virtualSize === undefined) {
        found.details.volume_id = cString(descriptor.subarray(40, 72)).trimEnd();
        found.virtualSize = BigInt(descriptor.readUInt32LE(80)) * BigInt(descriptor.readUInt16LE(128));
      }
    }
    if (found.virtualSize === undefined && source.size !== undefined) {
      found.virtualSize = BigInt(source.size);
    }
  });
}
