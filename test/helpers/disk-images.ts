/**
 * Real disk images for the inspection tests: made by qemu-img (Debian's qemu-utils) and xorriso,
 * or by hand where no tool makes them (partition tables, format confusion, patched headers).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { crc32 } from 'node:zlib';

/** What `qemu-img info --output=json` says of a file (probing its format, or with `-f`). */
export interface QemuInfo {
  format: string;
  'virtual-size': number;
  'backing-filename'?: string;
  'format-specific'?: { type: string; data: Record<string, unknown> };
}

export function qemuImg(...args: string[]): void {
  const run = spawnSync('qemu-img', args, { encoding: 'utf8' });
  if (run.error) {
    throw new Error(`qemu-img is needed by these tests (Debian's qemu-utils, installed by .ci/run): ${run.error.message}`);
  }
  if (run.status !== 0) {
    throw new Error(`qemu-img ${args.join(' ')} failed: ${run.stderr}`);
  }
}

/**
 * qemu-img in the background, for LUKS images: they take seconds, since qemu times its key
 * derivation whatever iter-time says, and that timing fails now and then on a busy machine
 * ("Unable to get accurate CPU usage"): tried again then.
 */
export async function qemuImgInBackground(...args: string[]): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await promisify(execFile)('qemu-img', args);
      return;
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr ?? String(error);
      if (attempt === 5 || !stderr.includes('accurate CPU usage')) {
        throw new Error(`qemu-img ${args.join(' ')} failed: ${stderr}`);
      }
    }
  }
}

/** qemu-img info, or the error it gives when it cannot open the file. */
export function qemuInfo(path: string, format?: string): QemuInfo | { error: string } {
  const run = spawnSync('qemu-img', ['info', '--output=json', ...(format ? ['-f', format] : []), path], { encoding: 'utf8' });
  return run.status === 0 ? (JSON.parse(run.stdout) as QemuInfo) : { error: run.stderr.trim() };
}

export function xorriso(...args: string[]): void {
  execFileSync('xorriso', args, { stdio: 'pipe' });
}

/** A scratch directory, removed by `remove`. */
export function scratchDirectory(): { path: string; file(name: string): string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'glance-inspect-'));
  return { path, file: (name) => join(path, name), remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Overwrites bytes of a file in place. */
export function patch(path: string, offset: number, bytes: Buffer | string): void {
  const descriptor = openSync(path, 'r+');
  try {
    writeSync(descriptor, typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes, 0, bytes.length, offset);
  } finally {
    closeSync(descriptor);
  }
}

export function readBytes(path: string, offset: number, length: number): Buffer {
  const descriptor = openSync(path, 'r');
  try {
    const bytes = Buffer.alloc(length);
    return bytes.subarray(0, readSync(descriptor, bytes, 0, length, offset));
  } finally {
    closeSync(descriptor);
  }
}

export function u64be(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64BE(value);
  return bytes;
}

export function u64le(value: bigint): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeBigUInt64LE(value);
  return bytes;
}

export function u32be(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32BE(value);
  return bytes;
}

export function u32le(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value);
  return bytes;
}

/** A Microsoft GUID in its on-disk byte order. */
export function guidBytes(text: string): Buffer {
  const hex = text.replaceAll('-', '');
  const swap = (start: number, end: number): Buffer => Buffer.from(hex.slice(start, end), 'hex').reverse();
  return Buffer.concat([swap(0, 8), swap(8, 12), swap(12, 16), Buffer.from(hex.slice(16), 'hex')]);
}

const LINUX_FILESYSTEM = '0FC63DAF-8483-4772-8E79-3D69D8477DE4';

/**
 * Writes a GPT (protective MBR, header at LBA 1, 128 entries at LBA 2 with one Linux partition)
 * at the start of a raw disk of `sectors` 512-byte sectors, CRCs included.
 */
