/**
 * The one place that prints what commands return: tables exactly as python-glanceclient draws
 * them, and the machine formats of the OpenStack client (`-f json|yaml|value|csv|shell`, `-c`,
 * `--sort-column`).
 */
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { UsageError } from '../errors.js';
import { escapeControls } from '../terminal.js';
import { loadYaml } from '../yaml.js';
import { columnKey, DEFAULT_MAX_COLUMN_WIDTH, type CommandResult, type Display, type ListResult, type RecordResult } from './model.js';
import { pyJsonDumps, pyStr } from './pyformat.js';
import type { renderTable as RenderTable } from './table.js';

export const FORMATS = ['table', 'json', 'yaml', 'value', 'csv', 'shell'] as const;
export type Format = (typeof FORMATS)[number];
/** A list has no one set of shell variables to give. */
export const LIST_FORMATS: readonly Format[] = FORMATS.filter((format) => format !== 'shell');
export const QUOTE_MODES = ['nonnumeric', 'all', 'minimal', 'none'] as const;
export type QuoteMode = (typeof QUOTE_MODES)[number];

export interface OutputOptions {
  format: Format;
  /** -c: the fields (records) or columns (lists) to print, in this order; all when empty. */
  columns: readonly string[];
  /** json on one line. */
  noindent: boolean;
  quote: QuoteMode;
  /** shell: put before every variable name. */
  prefix: string;
  /** Lists: sort the rows by these columns, client-side, after paging. */
  sortColumns: readonly string[];
  sortDescending: boolean;
  /** stdout is a terminal: value output shows control characters escaped, as tables always do. */
  terminal?: boolean;
}

export const DEFAULT_OUTPUT: OutputOptions = {
  format: 'table',
  columns: [],
  noindent: false,
  quote: 'nonnumeric',
  prefix: '',
  sortColumns: [],
  sortDescending: false,
};

/** A field or column chosen for printing. */
interface Field {
  key: string;
  label: string;
  display?: Display;
  maxWidth?: number;
}

export async function printResult(result: CommandResult, options: OutputOptions, stdout: Writable): Promise<void> {
  if (!result) {
    return;
  }
  if (result.kind === 'bytes') {
    await pipeline(result.body, stdout, { end: false });
    await result.finished();
    return;
  }
  const text = await formatResult(result, options);
  if (text !== '') {
    stdout.write(text);
  }
}

/** The text for stdout, newline included. */
export async function formatResult(result: RecordResult | ListResult, options: OutputOptions): Promise<string> {
  if (result.kind === 'list' && options.format === 'shell') {
    throw new UsageError(`argument -f/--format: invalid choice: 'shell' for a list (choose from ${LIST_FORMATS.map((format) => `'${format}'`).join(', ')})`);
  }
  const fields = selectFields(result, options.columns);
  const rows = result.kind === 'record' ? [result.data] : sortRows(result, options);
  switch (options.format) {
    case 'table':
      return tableText(result, fields, rows, options.columns.length > 0, (await import('./table.js')).renderTable);
    case 'json': {
      const data = machineData(result, fields, rows);
      return `${options.noindent ? JSON.stringify(data) : JSON.stringify(data, null, 2)}\n`;
    }
    case 'yaml':
      return (await loadYaml()).stringify(machineData(result, fields, rows));
    case 'value': {
      const show = options.terminal ? escapeControls : (text: string): string => text;
      return rows.map((row) => `${fields.map((field) => show(plainText(row[field.key]))).join(' ')}\n`).join('');
    }
    case 'csv':
      return csvText(fields, rows, options.quote);
    case 'shell': {
      const [record = {}] = rows;
      return fields.map((field) => `${options.prefix}${shellName(field.label)}="${shellEscape(plainText(record[field.key]))}"\n`).join('');
    }
  }
}

/** -c applied: the named fields in the order given, or all of them. An unknown name is a usage error naming the valid ones. */
function selectFields(result: RecordResult | ListResult, names: readonly string[]): Field[] {
  const all: Field[] =
    result.kind === 'record'
      ? Object.keys(result.data).map((key) => ({ key, label: key, display: result.display?.[key] }))
      : result.columns.map((column) => ({ key: columnKey(column), label: column.label, display: column.display, maxWidth: column.maxWidth }));
  if (names.length === 0) {
    return all;
  }
  return names.map((name) => findField(all, name, '-c/--column'));
}

function findField(all: Field[], name: string, option: string): Field {
  const found =
    all.find((field) => field.label === name) ??
    all.find((field) => field.key === name) ??
    all.find((field) => field.label.toLowerCase() === name.toLowerCase() || field.key.toLowerCase() === name.toLowerCase());
  if (!found) {
    throw new UsageError(`argument ${option}: invalid choice: '${name}' (choose from ${all.map((field) => `'${field.label}'`).join(', ')})`);
  }
  return found;
}

/** --sort-column, stable, numbers by value and everything else by its text; null sorts first. */
function sortRows(result: ListResult, options: OutputOptions): readonly Record<string, unknown>[] {
  if (options.sortColumns.length === 0) {
    return result.rows;
  }
  const all = result.columns.map((column) => ({ key: columnKey(column), label: column.label }));
  const keys = options.sortColumns.map((name) => findField(all, name, '--sort-column').key);
  const direction = options.sortDescending ? -1 : 1;
  return [...result.rows].sort((a, b) => {
    for (const key of keys) {
      const order = compareValues(a[key], b[key]);
      if (order !== 0) {
        return order * direction;
      }
    }
    return 0;
  });
}

