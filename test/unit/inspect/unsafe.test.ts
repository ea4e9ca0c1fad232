/**
 * The unsafe verdicts: images that make a hypervisor read other files (backing files, external
 * data files, VMDK extents, differencing disks), files two formats claim, absurd sizes and
 * broken headers. Each is made by qemu-img where it can make it, by hand where it cannot.
 */
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { inspectFile } from '../../../src/inspect/inspect.js';
import {
  guidBytes,
  patch,
  qemuImg,
  qemuInfo,
  readBytes,
  scratchDirectory,
  u32be,
  u32le,
  u64be,
  u64le,
  vhdChecksum,
  writeGpt,
  xorriso,
  type QemuInfo,
} from '../../helpers/disk-images.js';

const scratch = scratchDirectory();
afterAll(() => scratch.remove());

let counter = 0;
/** A fresh image made by qemu-img create. */
function create(format: string, size: string, ...options: string[]): string {
  counter += 1;
  const file = scratch.file(`image-${counter}.${format}`);
  qemuImg('create', '-f', format, ...options, file, size);
  return file;
}

function info(file: string): QemuInfo {
  const result = qemuInfo(file);
  if ('error' in result) {
    throw new Error(result.error);
  }
  return result;
}

describe('qcow2', () => {
  it('a backing file, in either version, with its format', async () => {
    const base = create('qcow2', '1G');
    for (const compat of ['0.10', '1.1']) {
      const child = create('qcow2', '1G', '-o', `compat=${compat}`, '-b', base, '-F', 'qcow2');
      const inspection = await inspectFile(child);
      expect(inspection).toMatchObject({ format: 'qcow2', safe: false, reasons: [`backing file "${base}"`] });
      expect(inspection.details).toMatchObject({ version: compat === '0.10' ? 2 : 3, backing_file: base, backing_file_format: 'qcow2' });
      expect(inspection.details.backing_file).toBe(info(child)['backing-filename']);
    }
  });

  it('an external data file, named or not', async () => {
    const data = scratch.file('data.raw');
    const image = create('qcow2', '1G', '-o', `data_file=${data},data_file_raw=on`);
    const inspection = await inspectFile(image);
    expect(inspection).toMatchObject({ safe: false, reasons: [`external data file "${data}"`], details: { data_file: data } });
    expect(info(image)['format-specific']?.data['data-file']).toBe(data);

    // The incompatible feature bit alone: the name is then given when the image is opened.
    const header = readBytes(image, 0, 512);
    const extensions = header.readUInt32BE(100);
    expect(header.toString('latin1', extensions, extensions + 4)).toBe('DATA');
    patch(image, extensions, u32be(0));
    expect(await inspectFile(image)).toMatchObject({ safe: false, reasons: ['external data file (named only when the image is opened)'], details: { data_file: null } });
  });

  it('unknown incompatible features, and a corrupt mark', async () => {
    const unknown = create('qcow2', '1G');
    patch(unknown, 72, u64be(1n << 20n));
    expect(await inspectFile(unknown)).toMatchObject({ safe: false, reasons: ['unknown incompatible qcow2 features 0x100000'] });
    expect(qemuInfo(unknown)).toEqual({ error: expect.stringContaining('Unsupported qcow2 feature') });

    const corrupt = create('qcow2', '1G');
    patch(corrupt, 72, u64be(2n));
    expect(await inspectFile(corrupt)).toMatchObject({ safe: false, reasons: ['marked corrupt by qemu'] });
    expect(info(corrupt)['format-specific']?.data.corrupt).toBe(true);
  });

  it('a virtual size that overflows, or that no disk has', async () => {
    const overflowing = create('qcow2', '1G');
    patch(overflowing, 24, u64be(2n ** 64n - 1n));
    expect(await inspectFile(overflowing)).toMatchObject({
      safe: false,
      virtual_size: 2 ** 64,
      reasons: ['virtual size 18446744073709551615 overflows a signed 64-bit integer'],
    });
    expect(qemuInfo(overflowing)).toHaveProperty('error');

    const absurd = create('qcow2', '1G');
    patch(absurd, 24, u64be(2n ** 60n));
    expect(await inspectFile(absurd)).toMatchObject({
      safe: false,
      virtual_size: 2 ** 60,
      reasons: ['its L1 table cannot map the virtual size 1152921504606846976', 'virtual size 1152921504606846976 is absurd (more than 8 PiB)'],
    });
    expect(qemuInfo(absurd)).toEqual({ error: expect.stringContaining('Image is too big') });
  });

  it('a truncated header', async () => {
    const truncated = scratch.file('truncated.qcow2');
    writeFileSync(truncated, readBytes(create('qcow2', '1G'), 0, 50));
    expect(await inspectFile(truncated)).toEqual({
      format: 'qcow2',
      virtual_size: null,
      size: 50,
      safe: false,
      reasons: ['the file ends inside the qcow2 header'],
      details: {},
    });
  });
});

