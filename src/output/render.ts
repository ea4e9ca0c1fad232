/**
 * What commands hand back, and how it is printed: python-glanceclient's print_dict and print_list.
 */
import { pyJsonDumps, pyStr } from './pyformat.js';
import { renderTable } from './table.js';

/** A Property/Value table (image-show, image-create, ...). */
export interface PropertyTable {
  kind: 'properties';
  properties: Record<string, unknown>;
  /** --max-column-width; 80 by default, for both columns. */
  maxColumnWidth?: number;
}

/** A table with one row per item (image-list, member-list, ...). */
export interface ListTable {
  kind: 'list';
  /** Headers; each reads the row field named like the header, lower-cased with spaces as underscores. */
  columns: string[];
  rows: Record<string, unknown>[];
  /**
   * print_dict_list (image-tasks, usage) instead of print_list: every value as Python's `str()`,
   * `None` and `False` included; only a field the row lacks is an empty cell.
   */
  pythonCells?: boolean;
}

export type CommandOutput = PropertyTable | ListTable;

export const DEFAULT_MAX_COLUMN_WIDTH = 80;

/** The text to write to stdout, newline included. */
export function formatOutput(output: CommandOutput): string {
  if (output.kind === 'properties') {
    const rows = Object.entries(output.properties).map(([key, value]) => [
      key,
      value !== null && typeof value === 'object' ? pyJsonDumps(value) : pyStr(value),
    ]);
    return `${renderTable(['Property', 'Value'], rows, { maxWidth: output.maxColumnWidth ?? DEFAULT_MAX_COLUMN_WIDTH, sortBy: 0 })}\n`;
  }
  const keys = output.columns.map((column) => column.toLowerCase().replaceAll(' ', '_'));
  const cell = output.pythonCells
    ? (row: Record<string, unknown>, key: string): string => (key in row ? pyStr(row[key]) : '')
    : (row: Record<string, unknown>, key: string): string => (isPythonFalsy(row[key]) ? '' : pyStr(row[key]));
  const rows = output.rows.map((row) => keys.map((key) => cell(row, key)));
  return `${renderTable(output.columns, rows)}\n`;
}

/** print_list blanks every falsy cell: None, False, 0, '', [] and {}. */
function isPythonFalsy(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') {
    return true;
  }
  if (Array.isArray(value)) {
    return value.length === 0;
  }
  return typeof value === 'object' && Object.keys(value).length === 0;
}