function compareValues(a: unknown, b: unknown): number {
  if (a === b) {
    return 0;
  }
  if (a === null || a === undefined) {
    return -1;
  }
  if (b === null || b === undefined) {
    return 1;
  }
  if (typeof a === 'number' && typeof b === 'number') {
    return a - b;
  }
  const left = plainText(a);
  const right = plainText(b);
  return left < right ? -1 : left > right ? 1 : 0;
}

function tableText(
  result: RecordResult | ListResult,
  fields: Field[],
  rows: readonly Record<string, unknown>[],
  chosen: boolean,
  renderTable: typeof RenderTable,
): string {
  if (result.text !== undefined && !chosen) {
    return result.text;
  }
  if (result.kind === 'record') {
    // A table view of its own (rows in the order a reader wants), unless -c chose fields of the data.
    const view = result.tableView && !chosen ? result.tableView : undefined;
    const data = view ?? result.data;
    const keys = view ? Object.keys(view) : fields.map((field) => field.key);
    const cells = keys.map((key) =>
      [result.label?.(key) ?? key, result.display?.[key] ? result.display[key](data[key], data) : recordCell(data[key])].map(escapeControls),
    );
    const table = renderTable(['Property', 'Value'], cells, {
      maxWidth: result.maxColumnWidth ?? DEFAULT_MAX_COLUMN_WIDTH,
      // print_dict sorts by property; fields chosen with -c, and a table view, keep their order.
      sortBy: chosen || view ? undefined : 0,
    });
    return `${result.preface === undefined ? '' : `${result.preface}\n`}${table}\n`;
  }
  const cell = result.cells === 'print_dict_list' ? dictListCell : listCell;
  const cells = rows.map((row) => fields.map((field) => escapeControls(field.display ? field.display(row[field.key], row) : cell(row, field.key))));
  const caps = fields.map((field) => field.maxWidth);
  return `${renderTable(
    fields.map((field) => field.label),
    cells,
    { align: result.align, ...(caps.some((cap) => cap !== undefined) ? { columnMaxWidths: caps } : {}) },
  )}\n`;
}

/** print_dict: lists and dicts as json.dumps, everything else as str(). */
function recordCell(value: unknown): string {
  return value !== null && typeof value === 'object' ? pyJsonDumps(value) : pyStr(value);
}

/** print_list blanks every falsy cell: None, False, 0, '', [] and {}. */
function listCell(row: Record<string, unknown>, key: string): string {
  const value = row[key];
  return isPythonFalsy(value) ? '' : pyStr(value);
}

/** print_dict_list: str() of whatever the row holds; only a missing field is blank. */
function dictListCell(row: Record<string, unknown>, key: string): string {
  return key in row ? pyStr(row[key]) : '';
}

function isPythonFalsy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') {
    return true;
  }
  if (Array.isArray(value)) {
    return value.length === 0;
  }
  return typeof value === 'object' && Object.keys(value).length === 0;
}

/** json and yaml: a record keyed by the API's field names, a list as objects keyed by the headings. */
function machineData(result: RecordResult | ListResult, fields: Field[], rows: readonly Record<string, unknown>[]): unknown {
  const pick = (row: Record<string, unknown>, name: (field: Field) => string): Record<string, unknown> =>
    Object.fromEntries(fields.map((field) => [name(field), row[field.key] ?? null]));
  return result.kind === 'record' ? pick(result.data, (field) => field.key) : rows.map((row) => pick(row, (field) => field.label));
}

/** A value as one word of text for value, csv and shell output: nothing for null, JSON for lists and objects. */
export function plainText(value: unknown): string {
  if (value === null || value === undefined) {
    return '';
  }
  if (typeof value === 'object') {
    return JSON.stringify(value);
  }
  return pyStr(value);
}

/** RFC 4180 rows, header first; fields quoted as --quote says. */
function csvText(fields: Field[], rows: readonly Record<string, unknown>[], quote: QuoteMode): string {
  const line = (values: unknown[]): string => `${values.map((value) => csvField(value, quote)).join(',')}\n`;
  return line(fields.map((field) => field.label)) + rows.map((row) => line(fields.map((field) => row[field.key] ?? null))).join('');
}

function csvField(value: unknown, quote: QuoteMode): string {
  const text = plainText(value);
  const quoted = `"${text.replaceAll('"', '""')}"`;
  switch (quote) {
    case 'all':
      return quoted;
    case 'nonnumeric':
      return typeof value === 'number' ? text : quoted;
    case 'minimal':
      return /[",\r\n]/.test(text) ? quoted : text;
    case 'none':
      // Python's csv with QUOTE_NONE escapes the delimiter, quotes and line ends instead.
      return text.replace(/[\\",\r\n]/g, (character) => `\\${character}`);
  }
}

/** A POSIX shell variable name: `Disk Format` → `disk_format`, `os_hash_value` unchanged. */
export function shellName(label: string): string {
  const name = label.toLowerCase().replace(/[^a-z0-9_]/g, '_');
  return /^[0-9]/.test(name) ? `_${name}` : name;
}

/** Inside double quotes only `\`, `"`, `$` and `` ` `` are special; escaped, any text reads back as itself. */
export function shellEscape(text: string): string {
  return text.replace(/[\\"$`]/g, (character) => `\\${character}`);
}
