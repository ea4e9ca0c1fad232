/**
 * VDI, VirtualBox's format (qemu's block/vdi.c): one 512-byte header after a 64-byte text line.
 * qemu opens the dynamic and fixed types; undo and differencing images read through a parent.
 */
import { described, type Detection } from './model.js';
import { readExact, type ByteSource } from './source.js';

const SIGNATURE = 0xbeda107f;
const TYPES: Record<number, string> = { 1: 'dynamic', 2: 'fixed', 3: 'undo', 4: 'differencing' };

export async function readVdi(source: ByteSource): Promise<Detection | undefined> {
  const signature = await source.read(64, 4);
  if (signature.length < 4 || signature.readUInt32LE(0) !== SIGNATURE) {
    return undefined;
  }
  return described({ format: 'vdi', layer: 'container', where: 'VDI signature at offset 64' }, async (found) => {
    const header = await readExact(source, 0, 456, 'the VDI header');
    const version = header.readUInt32LE(68);
    const type = header.readUInt32LE(76);
    found.virtualSize = header.readBigUInt64LE(368);
    Object.assign(found.details, {
      version: `${version >>> 16}.${version & 0xffff}`,
      type: TYPES[type] ?? `unknown (${type})`,
      block_size: header.readUInt32LE(376),
    });
    if (type === 3 || type === 4) {
      found.reasons.push(`a ${TYPES[type]} VDI image, which reads through a parent image`);
    } else if (!(type in TYPES)) {
      found.reasons.push(`unknown VDI image type ${type}`);
    }
  });
}
