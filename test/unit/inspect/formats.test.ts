/** Detection agrees with qemu-img on every format and variant qemu-img creates. */
import { open } from 'node:fs/promises';
import { statSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inspectFile, inspectSource } from '../../../src/inspect/inspect.js';
import { FileSource } from '../../../src/inspect/source.js';
import { makeQemuImages, qemuImg, qemuInfo, scratchDirectory, writeGpt, writeMbr, xorriso, type MadeImage, type QemuInfo } from '../../helpers/disk-images.js';

const scratch = scratchDirectory();
let images: MadeImage[] = [];

beforeAll(async () => {
  images = await makeQemuImages(scratch.path);
}, 120_000);
afterAll(() => scratch.remove());

const QEMU_NAMES: Record<string, string> = { vhd: 'vpc', ploop: 'parallels' };

describe('every format qemu-img creates', () => {
  it('is detected as qemu-img detects it, with the virtual size qemu-img gives', async () => {
    const seen = [];
    for (const image of images) {
      const info = qemuInfo(image.file, image.probeSaysRaw ? image.qemuFormat : undefined) as QemuInfo;
      const inspection = await inspectFile(image.file);
      seen.push({ name: image.name, format: inspection.format, qemu: QEMU_NAMES[inspection.format] ?? inspection.format, virtualSize: inspection.virtual_size, safe: inspection.safe });
      expect({ name: image.name, qemu: info.format, virtualSize: info['virtual-size'] }).toEqual({
        name: image.name,
        qemu: QEMU_NAMES[inspection.format] ?? inspection.format,
        virtualSize: inspection.virtual_size,
      });
      expect({ name: image.name, format: inspection.format, safe: inspection.safe, size: inspection.size }).toEqual({
        name: image.name,
        format: image.format,
        safe: image.safe,
        size: statSync(image.file).size,
      });
    }
    expect(seen.length).toBe(30);
  });

  it('a fixed VHD, whose footer is only at its end, is raw to qemu-img’s probe and vhd to the inspection', async () => {
    const fixed = images.filter((image) => image.probeSaysRaw);
    expect(fixed.length).toBe(2);
    for (const image of fixed) {
      expect((qemuInfo(image.file) as QemuInfo).format).toBe('raw');
      expect((await inspectFile(image.file)).details).toMatchObject({ type: 'fixed', footer: 'end' });
    }
  });

  it('reports each format’s details', async () => {
    const details = async (name: string): Promise<Record<string, unknown>> => {
      const image = images.find((candidate) => candidate.name === name);
      return (await inspectFile(image!.file)).details;
    };
    expect(await details('qcow2 v2')).toEqual({
      version: 2,
      cluster_size: 65536,
      backing_file: null,
      backing_file_format: null,
      data_file: null,
      encryption: 'none',
      snapshots: 0,
    });
    expect(await details('qcow2 v3')).toMatchObject({ version: 3, cluster_size: 65536, snapshots: 0 });
    expect(await details('qcow2 with 2 MiB clusters')).toMatchObject({ cluster_size: 2 * 1024 * 1024 });
    expect(await details('qcow2 with 512-byte clusters')).toMatchObject({ cluster_size: 512 });
    expect(await details('qcow2 encrypted with LUKS')).toMatchObject({ encryption: 'luks' });
    expect(await details('qcow2 with a snapshot')).toMatchObject({ snapshots: 1 });
    expect(await details('raw')).toEqual({ partition_table: null, partitions: null, note: 'no disk image format recognised: raw data' });
    expect(await details('raw with a GPT (converted from qcow2)')).toEqual({ partition_table: 'gpt', partitions: 1, note: 'no disk image format recognised: raw data' });
    const sparse = images.find((image) => image.name === 'vmdk monolithicSparse')!;
    expect(await details('vmdk monolithicSparse')).toEqual({
      version: 1,
      create_type: 'monolithicSparse',
      compressed: false,
      parent: null,
      extents: [{ access: 'RW', size: 1024 ** 3, type: 'SPARSE', file: sparse.file.split('/').pop(), offset: null }],
    });
    expect(await details('vmdk streamOptimized')).toMatchObject({ version: 3, create_type: 'streamOptimized', compressed: true });
    expect(await details('vmdk monolithicFlat')).toMatchObject({ create_type: 'monolithicFlat', extents: [{ access: 'RW', size: 16 * 1024 ** 2, type: 'FLAT', offset: 0 }] });
    expect(await details('vpc dynamic')).toEqual({ type: 'dynamic', creator: 'qemu', footer: 'start', block_size: 2 * 1024 * 1024 });
    expect(await details('vpc dynamic sized by its size field')).toMatchObject({ creator: 'qem2' });
    expect(await details('vpc fixed holding a partitioned disk')).toEqual({ type: 'fixed', creator: 'qem2', footer: 'end', partition_table: 'gpt', partitions: 1 });
    expect(await details('vhdx')).toEqual({ block_size: 8 * 1024 * 1024, logical_sector_size: 512, physical_sector_size: 512, parent: null });
    expect(await details('vhdx with data and 1 MiB blocks')).toMatchObject({ block_size: 1024 * 1024 });
    expect(await details('vdi dynamic')).toEqual({ version: '1.1', type: 'dynamic', block_size: 1024 * 1024 });
    expect(await details('vdi static')).toMatchObject({ type: 'fixed' });
    expect(await details('parallels (ploop)')).toEqual({ version: 2, cluster_size: 1024 * 1024, extension: true });
  });

  it('names the formats Glance has no disk_format for, and the VMDK files that are not the disk', async () => {
    const reasons = async (name: string): Promise<string[]> => (await inspectFile(images.find((image) => image.name === name)!.file)).reasons;
    expect(await reasons('qcow (version 1)')).toEqual(['qcow (version 1) is not a Glance disk format']);
    expect(await reasons('qed')).toEqual(['qed is not a Glance disk format']);
    expect(await reasons('LUKS')).toEqual(['luks is not a Glance disk format']);
    const flat = images.find((image) => image.name === 'vmdk monolithicFlat')!.file.split('/').pop()!;
    expect(await reasons('vmdk monolithicFlat')).toEqual([`extent "${flat.replace('.vmdk', '-flat.vmdk')}" (FLAT) is outside the file`]);
    const split = images.find((image) => image.name === 'vmdk twoGbMaxExtentSparse')!.file.split('/').pop()!.replace('.vmdk', '');
    expect(await reasons('vmdk twoGbMaxExtentSparse')).toEqual([1, 2, 3].map((part) => `extent "${split}-s00${part}.vmdk" (SPARSE) is outside the file`));
    const extent = await inspectFile(images.find((image) => image.name === 'vmdk twoGbMaxExtentSparse')!.file.replace('.vmdk', '-s001.vmdk'));
    expect(extent).toMatchObject({ format: 'vmdk', virtual_size: 2 * 1024 ** 3, safe: false, reasons: ['no embedded descriptor: an extent of a VMDK split over several files'] });
  });
});

