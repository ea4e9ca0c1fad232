import { describe, expect, it } from 'vitest';
import { humanSize } from '../../../src/output/humanize.js';
import { pyJsonDumps, pyStr } from '../../../src/output/pyformat.js';
import { renderTable } from '../../../src/output/table.js';

// Every expected table below was printed by python-glanceclient 4.1.0's own print_dict,
// print_image and print_list (prettytable 3.6.0, wcwidth 0.2.5, Python 3.11) from the same data.

/** The rows glanceclient's print_dict builds: JSON for dicts and lists, Python str() for the rest. */
function propertyRows(record: Record<string, unknown>): string[][] {
  return Object.entries(record).map(([key, value]) => [
    key,
    typeof value === 'object' && value !== null ? pyJsonDumps(value) : pyStr(value),
  ]);
}

/** print_dict: a Property/Value table sorted by Property. */
function printDict(record: Record<string, unknown>, maxWidth = 80): string {
  return renderTable(['Property', 'Value'], propertyRows(record), { maxWidth, sortBy: 0 });
}

/** print_image: print_dict without the link fields, with an optional human-readable size. */
function printImage(image: Record<string, unknown>, options: { maxWidth?: number; humanReadable?: boolean } = {}): string {
  const shown = Object.fromEntries(
    Object.entries(image).filter(([key]) => !['self', 'access', 'file', 'schema'].includes(key)),
  );
  if ('virtual_size' in shown) {
    shown.virtual_size = shown.virtual_size || 'Not available';
  }
  if (options.humanReadable) {
    shown.size = humanSize(shown.size as number | null);
  }
  return printDict(shown, options.maxWidth);
}

const IMAGE: Record<string, unknown> = JSON.parse(
  '{"checksum": "4baa4e8d06946979f7ff531268360596", "container_format": "bare", "created_at": "2026-11-25T11:06:54Z", "disk_format": "qcow2", "id": "b0aed5c2-2321-4cfb-8282-21efe1a6be55", "min_disk": 0, "min_ram": 0, "name": "web-test", "os_hash_algo": "sha512", "os_hash_value": "26de41bd4512c297e264d24ac9ced4c509e8f60eb3cd2fbf7168fa1fca893e5c6a7c892b49f0799bc458f1e496f16488ceffb04e030897b80ed427233b8ac3e6", "os_hidden": false, "owner": "a9b461c6532143879b812fd3aba13ae5", "protected": false, "size": 4521984, "status": "active", "stores": "fast,cheap", "tags": [], "updated_at": "2026-11-25T11:06:57Z", "virtual_size": 67108864, "visibility": "shared", "os_glance_failed_import": "", "hw_foo": "bar", "file": "/v2/images/b0aed5c2/file", "self": "/v2/images/b0aed5c2", "schema": "/v2/schemas/image"}',
);

