/**
 * What raw disk data may carry at its start: an MBR partition table, or a GPT behind its
 * protective MBR. Neither changes the format (raw), but a container header on top of one is a
 * file that two readers see differently.
 */
import { startsWith } from './binary.js';
import { described, type Detection } from './model.js';
import { readAtMost, type ByteSource } from './source.js';

const MBR_TABLE = 446;
const GPT_PROTECTIVE = 0xee;
/** A GPT header sits in the second logical block: 512-byte sectors, or 4 KiB ones. */
const SECTOR_SIZES = [512, 4096];
/** More partition entries than this is not a table to count (the usual is 128 of 128 bytes). */
const MAX_ENTRIES_BYTES = 1024 * 1024;

export async function readPartitionTable(source: ByteSource): Promise<Detection | undefined> {
  const mbr = await source.read(0, 512);
  if (mbr.length < 512 || mbr.readUInt16LE(510) !== 0xaa55) {
    return undefined;
  }
  const partitions = [0, 1, 2, 3].map((index) => mbr.subarray(MBR_TABLE + index * 16, MBR_TABLE + index * 16 + 16));
  const valid = partitions.every((entry) => entry[0] === 0 || entry[0] === 0x80);
  const used = partitions.filter((entry) => entry[4] !== 0 && entry.readUInt32LE(12) !== 0);
  if (!valid || used.length === 0) {
    return undefined;
  }
  if (used.some((entry) => entry[4] === GPT_PROTECTIVE)) {
    for (const sectorSize of SECTOR_SIZES) {
      const header = await source.read(sectorSize, 92);
      if (startsWith(header, 'EFI PART') && header.length === 92) {
        return described({ format: 'raw', layer: 'content', where: `GPT header at offset ${sectorSize}` }, async (found) => {
          Object.assign(found.details, { partition_table: 'gpt', partitions: await countGptPartitions(source, header, sectorSize) });
        });
      }
    }
  }
  return described({ format: 'raw', layer: 'content', where: `MBR partition table at offset ${MBR_TABLE}` }, async (found) => {
    Object.assign(found.details, { partition_table: 'mbr', partitions: used.length });
  });
}

/** The entries in use (a type GUID that is not zero); null when the entry array is implausible. */
async function countGptPartitions(source: ByteSource, header: Buffer, sectorSize: number): Promise<number | null> {
  const start = header.readBigUInt64LE(72) * BigInt(sectorSize);
  const count = header.readUInt32LE(80);
  const entrySize = header.readUInt32LE(84);
  if (entrySize < 128 || count * entrySize > MAX_ENTRIES_BYTES || start > BigInt(MAX_ENTRIES_BYTES)) {
    return null;
  }
  const entries = await readAtMost(source, Number(start), count * entrySize, 'the GPT partition entries');
  let used = 0;
  for (let offset = 0; offset + entrySize <= entries.length; offset += entrySize) {
    if (entries.subarray(offset, offset + 16).some((byte) => byte !== 0)) {
      used += 1;
    }
  }
  return used;
}