export function writeGpt(path: string, sectors: number): void {
  const mbr = Buffer.alloc(512);
  mbr.writeUInt8(0xee, 446 + 4);
  mbr.writeUInt32LE(1, 446 + 8);
  mbr.writeUInt32LE(Math.min(sectors - 1, 0xffffffff), 446 + 12);
  mbr.writeUInt16LE(0xaa55, 510);
  const entries = Buffer.alloc(128 * 128);
  guidBytes(LINUX_FILESYSTEM).copy(entries, 0);
  guidBytes('6E1B3D2A-57D1-4B41-9C4F-0D3B1A2C4E5F').copy(entries, 16);
  entries.writeBigUInt64LE(2048n, 32);
  entries.writeBigUInt64LE(BigInt(sectors - 34), 40);
  const header = Buffer.alloc(512);
  header.write('EFI PART', 0, 'latin1');
  header.writeUInt32LE(0x00010000, 8);
  header.writeUInt32LE(92, 12);
  header.writeBigUInt64LE(1n, 24);
  header.writeBigUInt64LE(BigInt(sectors - 1), 32);
  header.writeBigUInt64LE(34n, 40);
  header.writeBigUInt64LE(BigInt(sectors - 34), 48);
  guidBytes('9C1B4A2E-1F3D-4C5B-8A6E-7D8F9A0B1C2D').copy(header, 56);
  header.writeBigUInt64LE(2n, 72);
  header.writeUInt32LE(128, 80);
  header.writeUInt32LE(128, 84);
  header.writeUInt32LE(crc32(entries), 88);
  header.writeUInt32LE(crc32(header.subarray(0, 92)), 16);
  patch(path, 0, Buffer.concat([mbr, header, entries]));
}

/** An MBR with one bootable Linux partition. */
export function writeMbr(path: string, sectors: number): void {
  const mbr = Buffer.alloc(512);
  mbr.writeUInt8(0x80, 446);
  mbr.writeUInt8(0x83, 446 + 4);
  mbr.writeUInt32LE(2048, 446 + 8);
  mbr.writeUInt32LE(sectors - 2048, 446 + 12);
  mbr.writeUInt16LE(0xaa55, 510);
  patch(path, 0, mbr);
}

/**
 * The first bytes of a qcow2 v3 image as qemu-img writes them (64 KiB clusters, no backing
 * file), followed by `payload`: for tests that upload a small "qcow2" without running qemu-img.
 * With `backingFile`, the header names one, which makes the image unsafe.
 */
export function qcow2Bytes(payload: Buffer = Buffer.alloc(0), options: { virtualSize?: number; backingFile?: string } = {}): Buffer {
  const header = Buffer.alloc(512);
  header.write('QFI\xfb', 0, 'latin1');
  header.writeUInt32BE(3, 4);
  if (options.backingFile !== undefined) {
    header.writeBigUInt64BE(112n, 8);
    header.writeUInt32BE(Buffer.byteLength(options.backingFile), 16);
    header.write(options.backingFile, 112);
  }
  header.writeUInt32BE(16, 20);
  header.writeBigUInt64BE(BigInt(options.virtualSize ?? 1024 * 1024), 24);
  header.writeUInt32BE(1, 36); // one L1 entry maps 512 MiB
  header.writeBigUInt64BE(0x30000n, 40);
  header.writeBigUInt64BE(0x10000n, 48);
  header.writeUInt32BE(1, 56);
  header.writeUInt32BE(4, 96);
  header.writeUInt32BE(104, 100);
  return Buffer.concat([header, payload]);
}

/** The VHD checksum: the ones' complement of the byte sum, with the checksum field as zero. */
export function vhdChecksum(structure: Buffer, field: number): Buffer {
  const copy = Buffer.from(structure);
  copy.fill(0, field, field + 4);
  const sum = copy.reduce((total, byte) => total + byte, 0);
  return u32be(~sum >>> 0);
}

/** An image qemu-img makes, and the name Glance gives its format. */
export interface MadeImage {
  name: string;
  file: string;
  /** The format qemu-img reports: its probe's, or the one given with `-f` where the probe says raw. */
  qemuFormat: string;
  /** Where qemu-img's probe sees raw (a fixed VHD's footer is only at the end): the format to pass with `-f`. */
  probeSaysRaw?: boolean;
  format: string;
  safe: boolean;
}

const SECRET = ['--object', 'secret,id=sec0,data=123456'];

/**
 * Every format and variant qemu-img creates, the sparse ones at 1 GiB, plus converted copies
 * of a partitioned raw disk holding data. `encrypted: false` leaves out the two LUKS ones, which
 * take seconds to make.
 */