describe('ISO 9660', () => {
  it('reads the primary volume descriptor; qemu-img sees raw', async () => {
    const tree = scratch.file('tree');
    qemuImg('create', '-f', 'raw', scratch.file('tree.img'), '1M');
    const { mkdirSync, writeFileSync } = await import('node:fs');
    mkdirSync(tree);
    writeFileSync(`${tree}/hello.txt`, 'hello\n');
    const plain = scratch.file('plain.iso');
    xorriso('-as', 'mkisofs', '-quiet', '-V', 'GLANCE_TEST', '-o', plain, tree);
    const withMbr = scratch.file('mbr.iso');
    xorriso('-as', 'mkisofs', '-quiet', '-V', 'HYBRID', '-partition_offset', '16', '--protective-msdos-label', '-o', withMbr, tree);
    const withGpt = scratch.file('gpt.iso');
    xorriso('-as', 'mkisofs', '-quiet', '-V', 'HYBRID_GPT', '-append_partition', '2', '0xef', scratch.file('tree.img'), '-appended_part_as_gpt', '-o', withGpt, tree);

    for (const file of [plain, withMbr, withGpt]) {
      expect((qemuInfo(file) as QemuInfo).format).toBe('raw');
    }
    const iso = await inspectFile(plain);
    const blocks = statSync(plain).size;
    expect(iso).toEqual({
      format: 'iso',
      virtual_size: blocks,
      size: blocks,
      safe: true,
      reasons: [],
      details: { filesystem: 'iso9660', volume_id: 'GLANCE_TEST', bootable: false, partition_table: null, partitions: null },
    });
    // Hybrid ISOs carry a partition table in their system area: still an ISO, and safe.
    expect(await inspectFile(withMbr)).toMatchObject({ format: 'iso', safe: true, details: { volume_id: 'HYBRID', partition_table: 'mbr', partitions: 1 } });
    const gpt = await inspectFile(withGpt);
    expect(gpt).toMatchObject({ format: 'iso', safe: true, details: { volume_id: 'HYBRID_GPT', partition_table: 'gpt' } });
    // The volume ends where the appended partition begins.
    expect(gpt.virtual_size).toBeLessThan(gpt.size!);
  });
});

