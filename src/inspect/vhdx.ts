/**
 * VHDX ([MS-VHDX]): the file identifier, the region table at 192 KiB, and in the metadata region
 * the items that give the virtual size, the block size, the sector sizes and whether the disk
 * has a parent (a differencing disk, which reads through the files its parent locator names).
 */
import { guid, startsWith, utf16 } from './binary.js';
import { described, type Detection } from './model.js';
import { readExact, type ByteSource } from './source.js';

const IDENTIFIER = 'vhdxfile';
const REGION_TABLE_OFFSET = 192 * 1024;
const REGION_TABLE_SIZE = 64 * 1024;
const METADATA_TABLE_SIZE = 64 * 1024;
/** The entry counts the format allows: qemu refuses more. */
const MAX_ENTRIES = 2047;
/** No metadata item Glance or qemu reads is larger; the parent locator is read up to this much. */
const MAX_ITEM = 64 * 1024;

const METADATA_REGION = '8B7CA206-4790-4B9A-B8FE-575F050F886E';
const ITEMS = {
  fileParameters: 'CAA16737-FA36-4D43-B3B6-33F0AA44E76B',
  virtualDiskSize: '2FA54224-CD1B-4876-B211-5DBED83BF4B8',
  logicalSectorSize: '8141BF1D-A96F-4709-BA47-F233A8FAAB5F',
  physicalSectorSize: 'CDA348C7-445D-4471-9CC9-E9885251C556',
  parentLocator: 'A8D35F2D-B30B-454D-ABF7-D3D84834AB0C',
};
const HAS_PARENT = 1 << 1;

export async function readVhdx(source: ByteSource): Promise<Detection | undefined> {
  if (!startsWith(await source.read(0, IDENTIFIER.length), IDENTIFIER)) {
    return undefined;
  }
  return described({ format: 'vhdx', layer: 'container', where: 'VHDX identifier at offset 0' }, async (found) => {
    Object.assign(found.details, { block_size: null, logical_sector_size: null, physical_sector_size: null, parent: null });
    const metadata = await findMetadataRegion(source, found);
    if (metadata === undefined) {
      return;
    }
    const items = await readMetadataTable(source, metadata, found);
    if (items === undefined) {
      return;
    }
    const item = async (id: string, minimum: number): Promise<Buffer | undefined> => {
      const entry = items.get(id);
      if (entry === undefined) {
        return undefined;
      }
      if (entry.length < minimum || entry.offset < METADATA_TABLE_SIZE || entry.offset + entry.length > metadata.length) {
        found.reasons.push(`VHDX metadata item ${id} lies outside its region`);
        return undefined;
      }
      return readExact(source, metadata.offset + entry.offset, Math.min(entry.length, MAX_ITEM), 'a VHDX metadata item');
    };

    const size = await item(ITEMS.virtualDiskSize, 8);
    const parameters = await item(ITEMS.fileParameters, 8);
    const logical = await item(ITEMS.logicalSectorSize, 4);
    const physical = await item(ITEMS.physicalSectorSize, 4);
    if (size === undefined) {
      found.reasons.push('no virtual disk size in the VHDX metadata');
    } else {
      found.virtualSize = size.readBigUInt64LE(0);
    }
    found.details.block_size = parameters?.readUInt32LE(0) ?? null;
    found.details.logical_sector_size = logical?.readUInt32LE(0) ?? null;
    found.details.physical_sector_size = physical?.readUInt32LE(0) ?? null;
    const locator = items.has(ITEMS.parentLocator) ? await item(ITEMS.parentLocator, 20) : undefined;
    const parent = locator === undefined ? undefined : parentPath(locator);
    if (parameters !== undefined && parameters.readUInt32LE(4) & HAS_PARENT) {
      found.details.parent = parent ?? null;
      found.reasons.push(parent === undefined ? 'a parent disk (a differencing VHDX)' : `backing file ${JSON.stringify(parent)} (a differencing VHDX)`);
    } else if (items.has(ITEMS.parentLocator)) {
      found.details.parent = parent ?? null;
      found.reasons.push(`a parent locator${parent === undefined ? '' : ` naming ${JSON.stringify(parent)}`}`);
    }
  });
}

interface Region {
  offset: number;
  length: number;
}

async function findMetadataRegion(source: ByteSource, found: Detection): Promise<Region | undefined> {
  const table = await readExact(source, REGION_TABLE_OFFSET, REGION_TABLE_SIZE, 'the VHDX region table');
  if (!startsWith(table, 'regi')) {
    found.reasons.push('no VHDX region table');
    return undefined;
  }
  const count = table.readUInt32LE(8);
  if (count > MAX_ENTRIES) {
    found.reasons.push(`${count} VHDX regions (at most ${MAX_ENTRIES})`);
    return undefined;
  }
  for (let entry = 16; entry < 16 + count * 32; entry += 32) {
    if (guid(table.subarray(entry, entry + 16)) === METADATA_REGION) {
      const offset = table.readBigUInt64LE(entry + 16);
      const length = table.readUInt32LE(entry + 24);
      if (source.size !== undefined && offset + BigInt(length) > BigInt(source.size)) {
        found.reasons.push('its metadata region lies beyond the end of the file');
        return undefined;
      }
      return { offset: Number(offset), length };
    }
  }
  found.reasons.push('no VHDX metadata region');
  return undefined;
}

interface ItemEntry {
  offset: number;
  length: number;
}

async function readMetadataTable(source: ByteSource, region: Region, found: Detection): Promise<Map<string, ItemEntry> | undefined> {
  const table = await readExact(source, region.offset, Math.min(METADATA_TABLE_SIZE, region.length), 'the VHDX metadata table');
  if (!startsWith(table, 'metadata') || table.length < 32) {
    found.reasons.push('no VHDX metadata table where its region table points');
    return undefined;
  }
  const count = table.readUInt16LE(10);
  if (count > MAX_ENTRIES || 32 + count * 32 > table.length) {
    found.reasons.push(`${count} VHDX metadata items (at most ${MAX_ENTRIES})`);
    return undefined;
  }
  const items = new Map<string, ItemEntry>();
  for (let entry = 32; entry < 32 + count * 32; entry += 32) {
    items.set(guid(table.subarray(entry, entry + 16)), { offset: table.readUInt32LE(entry + 16), length: table.readUInt32LE(entry + 20) });
  }
  return items;
}

/** The parent's path from a locator's key/value entries: the relative path first, as Hyper-V tries it. */
function parentPath(locator: Buffer): string | undefined {
  const count = locator.readUInt16LE(18);
  const entries = new Map<string, string>();
  const text = (offset: number, length: number): string => utf16(locator.subarray(offset, offset + length), 'le');
  for (let index = 0, entry = 20; index < count && entry + 12 <= locator.length; index += 1, entry += 12) {
    entries.set(text(locator.readUInt32LE(entry), locator.readUInt16LE(entry + 8)), text(locator.readUInt32LE(entry + 4), locator.readUInt16LE(entry + 10)));
  }
  return entries.get('relative_path') ?? entries.get('absolute_win32_path') ?? entries.get('volume_path') ?? undefined;
}
