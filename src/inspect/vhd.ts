/**
 * VHD, qemu's `vpc` (block/vpc.c): a 512-byte footer, copied at the start of dynamic and
 * differencing disks and only at the end of fixed ones, and for the sparse types a dynamic
 * header with the block size and the parent locators. A differencing disk reads through its
 * parent: a backing file.
 */
import { startsWith, utf16 } from './binary.js';
import { described, type Detection } from './model.js';
import { readExact, type ByteSource } from './source.js';

const COOKIE = 'conectix';
const DYNAMIC_COOKIE = 'cxsparse';
const FOOTER_SIZE = 512;
const TYPES: Record<number, string> = { 2: 'fixed', 3: 'dynamic', 4: 'differencing' };
/** The largest CHS geometry: qemu then believes the size field rather than the geometry. */
const MAX_GEOMETRY = 65535n * 16n * 255n;
/** Creators whose size field is right; Virtual PC and qemu before 2.x size a disk by its geometry. */
const SIZE_FIELD_CREATORS = ['win ', 'qem2', 'd2v ', 'CTXS', 'tap\0'];

export async function readVhd(source: ByteSource): Promise<Detection | undefined> {
  const start = await source.read(0, COOKIE.length);
  if (startsWith(start, COOKIE)) {
    return described({ format: 'vhd', layer: 'container', where: 'VHD footer at offset 0' }, async (found) => {
      const footer = await readExact(source, 0, FOOTER_SIZE, 'the VHD footer');
      describeFooter(footer, found);
      if (found.details.type !== 'fixed') {
        await describeDynamicHeader(source, footer.readBigUInt64BE(16), found);
      }
    });
  }
  // qemu opens a fixed disk whose footer is only at the end, though its format probe sees raw.
  const footerAt = source.size === undefined ? -1 : source.size - FOOTER_SIZE;
  if (footerAt <= 0) {
    return undefined;
  }
  const footer = await source.read(footerAt, FOOTER_SIZE);
  if (!startsWith(footer, COOKIE) || footer.length < FOOTER_SIZE || footer.readUInt32BE(60) !== 2) {
    return undefined;
  }
  return described({ format: 'vhd', layer: 'trailer', where: `VHD footer at offset ${footerAt}` }, async (found) => {
    describeFooter(footer, found);
  });
}

function describeFooter(footer: Buffer, found: Detection): void {
  const type = footer.readUInt32BE(60);
  const creator = footer.subarray(28, 32).toString('latin1');
  const geometry = BigInt(footer.readUInt16BE(56)) * BigInt(footer.readUInt8(58)) * BigInt(footer.readUInt8(59));
  const sizeField = footer.readBigUInt64BE(48);
  // qemu's rule for the visible size (vpc_open): the geometry, unless the creator or the
  // geometry says the size field is right.
  const bySizeField = SIZE_FIELD_CREATORS.includes(creator) || geometry === MAX_GEOMETRY;
  found.virtualSize = bySizeField ? sizeField : geometry * 512n;
  Object.assign(found.details, {
    type: TYPES[type] ?? `unknown (${type})`,
    creator: creator.replace(/\0+$/, ''),
    footer: found.layer === 'trailer' ? 'end' : 'start',
  });
  if (!(type in TYPES)) {
    found.reasons.push(`unknown VHD disk type ${type}`);
  }
}

async function describeDynamicHeader(source: ByteSource, offset: bigint, found: Detection): Promise<void> {
  if (source.size !== undefined && offset + 1024n > BigInt(source.size)) {
    found.reasons.push('its dynamic header lies beyond the end of the file');
    return;
  }
  const header = await readExact(source, Number(offset), 1024, 'the VHD dynamic header');
  if (!startsWith(header, DYNAMIC_COOKIE)) {
    found.reasons.push('no VHD dynamic header where its footer points');
    return;
  }
  found.details.block_size = header.readUInt32BE(32);
  if (found.details.type === 'differencing') {
    const parent = utf16(header.subarray(64, 576), 'be');
    found.details.parent = parent;
    found.reasons.push(`backing file ${JSON.stringify(parent)} (a differencing disk)`);
  }
}
