/**
 * ploop, the Parallels/Virtuozzo disk (qemu's `parallels`, block/parallels.c): a 64-byte header
 * followed by the block allocation table.
 */
import { startsWith } from './binary.js';
import { described, type Detection } from './model.js';
import { readExact, type ByteSource } from './source.js';

const MAGICS = ['WithoutFreeSpace', 'WithouFreSpacExt'];

export async function readPloop(source: ByteSource): Promise<Detection | undefined> {
  const magic = await source.read(0, 16);
  if (!MAGICS.some((candidate) => startsWith(magic, candidate))) {
    return undefined;
  }
  return described({ format: 'ploop', layer: 'container', where: 'ploop header at offset 0' }, async (found) => {
    const header = await readExact(source, 0, 64, 'the ploop header');
    const version = header.readUInt32LE(16);
    found.virtualSize = header.readBigUInt64LE(36) * 512n;
    Object.assign(found.details, {
      version,
      cluster_size: header.readUInt32LE(28) * 512,
      extension: header.toString('latin1', 0, 16) === 'WithouFreSpacExt',
    });
    if (version !== 2) {
      found.reasons.push(`unknown ploop version ${version}`);
    }
  });
}
