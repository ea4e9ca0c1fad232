import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import type { ListResult, RecordResult } from '../../../src/output/model.js';
import { DEFAULT_OUTPUT, formatResult, shellName, type OutputOptions } from '../../../src/output/print.js';
import { escapeControls } from '../../../src/terminal.js';

const HOSTILE = {
  quote: 'say "hi" and \'bye\'',
  dollar: '$(touch /tmp/pwned) `id` $HOME \\',
  newline: 'line one\nline two',
  unicode: 'Ünïcødé 画像 🚀',
  empty: [],
  nothing: null,
  tags: ['a', 'b c'],
  size: 1024,
  protected: false,
};

const record: RecordResult = { kind: 'record', data: HOSTILE };
const list: ListResult = {
  kind: 'list',
  columns: [{ label: 'ID' }, { label: 'Name' }, { label: 'Size' }, { label: 'Tags' }],
  rows: [
    { id: 'b', name: 'two "quoted", with comma', size: 20, tags: [] },
    { id: 'a', name: null, size: 3, tags: ['x'] },
  ],
};

const format = (result: RecordResult | ListResult, options: Partial<OutputOptions>): Promise<string> => formatResult(result, { ...DEFAULT_OUTPUT, ...options });

describe('json', () => {
  it('keeps the API types: numbers, booleans, lists, null', async () => {
    expect(JSON.parse(await format(record, { format: 'json' }))).toEqual(HOSTILE);
  });

  it('keys list rows by the column headings, --noindent on one line', async () => {
    expect(await format(list, { format: 'json', noindent: true })).toBe(
      '[{"ID":"b","Name":"two \\"quoted\\", with comma","Size":20,"Tags":[]},{"ID":"a","Name":null,"Size":3,"Tags":["x"]}]\n',
    );
  });
});

describe('yaml', () => {
  it('prints the same data as json', async () => {
    const { parse } = await import('yaml');
    expect(parse(await format(record, { format: 'yaml' }))).toEqual(HOSTILE);
  });
});

describe('value', () => {
  it('prints values only, one record per line, nothing for null', async () => {
    expect(await format(list, { format: 'value', columns: ['ID', 'Size'] })).toBe('b 20\na 3\n');
    expect(await format(record, { format: 'value', columns: ['nothing', 'size', 'empty', 'protected'] })).toBe(' 1024 [] False\n');
  });

  it('escapes control characters only for a terminal', async () => {
    const hostile: RecordResult = { kind: 'record', data: { name: 'evil\u001b]0;pwned\u0007\u202eexe.txt' } };
    expect(await format(hostile, { format: 'value' })).toBe('evil\u001b]0;pwned\u0007\u202eexe.txt\n');
    expect(await format(hostile, { format: 'value', terminal: true })).toBe('evil\\x1b]0;pwned\\x07\\u202eexe.txt\n');
  });
});

describe('csv', () => {
  it('quotes non-numeric fields by default, RFC 4180 doubling', async () => {
    expect(await format(list, { format: 'csv' })).toBe('"ID","Name","Size","Tags"\n"b","two ""quoted"", with comma",20,"[]"\n"a","",3,"[""x""]"\n');
  });

  it.each([
    ['all', '"ID","Size"\n"b","20"\n"a","3"\n'],
    ['minimal', 'ID,Size\nb,20\na,3\n'],
    ['none', 'ID,Size\nb,20\na,3\n'],
  ] as const)('--quote %s', async (quote, expected) => {
    expect(await format(list, { format: 'csv', quote, columns: ['ID', 'Size'] })).toBe(expected);
  });

  it('--quote minimal and none deal with commas, quotes and newlines', async () => {
    const tricky: ListResult = { kind: 'list', columns: [{ label: 'Name' }], rows: [{ name: 'a,b "c"\nd' }] };
    expect(await format(tricky, { format: 'csv', quote: 'minimal' })).toBe('Name\n"a,b ""c""\nd"\n');
    expect(await format(tricky, { format: 'csv', quote: 'none' })).toBe('Name\na\\,b \\"c\\"\\\nd\n');
  });
});

describe('shell', () => {
  it('prints lines a POSIX shell evaluates back to the exact values', async () => {
    const text = await format(record, { format: 'shell', prefix: 'img_' });
    const script = `${text}\nprintf '%s\\0' "$img_quote" "$img_dollar" "$img_newline" "$img_unicode" "$img_empty" "$img_nothing" "$img_tags" "$img_size" "$img_protected"`;
    const values = execFileSync('sh', ['-c', `eval "$(cat)"`], { input: script }).toString('utf8').split('\0');
    expect(values.slice(0, -1)).toEqual([HOSTILE.quote, HOSTILE.dollar, HOSTILE.newline, HOSTILE.unicode, '[]', '', '["a","b c"]', '1024', 'False']);
  });

  it('turns any field name into a shell identifier', () => {
    expect([shellName('os_hash_value'), shellName('Disk Format'), shellName("Property 'x-y'"), shellName('2fa')]).toEqual([
      'os_hash_value',
      'disk_format',
      'property__x_y_',
      '_2fa',
    ]);
  });

  it('is for one record: a list is a usage error', async () => {
    await expect(format(list, { format: 'shell' })).rejects.toThrow(UsageError);
  });
});

describe('-c and --sort-column', () => {
  it('selects and orders fields; an unknown one names the valid ones', async () => {
    expect(await format(record, { format: 'json', noindent: true, columns: ['size', 'quote'] })).toBe(`{"size":1024,"quote":${JSON.stringify(HOSTILE.quote)}}\n`);
    await expect(format(list, { columns: ['Bogus'] })).rejects.toThrow("argument -c/--column: invalid choice: 'Bogus' (choose from 'ID', 'Name', 'Size', 'Tags')");
  });

  it('sorts lists client-side, numbers by value, both directions', async () => {
    expect(await format(list, { format: 'value', columns: ['ID'], sortColumns: ['Size'] })).toBe('a\nb\n');
    expect(await format(list, { format: 'value', columns: ['ID'], sortColumns: ['ID'], sortDescending: true })).toBe('b\na\n');
  });

  it('table: -c keeps the order given instead of sorting by property', async () => {
    expect(await format(record, { columns: ['size', 'protected'] })).toBe(
      '+-----------+-------+\n| Property  | Value |\n+-----------+-------+\n| size      | 1024  |\n| protected | False |\n+-----------+-------+\n',
    );
  });
});

describe('tables', () => {
  it('escape control characters and bidi overrides in cells and property names, keep newlines', async () => {
    const hostile: RecordResult = { kind: 'record', data: { 'x\u001b[2J': 'a\rb\u009b\u202e', multi: 'one\ntwo' } };
    expect(await format(hostile, {})).toBe(
      [
        '+----------+------------------+',
        '| Property | Value            |',
        '+----------+------------------+',
        '| multi    | one              |',
        '|          | two              |',
        '| x\\x1b[2J | a\\x0db\\x9b\\u202e |',
        '+----------+------------------+',
        '',
      ].join('\n'),
    );
  });

  it('are unchanged for text without controls', () => {
    const text = 'plain ASCII, Ünïcødé, 画像, tabs\tand\nnewlines';
    expect(escapeControls(text)).toBe(text);
  });

  it('print an empty list as its header block', async () => {
    expect(await format({ kind: 'list', columns: [{ label: 'ID' }, { label: 'Name' }], rows: [] }, {})).toBe(
      '+----+------+\n| ID | Name |\n+----+------+\n+----+------+\n',
    );
  });
});