describe('vmdk', () => {
  /** A sparse VMDK whose embedded descriptor is `edit`ed (it sits at sector 1, 20 sectors long). */
  function editDescriptor(file: string, edit: (text: string) => string): void {
    const text = readBytes(file, 512, 20 * 512).toString('latin1').replace(/\0+$/, '');
    const edited = Buffer.alloc(20 * 512);
    edited.write(edit(text), 'latin1');
    patch(file, 512, edited);
  }

  it('a parent image', async () => {
    const base = create('vmdk', '1G');
    const child = create('vmdk', '1G', '-b', base, '-F', 'vmdk');
    expect(await inspectFile(child)).toMatchObject({ safe: false, reasons: [`backing file "${base}"`], details: { parent: base } });
    expect(info(child)['backing-filename']).toBe(base);
  });

  it('a sparse file whose descriptor names another file', async () => {
    const sparse = create('vmdk', '1G');
    editDescriptor(sparse, (text) => text.replace(/(RW \d+ SPARSE "[^"]+")/, '$1\nRW 16 FLAT "/etc/hostname" 0'));
    expect(await inspectFile(sparse)).toMatchObject({ safe: false, virtual_size: 1024 ** 3, reasons: ['extent "/etc/hostname" (FLAT) is outside the file'] });
  });

  it('a sparse file with a capacity of 0, which qemu opens through its descriptor’s extents', async () => {
    const secret = scratch.file('secret.txt');
    writeFileSync(secret, 'x'.repeat(8192));
    const sparse = create('vmdk', '1G');
    patch(sparse, 12, u64le(0n));
    editDescriptor(sparse, (text) => text.replace(/RW \d+ SPARSE "[^"]+"/, `RW 16 FLAT "${secret}" 0`).replace('monolithicSparse', 'monolithicFlat'));
    // qemu reads the host file: the exploit this verdict is about.
    const qemu = info(sparse);
    expect(qemu['virtual-size']).toBe(8192);
    expect(JSON.stringify(qemu['format-specific'])).toContain(secret);
    expect(await inspectFile(sparse)).toMatchObject({
      format: 'vmdk',
      virtual_size: 8192,
      safe: false,
      reasons: ['create type "monolithicFlat" in a sparse file', 'a capacity of 0, so qemu reads the extents its descriptor names', `extent "${secret}" (FLAT) is outside the file`],
    });
  });

  it('a descriptor file naming a host file (CVE-2022-47951)', async () => {
    const secret = scratch.file('secret.txt');
    writeFileSync(secret, 'x'.repeat(8192));
    const descriptor = (extents: string): string =>
      // No blank line right before an extent: qemu 7.2 would read that extent twice.
      ['# Disk DescriptorFile', 'version=1', 'CID=12345678', 'parentCID=ffffffff', 'createType="monolithicFlat"', '# Extent description', extents, '', 'ddb.adapterType = "ide"', ''].join('\n');
    const hostile = scratch.file('hostile.vmdk');
    writeFileSync(hostile, descriptor(`RW 16 FLAT "${secret}" 0`));
    expect(info(hostile)).toMatchObject({ format: 'vmdk', 'virtual-size': 8192 });
    expect(await inspectFile(hostile)).toEqual({
      format: 'vmdk',
      virtual_size: 8192,
      size: readFileSync(hostile).length,
      safe: false,
      reasons: [`extent "${secret}" (FLAT) is outside the file`],
      details: { create_type: 'monolithicFlat', parent: null, extents: [{ access: 'RW', size: 8192, type: 'FLAT', file: secret, offset: 0 }] },
    });

    const binary = scratch.file('binary.vmdk');
    writeFileSync(binary, Buffer.from(descriptor('RW 16 FLAT "disk-flat.vmdk" 0').replace('monolithicFlat', 'mon\xffolithicFlat'), 'latin1'));
    expect(await inspectFile(binary)).toMatchObject({ format: 'vmdk', safe: false, reasons: ['a VMDK descriptor that is not text'] });
  });

  it('a descriptor line it does not understand, and a capacity that overflows', async () => {
    const odd = create('vmdk', '1G');
    editDescriptor(odd, (text) => `${text}\nrm -rf /\n`);
    expect(await inspectFile(odd)).toMatchObject({ safe: false, reasons: ['an unexpected VMDK descriptor line "rm -rf /"'] });

    const huge = create('vmdk', '1G');
    patch(huge, 12, u64le(2n ** 62n));
    expect(await inspectFile(huge)).toMatchObject({ safe: false, reasons: [`virtual size ${2n ** 71n} overflows a signed 64-bit integer`] });
  });
});

describe('differencing disks', () => {
  it('a differencing VHD names its parent', async () => {
    const image = create('vpc', '1G');
    const footer = readBytes(image, 0, 512);
    footer.writeUInt32BE(4, 60);
    vhdChecksum(footer, 64).copy(footer, 64);
    const header = readBytes(image, 512, 1024);
    header.write('parent.vhd', 64, 'utf16le');
    header.subarray(64, 84).swap16();
    vhdChecksum(header, 36).copy(header, 36);
    patch(image, 0, footer);
    patch(image, 512, header);
    patch(image, readFileSync(image).length - 512, footer);
    // qemu opens it without its parent: the disk reads as zeros where the parent has data.
    expect(info(image).format).toBe('vpc');
    expect(await inspectFile(image)).toMatchObject({
      format: 'vhd',
      safe: false,
      reasons: ['backing file "parent.vhd" (a differencing disk)'],
      details: { type: 'differencing', parent: 'parent.vhd' },
    });
  });

  it('a differencing VHDX, by its flag and by its parent locator', async () => {
    const image = create('vhdx', '1G');
    const metadata = 3 * 1024 * 1024;
    expect(readBytes(image, metadata, 8).toString('latin1')).toBe('metadata');
    const table = readBytes(image, metadata, 64 * 1024);
    const count = table.readUInt16LE(10);
    const entries = Array.from({ length: count }, (_, index) => table.subarray(32 + index * 32, 64 + index * 32));
    const parameters = entries.find((entry) => entry.subarray(0, 16).equals(guidBytes('CAA16737-FA36-4D43-B3B6-33F0AA44E76B')))!;
    const flagsAt = metadata + parameters.readUInt32LE(16) + 4;
    patch(image, flagsAt, u32le(readBytes(image, flagsAt, 4).readUInt32LE(0) | 2));
    expect(await inspectFile(image)).toMatchObject({ format: 'vhdx', safe: false, reasons: ['a parent disk (a differencing VHDX)'], details: { parent: null } });
    expect(qemuInfo(image)).toHaveProperty('error');

    // A parent locator item, as Hyper-V writes one, in free space of the metadata region.
    const locatorAt = 512 * 1024;
    const keys = [
      ['parent_linkage', '{83ab2f1c-0000-0000-0000-000000000000}'],
      ['relative_path', '.\\parent.vhdx'],
    ];
    const strings: Buffer[] = [];
    const keyValues = Buffer.alloc(keys.length * 12);
    let offset = 20 + keyValues.length;
    keys.forEach(([key, value], index) => {
      const keyBytes = Buffer.from(key!, 'utf16le');
      const valueBytes = Buffer.from(value!, 'utf16le');
      keyValues.writeUInt32LE(offset, index * 12);
      keyValues.writeUInt32LE(offset + keyBytes.length, index * 12 + 4);
      keyValues.writeUInt16LE(keyBytes.length, index * 12 + 8);
      keyValues.writeUInt16LE(valueBytes.length, index * 12 + 10);
      strings.push(keyBytes, valueBytes);
      offset += keyBytes.length + valueBytes.length;
    });
    const locatorHeader = Buffer.alloc(20);
    guidBytes('B04AEFB7-D19E-4A81-B789-25B8E9445913').copy(locatorHeader, 0);
    locatorHeader.writeUInt16LE(keys.length, 18);
    const locator = Buffer.concat([locatorHeader, keyValues, ...strings]);
    patch(image, metadata + locatorAt, locator);
    const entry = Buffer.alloc(32);
    guidBytes('A8D35F2D-B30B-454D-ABF7-D3D84834AB0C').copy(entry, 0);
    entry.writeUInt32LE(locatorAt, 16);
    entry.writeUInt32LE(locator.length, 20);
    patch(image, metadata + 32 + count * 32, entry);
    patch(image, metadata + 10, Buffer.from([count + 1, 0]));
    expect(await inspectFile(image)).toMatchObject({ safe: false, reasons: ['backing file ".\\\\parent.vhdx" (a differencing VHDX)'], details: { parent: '.\\parent.vhdx' } });
  });

  it('a differencing VDI', async () => {
    const image = create('vdi', '1G');
    patch(image, 76, u32le(4));
    expect(await inspectFile(image)).toMatchObject({ format: 'vdi', safe: false, reasons: ['a differencing VDI image, which reads through a parent image'], details: { type: 'differencing' } });
  });
});

describe('format confusion: a file two formats claim', () => {
  function iso(): string {
    const tree = scratch.file(`tree-${++counter}`);
    qemuImg('create', '-f', 'raw', `${tree}.txt`, '4k');
    const file = scratch.file(`disc-${counter}.iso`);
    xorriso('-as', 'mkisofs', '-quiet', '-V', 'CONFUSED', '-o', file, `${tree}.txt`);
    return file;
  }

  it('an ISO whose system area holds a qcow2 header (CVE-2024-32498): qemu sees a qcow2', async () => {
    const file = iso();
    const qcow2 = create('qcow2', '1G', '-b', '/etc/hostname', '-F', 'raw');
    patch(file, 0, readBytes(qcow2, 0, 1024));
    expect(info(file)).toMatchObject({ format: 'qcow2', 'backing-filename': '/etc/hostname' });
    expect(await inspectFile(file)).toMatchObject({
      format: 'qcow2',
      safe: false,
      reasons: ['matches more than one format: qcow2 header at offset 0, ISO volume descriptor at offset 32768', 'backing file "/etc/hostname"'],
    });
  });

  it('an ISO whose system area holds a VMDK descriptor naming a host file', async () => {
    const file = iso();
    patch(file, 0, '# Disk DescriptorFile\nversion=1\nCID=12345678\nparentCID=ffffffff\ncreateType="monolithicFlat"\nRW 16 FLAT "/etc/hostname" 0\n\0');
    expect(info(file).format).toBe('vmdk');
    expect(await inspectFile(file)).toMatchObject({
      format: 'vmdk',
      safe: false,
      reasons: ['matches more than one format: VMDK descriptor at offset 0, ISO volume descriptor at offset 32768', 'extent "/etc/hostname" (FLAT) is outside the file'],
    });
  });

  it('a GPT disk carrying a qcow2 header in its boot code', async () => {
    const disk = create('raw', '8M');
    writeGpt(disk, 16384);
    patch(disk, 0, readBytes(create('qcow2', '1G'), 0, 104));
    expect(info(disk).format).toBe('qcow2');
    expect(await inspectFile(disk)).toMatchObject({ format: 'qcow2', safe: false, reasons: ['matches more than one format: qcow2 header at offset 0, GPT header at offset 512'] });
  });

  it('a fixed VHD whose data begins with a qcow2 header', async () => {
    const wrapped = scratch.file('wrapped.vhd');
    qemuImg('convert', '-f', 'raw', '-O', 'vpc', '-o', 'subformat=fixed', create('qcow2', '1G'), wrapped);
    expect(info(wrapped).format).toBe('qcow2');
    const inspection = await inspectFile(wrapped);
    expect(inspection).toMatchObject({ format: 'qcow2', safe: false });
    expect(inspection.reasons).toEqual([expect.stringMatching(/^matches more than one format: qcow2 header at offset 0, VHD footer at offset \d+$/)]);
  });

  it('a plain copy of either is safe', async () => {
    expect(await inspectFile(iso())).toMatchObject({ format: 'iso', safe: true });
    const disk = create('raw', '8M');
    writeGpt(disk, 16384);
    expect(await inspectFile(disk)).toMatchObject({ format: 'raw', safe: true });
    const copy = scratch.file('copy.qcow2');
    copyFileSync(create('qcow2', '1G'), copy);
    expect(await inspectFile(copy)).toMatchObject({ format: 'qcow2', safe: true });
  });
});