describe('partition tables in raw disks', () => {
  it('finds a GPT and an MBR, which change nothing but the details', async () => {
    const gpt = scratch.file('gpt.raw');
    const mbr = scratch.file('mbr.raw');
    qemuImg('create', '-f', 'raw', gpt, '8M');
    qemuImg('create', '-f', 'raw', mbr, '8M');
    writeGpt(gpt, 16384);
    writeMbr(mbr, 16384);
    expect(await inspectFile(gpt)).toEqual({
      format: 'raw',
      virtual_size: 8 * 1024 * 1024,
      size: 8 * 1024 * 1024,
      safe: true,
      reasons: [],
      details: { partition_table: 'gpt', partitions: 1, note: 'no disk image format recognised: raw data' },
    });
    expect((await inspectFile(mbr)).details).toEqual({ partition_table: 'mbr', partitions: 1, note: 'no disk image format recognised: raw data' });
    expect((qemuInfo(gpt) as QemuInfo).format).toBe('raw');
  });
});

describe('sparse images', () => {
  it('a 100 GiB image is inspected from a few hundred KiB of it, whatever its format', async () => {
    const made: Record<string, string> = {};
    for (const [format, options] of [
      ['raw', []],
      ['qcow2', []],
      ['vmdk', []],
      ['vmdk', ['-o', 'subformat=streamOptimized']],
      ['vpc', []],
      ['vhdx', []],
      ['vdi', []],
      ['parallels', []],
    ] as const) {
      const file = scratch.file(`huge-${format}-${options.length}`);
      qemuImg('create', '-f', format, ...options, file, '100G');
      made[file] = format;
    }
    for (const [file, format] of Object.entries(made)) {
      const handle = await open(file, 'r');
      try {
        const source = new FileSource(handle.fd, (await handle.stat()).size);
        const inspection = await inspectSource(source);
        expect({ file, virtualSize: inspection.virtual_size, format: QEMU_NAMES[inspection.format] ?? inspection.format }).toEqual({
          file,
          virtualSize: (qemuInfo(file) as QemuInfo)['virtual-size'],
          format,
        });
        // The VHDX region table and metadata lie past the first 64 KiB: the most any format reads.
        expect(source.bytesRead, file).toBeLessThanOrEqual(256 * 1024);
      } finally {
        await handle.close();
      }
    }
    // The raw one really is 100 GiB long.
    expect(statSync(Object.keys(made)[0]!).size).toBe(100 * 1024 ** 3);
  });
});