describe('renderTable', () => {
  it('prints image-show with the sha512 os_hash_value wrapped at the default width 80', () => {
    const expected = [
      '+-------------------------+----------------------------------------------------------------------------------+',
      '| Property                | Value                                                                            |',
      '+-------------------------+----------------------------------------------------------------------------------+',
      '| checksum                | 4baa4e8d06946979f7ff531268360596                                                 |',
      '| container_format        | bare                                                                             |',
      '| created_at              | 2026-11-25T11:06:54Z                                                             |',
      '| disk_format             | qcow2                                                                            |',
      '| hw_foo                  | bar                                                                              |',
      '| id                      | b0aed5c2-2321-4cfb-8282-21efe1a6be55                                             |',
      '| min_disk                | 0                                                                                |',
      '| min_ram                 | 0                                                                                |',
      '| name                    | web-test                                                                         |',
      '| os_glance_failed_import |                                                                                  |',
      '| os_hash_algo            | sha512                                                                           |',
      '| os_hash_value           | 26de41bd4512c297e264d24ac9ced4c509e8f60eb3cd2fbf7168fa1fca893e5c6a7c892b49f0799b |',
      '|                         | c458f1e496f16488ceffb04e030897b80ed427233b8ac3e6                                 |',
      '| os_hidden               | False                                                                            |',
      '| owner                   | a9b461c6532143879b812fd3aba13ae5                                                 |',
      '| protected               | False                                                                            |',
      '| size                    | 4521984                                                                          |',
      '| status                  | active                                                                           |',
      '| stores                  | fast,cheap                                                                       |',
      '| tags                    | []                                                                               |',
      '| updated_at              | 2026-11-25T11:06:57Z                                                             |',
      '| virtual_size            | 67108864                                                                         |',
      '| visibility              | shared                                                                           |',
      '+-------------------------+----------------------------------------------------------------------------------+',
    ].join('\n');
    expect(printImage(IMAGE)).toBe(expected);
  });

  it('wraps the sha512 os_hash_value into four lines at --max-column-width 40', () => {
    const expected = [
      '+-------------------------+------------------------------------------+',
      '| Property                | Value                                    |',
      '+-------------------------+------------------------------------------+',
      '| checksum                | 4baa4e8d06946979f7ff531268360596         |',
      '| container_format        | bare                                     |',
      '| created_at              | 2026-11-25T11:06:54Z                     |',
      '| disk_format             | qcow2                                    |',
      '| hw_foo                  | bar                                      |',
      '| id                      | b0aed5c2-2321-4cfb-8282-21efe1a6be55     |',
      '| min_disk                | 0                                        |',
      '| min_ram                 | 0                                        |',
      '| name                    | web-test                                 |',
      '| os_glance_failed_import |                                          |',
      '| os_hash_algo            | sha512                                   |',
      '| os_hash_value           | 26de41bd4512c297e264d24ac9ced4c509e8f60e |',
      '|                         | b3cd2fbf7168fa1fca893e5c6a7c892b49f0799b |',
      '|                         | c458f1e496f16488ceffb04e030897b80ed42723 |',
      '|                         | 3b8ac3e6                                 |',
      '| os_hidden               | False                                    |',
      '| owner                   | a9b461c6532143879b812fd3aba13ae5         |',
      '| protected               | False                                    |',
      '| size                    | 4521984                                  |',
      '| status                  | active                                   |',
      '| stores                  | fast,cheap                               |',
      '| tags                    | []                                       |',
      '| updated_at              | 2026-11-25T11:06:57Z                     |',
      '| virtual_size            | 67108864                                 |',
      '| visibility              | shared                                   |',
      '+-------------------------+------------------------------------------+',
    ].join('\n');
    expect(printImage(IMAGE, { maxWidth: 40 })).toBe(expected);
  });

  it('prints image-show --human-readable', () => {
    const expected = [
      '+-------------------------+----------------------------------------------------------------------------------+',
      '| Property                | Value                                                                            |',
      '+-------------------------+----------------------------------------------------------------------------------+',
      '| checksum                | 4baa4e8d06946979f7ff531268360596                                                 |',
      '| container_format        | bare                                                                             |',
      '| created_at              | 2026-11-25T11:06:54Z                                                             |',
      '| disk_format             | qcow2                                                                            |',
      '| hw_foo                  | bar                                                                              |',
      '| id                      | b0aed5c2-2321-4cfb-8282-21efe1a6be55                                             |',
      '| min_disk                | 0                                                                                |',
      '| min_ram                 | 0                                                                                |',
      '| name                    | web-test                                                                         |',
      '| os_glance_failed_import |                                                                                  |',
      '| os_hash_algo            | sha512                                                                           |',
      '| os_hash_value           | 26de41bd4512c297e264d24ac9ced4c509e8f60eb3cd2fbf7168fa1fca893e5c6a7c892b49f0799b |',
      '|                         | c458f1e496f16488ceffb04e030897b80ed427233b8ac3e6                                 |',
      '| os_hidden               | False                                                                            |',
      '| owner                   | a9b461c6532143879b812fd3aba13ae5                                                 |',
      '| protected               | False                                                                            |',
      '| size                    | 4.3MB                                                                            |',
      '| status                  | active                                                                           |',
      '| stores                  | fast,cheap                                                                       |',
      '| tags                    | []                                                                               |',
      '| updated_at              | 2026-11-25T11:06:57Z                                                             |',
      '| virtual_size            | 67108864                                                                         |',
      '| visibility              | shared                                                                           |',
      '+-------------------------+----------------------------------------------------------------------------------+',
    ].join('\n');
    expect(printImage(IMAGE, { humanReadable: true })).toBe(expected);
  });

  it('wraps import-info right after the hyphen of "glance-direct"', () => {
    const importInfo = JSON.parse(
      '{"import-methods": {"description": "Import methods available.", "type": "array", "value": ["glance-direct", "web-download", "copy-image"]}}',
    ) as Record<string, unknown>;
    const expected = [
      '+----------------+----------------------------------------------------------------------------------+',
      '| Property       | Value                                                                            |',
      '+----------------+----------------------------------------------------------------------------------+',
      '| import-methods | {"description": "Import methods available.", "type": "array", "value": ["glance- |',
      '|                | direct", "web-download", "copy-image"]}                                          |',
      '+----------------+----------------------------------------------------------------------------------+',
    ].join('\n');
    expect(printDict(importInfo)).toBe(expected);
  });

  it('wraps stores-info on spaces, keeping the trailing space of a full line', () => {
    const storesInfo = JSON.parse(
      '{"stores": [{"id": "fast", "description": "Fast file store (default)", "default": "true"}, {"id": "cheap", "description": "Cheap file store"}]}',
    ) as Record<string, unknown>;
    const expected = [
      '+----------+----------------------------------------------------------------------------------+',
      '| Property | Value                                                                            |',
      '+----------+----------------------------------------------------------------------------------+',
      '| stores   | [{"id": "fast", "description": "Fast file store (default)", "default": "true"},  |',
      '|          | {"id": "cheap", "description": "Cheap file store"}]                              |',
      '+----------+----------------------------------------------------------------------------------+',
    ].join('\n');
    expect(printDict(storesInfo)).toBe(expected);
  });

  it('wraps the long JSON of stores-info --detail over six lines', () => {
    const storesDetail = JSON.parse(
      '{"stores": [{"id": "fast", "description": "Fast file store (default)", "default": "true", "type": "file", "properties": {"data_dir": "/var/lib/glance/images/fast", "chunk_size": 65536, "thin_provisioning": false}}, {"id": "cheap", "description": "Cheap file store", "type": "file", "properties": {"data_dir": "/var/lib/glance/images/cheap", "chunk_size": 65536, "thin_provisioning": false}}]}',
    ) as Record<string, unknown>;
    const expected = [
      '+----------+----------------------------------------------------------------------------------+',
      '| Property | Value                                                                            |',
      '+----------+----------------------------------------------------------------------------------+',
      '| stores   | [{"id": "fast", "description": "Fast file store (default)", "default": "true",   |',
      '|          | "type": "file", "properties": {"data_dir": "/var/lib/glance/images/fast",        |',
      '|          | "chunk_size": 65536, "thin_provisioning": false}}, {"id": "cheap",               |',
      '|          | "description": "Cheap file store", "type": "file", "properties": {"data_dir":    |',
      '|          | "/var/lib/glance/images/cheap", "chunk_size": 65536, "thin_provisioning":        |',
      '|          | false}}]                                                                         |',
      '+----------+----------------------------------------------------------------------------------+',
    ].join('\n');
    expect(printDict(storesDetail)).toBe(expected);
  });

  it('prints an empty list as the header block and a closing rule', () => {
    const expected = [
      '+----+------+',
      '| ID | Name |',
      '+----+------+',
      '+----+------+',
    ].join('\n');
    expect(renderTable(['ID', 'Name'], [])).toBe(expected);
  });

  it('prints a verbose image list with empty cells, in the given row order', () => {
    const rows = [
      ['7f0e0a5e-1c77-4c7a-9b39-2b6a8f0d1f11', 'cirros', 'qcow2', 'bare', '21430272', 'active', 'a9b461c6532143879b812fd3aba13ae5'],
      ['0b9e6b8c-5f3f-4f7e-8f57-3a1f3c1c2d22', '', '', '', '', 'queued', 'a9b461c6532143879b812fd3aba13ae5'],
      ['5c1d2e3f-aaaa-4bbb-8ccc-ddddeeeeffff', 'empty', 'raw', 'bare', '', 'active', ''],
    ];
    const expected = [
      '+--------------------------------------+--------+-------------+------------------+----------+--------+----------------------------------+',
      '| ID                                   | Name   | Disk_format | Container_format | Size     | Status | Owner                            |',
      '+--------------------------------------+--------+-------------+------------------+----------+--------+----------------------------------+',
      '| 7f0e0a5e-1c77-4c7a-9b39-2b6a8f0d1f11 | cirros | qcow2       | bare             | 21430272 | active | a9b461c6532143879b812fd3aba13ae5 |',
      '| 0b9e6b8c-5f3f-4f7e-8f57-3a1f3c1c2d22 |        |             |                  |          | queued | a9b461c6532143879b812fd3aba13ae5 |',
      '| 5c1d2e3f-aaaa-4bbb-8ccc-ddddeeeeffff | empty  | raw         | bare             |          | active |                                  |',
      '+--------------------------------------+--------+-------------+------------------+----------+--------+----------------------------------+',
    ].join('\n');
    expect(renderTable(['ID', 'Name', 'Disk_format', 'Container_format', 'Size', 'Status', 'Owner'], rows)).toBe(expected);
  });

  it('prints list cells as Python reprs', () => {
    const rows = [
      ['7f0e0a5e-1c77-4c7a-9b39-2b6a8f0d1f11', pyStr(['smoke', "it's", 'ünï'])],
      ['0', ''],
    ];
    const expected = [
      '+--------------------------------------+--------------------------+',
      '| ID                                   | Tags                     |',
      '+--------------------------------------+--------------------------+',
      '| 7f0e0a5e-1c77-4c7a-9b39-2b6a8f0d1f11 | [\'smoke\', "it\'s", \'ünï\'] |',
      '| 0                                    |                          |',
      '+--------------------------------------+--------------------------+',
    ].join('\n');
    expect(renderTable(['ID', 'Tags'], rows)).toBe(expected);
  });

  it('sorts properties in code-point order: uppercase, then "_", then lowercase', () => {
    const record = {
      checksum: '4baa4e8d06946979f7ff531268360596',
      "Property 'os_distro'": 'cirros',
      "Property 'hw_foo'": 'bar',
      id: 'b0aed5c2',
      _private: 'x',
      Zeta: 'upper',
      name: 'cirros',
      Name: 'Upper',
      status: 'active',
    };
    const expected = [
      '+----------------------+----------------------------------+',
      '| Property             | Value                            |',
      '+----------------------+----------------------------------+',
      '| Name                 | Upper                            |',
      "| Property 'hw_foo'    | bar                              |",
      "| Property 'os_distro' | cirros                           |",
      '| Zeta                 | upper                            |',
      '| _private             | x                                |',
      '| checksum             | 4baa4e8d06946979f7ff531268360596 |',
      '| id                   | b0aed5c2                         |',
      '| name                 | cirros                           |',
      '| status               | active                           |',
      '+----------------------+----------------------------------+',
    ].join('\n');
    expect(printDict(record)).toBe(expected);
  });

  it('sorts astral characters after the rest of the BMP, as Python does', () => {
    const record = { '\uff01': 'fullwidth exclamation', '\u{1F600}': 'grinning face', z: 'ascii' };
    const expected = [
      '+----------+-----------------------+',
      '| Property | Value                 |',
      '+----------+-----------------------+',
      '| z        | ascii                 |',
      '| ！       | fullwidth exclamation |',
      '| 😀       | grinning face         |',
      '+----------+-----------------------+',
    ].join('\n');
    expect(printDict(record)).toBe(expected);
  });

  it('breaks ties of the sort column with the rest of the row', () => {
    const rows = [
      ['b', 'z'],
      ['a', 'y'],
      ['b', 'x'],
      ['a', 'Z'],
    ];
    expect(renderTable(['K', 'V'], rows, { sortBy: 0 })).toBe(
      ['+---+---+', '| K | V |', '+---+---+', '| a | Z |', '| a | y |', '| b | x |', '| b | z |', '+---+---+'].join('\n'),
    );
  });

  it('counts East Asian wide characters as two columns', () => {
    const record = {
      name: '中文镜像',
      description: '这是一个非常长的中文描述用于测试宽字符在表格中的换行与对齐效果是否一致',
      os_distro: 'ｕｂｕｎｔｕ',
    };
    const expected = [
      '+-------------+------------------------------------------------------------------------+',
      '| Property    | Value                                                                  |',
      '+-------------+------------------------------------------------------------------------+',
      '| description | 这是一个非常长的中文描述用于测试宽字符在表格中的换行与对齐效果是否一致 |',
      '| name        | 中文镜像                                                               |',
      '| os_distro   | ｕｂｕｎｔｕ                                                           |',
      '+-------------+------------------------------------------------------------------------+',
    ].join('\n');
    expect(printDict(record)).toBe(expected);
  });

  it('lets wrapped wide characters overflow their column, as prettytable does', () => {
    const record = {
      name: '中文镜像',
      description: '这是一个非常长的中文描述用于测试宽字符在表格中的换行与对齐效果是否一致',
      os_distro: 'ｕｂｕｎｔｕ',
    };
    const expected = [
      '+-------------+----------------------+',
      '| Property    | Value                |',
      '+-------------+----------------------+',
      '| description | 这是一个非常长的中文描述用于测试宽字符在 |',
      '|             | 表格中的换行与对齐效果是否一致 |',
      '| name        | 中文镜像             |',
      '| os_distro   | ｕｂｕｎｔｕ         |',
      '+-------------+----------------------+',
    ].join('\n');
    expect(printDict(record, 20)).toBe(expected);
  });

  it('keeps embedded newlines and wraps each line separately', () => {
    const record = {
      description: 'First line\nSecond line is rather long and will need to be wrapped at the column width\n\n  indented last line',
      name: 'multi',
    };
    const expected = [
      '+-------------+--------------------------------+',
      '| Property    | Value                          |',
      '+-------------+--------------------------------+',
      '| description | First line                     |',
      '|             | Second line is rather long and |',
      '|             | will need to be wrapped at the |',
      '|             | column width                   |',
      '|             |                                |',
      '|             |   indented last line           |',
      '| name        | multi                          |',
      '+-------------+--------------------------------+',
    ].join('\n');
    expect(printDict(record, 30)).toBe(expected);
  });

  it('wraps at the header width when a header is wider than maxWidth', () => {
    const record = { min_disk: 0, os_hash_algo: 'sha512', name: 'a b c d e f g h i j' };
    const expected = [
      '+----------+-------+',
      '| Property | Value |',
      '+----------+-------+',
      '| min_disk | 0     |',
      '| name     | a b c |',
      '|          | d e f |',
      '|          | g h i |',
      '|          | j     |',
      '| os_hash_ | sha51 |',
      '| algo     | 2     |',
      '+----------+-------+',
    ].join('\n');
    expect(printDict(record, 5)).toBe(expected);
  });

  it('pads a value holding a tab one space past the column, as wcwidth -1 makes prettytable do', () => {
    const expected = [
      '+-------------+-------+',
      '| Property    | Value |',
      '+-------------+-------+',
      '| description | tab\there       |',
      '| name        | x     |',
      '+-------------+-------+',
    ].join('\n');
    expect(printDict({ description: 'tab\there', name: 'x' })).toBe(expected);
  });

  it('measures combining marks, zero-width joiners and emoji as wcwidth does', () => {
    const record = {
      name: 'rocket 🚀 launch',
      family: '👨\u200d👩\u200d👧',
      accent: 'cafe\u0301',
    };
    const expected = [
      '+----------+------------------+',
      '| Property | Value            |',
      '+----------+------------------+',
      '| accent   | cafe\u0301             |',
      '| family   | 👨\u200d👩\u200d👧           |',
      '| name     | rocket 🚀 launch |',
      '+----------+------------------+',
    ].join('\n');
    expect(printDict(record)).toBe(expected);
  });

  it('prints an all-blank value that needs wrapping as an empty cell', () => {
    const expected = [
      '+----------+------------+',
      '| Property | Value      |',
      '+----------+------------+',
      '| blank    |            |',
      '| name     | x          |',
      '+----------+------------+',
    ].join('\n');
    expect(printDict({ blank: ' '.repeat(30), name: 'x' }, 10)).toBe(expected);
  });

  it('draws a list of hundreds of rows (drawn directly, not with cli-table3) in the same layout', () => {
    const rows = Array.from({ length: 250 }, (_, index) => [`image-${String(index).padStart(3, '0')}`, index % 2 ? 'active' : 'queued']);
    const expected = [
      '+-----------+--------+',
      '| Name      | Status |',
      '+-----------+--------+',
      ...rows.map(([name, status]) => `| ${name} | ${status} |`),
      '+-----------+--------+',
    ].join('\n');
    expect(renderTable(['Name', 'Status'], rows)).toBe(expected);
    expect(renderTable(['Name', 'Status'], rows, { drawWith: 'cli-table3' })).toBe(expected);
  });

  it('draws the same tables with cli-table3 and directly', () => {
    // A small seeded generator (mulberry32), so that a failure can be replayed.
    let seed = 20261125;
    const random = (): number => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const pick = (alphabet: string[]): string => alphabet[Math.floor(random() * alphabet.length)]!;
    const text = (alphabet: string[], longest: number): string =>
      Array.from({ length: Math.floor(random() * (longest + 1)) }, () => pick(alphabet)).join('');
    const ascii = [...'abcdefghijklmnopqrstuvwxyz0123456789-_:,.{}"\'[] ', '  '];
    const wide = [...ascii, '漢', '字', 'é', 'ß', 'Ж'];
    for (let table = 0; table < 60; table++) {
      const wrapped = random() < 0.5;
      const alphabet = wrapped ? ascii : wide;
      const columns = 1 + Math.floor(random() * 4);
      const headers = Array.from({ length: columns }, (_, column) => `H${column}${text(ascii.slice(0, 26), 6)}`);
      const rows = Array.from({ length: Math.floor(random() * 15) }, () => Array.from({ length: columns }, () => text(alphabet, 50)));
      const options = { maxWidth: wrapped ? 5 + Math.floor(random() * 40) : undefined, sortBy: random() < 0.5 ? 0 : undefined };
      const direct = renderTable(headers, rows, { ...options, drawWith: 'direct' });
      expect(renderTable(headers, rows, { ...options, drawWith: 'cli-table3' })).toBe(direct);
      expect(renderTable(headers, rows, options)).toBe(direct);
    }
  });

  it('centres headings and cells as prettytable does by default (cache-list), str.center splitting an odd excess by the text width', () => {
    const rows = [
      ['abc', 'cached', '100000', '0'],
      ['abcd', 'queued', 'N/A', 'N/A'],
      ['x', 'q', '7', '12345'],
    ];
    expect(renderTable(['ID', 'State', 'Size', 'Hits'], rows, { align: 'center' })).toBe(
      [
        '+------+--------+--------+-------+',
        '|  ID  | State  |  Size  |  Hits |',
        '+------+--------+--------+-------+',
        '| abc  | cached | 100000 |   0   |',
        '| abcd | queued |  N/A   |  N/A  |',
        '|  x   |   q    |   7    | 12345 |',
        '+------+--------+--------+-------+',
      ].join('\n'),
    );
    expect(renderTable(['ID', 'State'], [], { align: 'center' })).toBe(['+----+-------+', '| ID | State |', '+----+-------+', '+----+-------+'].join('\n'));
  });

  it('rejects a row whose length differs from the headers', () => {
    expect(() => renderTable(['ID', 'Name'], [['only-one']])).toThrow(RangeError);
  });
});