export async function makeQemuImages(directory: string, options: { encrypted?: boolean } = {}): Promise<MadeImage[]> {
  const at = (name: string): string => join(directory, name);
  const source = at('source.raw');
  qemuImg('create', '-f', 'raw', source, '64M');
  writeGpt(source, (64 * 1024 * 1024) / 512);
  patch(source, 1024 * 1024, Buffer.alloc(256 * 1024, 'glance'));
  let encrypted: Promise<string> | undefined;

  const images: (Omit<MadeImage, 'file'> & { make: (file: string) => void | Promise<void> })[] = [
    { name: 'raw', format: 'raw', qemuFormat: 'raw', safe: true, make: (file) => qemuImg('create', '-f', 'raw', file, '16M') },
    { name: 'raw with a GPT (converted from qcow2)', format: 'raw', qemuFormat: 'raw', safe: true, make: (file) => viaQcow2(source, file, 'raw') },
    { name: 'qcow2 v2', format: 'qcow2', qemuFormat: 'qcow2', safe: true, make: (file) => qemuImg('create', '-f', 'qcow2', '-o', 'compat=0.10', file, '1G') },
    { name: 'qcow2 v3', format: 'qcow2', qemuFormat: 'qcow2', safe: true, make: (file) => qemuImg('create', '-f', 'qcow2', file, '1G') },
    { name: 'qcow2 v3 with data', format: 'qcow2', qemuFormat: 'qcow2', safe: true, make: (file) => qemuImg('convert', '-f', 'raw', '-O', 'qcow2', source, file) },
    { name: 'qcow2 with 2 MiB clusters', format: 'qcow2', qemuFormat: 'qcow2', safe: true, make: (file) => qemuImg('create', '-f', 'qcow2', '-o', 'cluster_size=2M', file, '1G') },
    { name: 'qcow2 with 512-byte clusters', format: 'qcow2', qemuFormat: 'qcow2', safe: true, make: (file) => qemuImg('create', '-f', 'qcow2', '-o', 'cluster_size=512', file, '64M') },
    { name: 'qcow2 with extended L2 entries', format: 'qcow2', qemuFormat: 'qcow2', safe: true, make: (file) => qemuImg('create', '-f', 'qcow2', '-o', 'extended_l2=on', file, '1G') },
    { name: 'qcow2 with zstd compression', format: 'qcow2', qemuFormat: 'qcow2', safe: true, make: (file) => qemuImg('create', '-f', 'qcow2', '-o', 'compression_type=zstd', file, '1G') },
    {
      name: 'qcow2 encrypted with LUKS',
      format: 'qcow2',
      qemuFormat: 'qcow2',
      safe: true,
      make: (file) => (encrypted = qemuImgInBackground('create', ...SECRET, '-f', 'qcow2', '-o', 'encrypt.format=luks,encrypt.key-secret=sec0', file, '1G').then(() => file)),
    },
    {
      name: 'qcow2 with a snapshot',
      format: 'qcow2',
      qemuFormat: 'qcow2',
      safe: true,
      make: (file) => {
        qemuImg('create', '-f', 'qcow2', file, '1G');
        qemuImg('snapshot', '-c', 'first', file);
      },
    },
    { name: 'vmdk monolithicSparse', format: 'vmdk', qemuFormat: 'vmdk', safe: true, make: (file) => qemuImg('create', '-f', 'vmdk', file, '1G') },
    { name: 'vmdk monolithicSparse with data', format: 'vmdk', qemuFormat: 'vmdk', safe: true, make: (file) => qemuImg('convert', '-f', 'raw', '-O', 'vmdk', source, file) },
    { name: 'vmdk streamOptimized', format: 'vmdk', qemuFormat: 'vmdk', safe: true, make: (file) => qemuImg('convert', '-f', 'raw', '-O', 'vmdk', '-o', 'subformat=streamOptimized', source, file) },
    { name: 'vmdk monolithicFlat', format: 'vmdk', qemuFormat: 'vmdk', safe: false, make: (file) => qemuImg('create', '-f', 'vmdk', '-o', 'subformat=monolithicFlat', file, '16M') },
    { name: 'vmdk twoGbMaxExtentSparse', format: 'vmdk', qemuFormat: 'vmdk', safe: false, make: (file) => qemuImg('create', '-f', 'vmdk', '-o', 'subformat=twoGbMaxExtentSparse', file, '5G') },
    { name: 'vmdk twoGbMaxExtentFlat', format: 'vmdk', qemuFormat: 'vmdk', safe: false, make: (file) => qemuImg('create', '-f', 'vmdk', '-o', 'subformat=twoGbMaxExtentFlat', file, '16M') },
    { name: 'vpc dynamic', format: 'vhd', qemuFormat: 'vpc', safe: true, make: (file) => qemuImg('create', '-f', 'vpc', file, '1G') },
    { name: 'vpc dynamic with data', format: 'vhd', qemuFormat: 'vpc', safe: true, make: (file) => qemuImg('convert', '-f', 'raw', '-O', 'vpc', source, file) },
    { name: 'vpc dynamic sized by its size field', format: 'vhd', qemuFormat: 'vpc', safe: true, make: (file) => qemuImg('create', '-f', 'vpc', '-o', 'force_size=on', file, '1G') },
    { name: 'vpc fixed', format: 'vhd', qemuFormat: 'vpc', probeSaysRaw: true, safe: true, make: (file) => qemuImg('create', '-f', 'vpc', '-o', 'subformat=fixed', file, '16M') },
    {
      name: 'vpc fixed holding a partitioned disk',
      format: 'vhd',
      qemuFormat: 'vpc',
      probeSaysRaw: true,
      safe: true,
      make: (file) => qemuImg('convert', '-f', 'raw', '-O', 'vpc', '-o', 'subformat=fixed,force_size=on', source, file),
    },
    { name: 'vhdx', format: 'vhdx', qemuFormat: 'vhdx', safe: true, make: (file) => qemuImg('create', '-f', 'vhdx', file, '1G') },
    { name: 'vhdx with data and 1 MiB blocks', format: 'vhdx', qemuFormat: 'vhdx', safe: true, make: (file) => qemuImg('convert', '-f', 'raw', '-O', 'vhdx', '-o', 'block_size=1M', source, file) },
    { name: 'vdi dynamic', format: 'vdi', qemuFormat: 'vdi', safe: true, make: (file) => qemuImg('create', '-f', 'vdi', file, '1G') },
    { name: 'vdi static', format: 'vdi', qemuFormat: 'vdi', safe: true, make: (file) => qemuImg('convert', '-f', 'raw', '-O', 'vdi', '-o', 'static=on', source, file) },
    { name: 'parallels (ploop)', format: 'ploop', qemuFormat: 'parallels', safe: true, make: (file) => qemuImg('create', '-f', 'parallels', file, '1G') },
    { name: 'qcow (version 1)', format: 'qcow', qemuFormat: 'qcow', safe: false, make: (file) => qemuImg('create', '-f', 'qcow', file, '1G') },
    { name: 'qed', format: 'qed', qemuFormat: 'qed', safe: false, make: (file) => qemuImg('create', '-f', 'qed', file, '1G') },
    // qemu-img create -f luks would take as long again: the qcow2's LUKS header is one already.
    { name: 'LUKS', format: 'luks', qemuFormat: 'luks', safe: false, make: async (file) => luksVolume(await encrypted!, file) },
  ];
  const made: MadeImage[] = [];
  const background: Promise<void>[] = [];
  for (const [index, { make, ...image }] of images.entries()) {
    if (options.encrypted === false && image.name.includes('LUKS')) {
      continue;
    }
    const file = at(`image-${index}.${image.qemuFormat}`);
    const making = make(file);
    if (making) {
      background.push(making);
    }
    made.push({ ...image, file });
  }
  await Promise.all(background);
  return made;
}

/** A LUKS volume of 16 MiB: the LUKS header an encrypted qcow2 holds (header extension 0x0537be77), then the payload. */
function luksVolume(qcow2: string, file: string): void {
  const extensions = readBytes(qcow2, readBytes(qcow2, 100, 4).readUInt32BE(0), 4096);
  for (let offset = 0; extensions.readUInt32BE(offset) !== 0; offset += 8 + Math.ceil(extensions.readUInt32BE(offset + 4) / 8) * 8) {
    if (extensions.readUInt32BE(offset) === 0x0537be77) {
      const header = readBytes(qcow2, Number(extensions.readBigUInt64BE(offset + 8)), Number(extensions.readBigUInt64BE(offset + 16)));
      qemuImg('create', '-f', 'raw', file, String(header.length + 16 * 1024 * 1024));
      patch(file, 0, header);
      return;
    }
  }
  throw new Error(`${qcow2} has no LUKS header`);
}

function viaQcow2(source: string, file: string, format: string): void {
  qemuImg('convert', '-f', 'raw', '-O', 'qcow2', source, `${file}.qcow2`);
  qemuImg('convert', '-f', 'qcow2', '-O', format, `${file}.qcow2`, file);
  rmSync(`${file}.qcow2`);
}
