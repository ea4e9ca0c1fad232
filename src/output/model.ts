/**
 * What commands hand back, with the API's raw values. How each value is shown in a table
 * (`Not available`, human-readable sizes, `Property 'key'` rows) is declared beside it and
 * applied only by the table formatter; json, yaml, value, csv and shell print the data itself.
 */
import type { Readable } from 'node:stream';

/** How the table shows one value; the other formats get the value as it is. */
export type Display = (value: unknown, row: Record<string, unknown>) => string;

/** One record (image-show, image-create, member-get, stores-info ...): python-glanceclient's print_dict. */
export interface RecordResult {
  kind: 'record';
  /** Keyed by the API's field names; the key order is the order of json and value output. */
  data: Record<string, unknown>;
  /** Table cells that are not `str()` of the value (and not `json.dumps` of a list or dict). */
  display?: Record<string, Display>;
  /** The table's name for a field (v1's `Property 'key'` rows); the field name otherwise. */
  label?: (key: string) => string;
  /** --max-column-width: the table's column width cap (80 by default). */
  maxColumnWidth?: number;
  /** Printed instead of the table in table format (a sentence such as token-cache-clear's). */
  text?: string;
  /**
   * What the table shows instead of `data`, unsorted, in this order (image-inspect: format and
   * sizes first, each detail on its own row, the verdict last); `display` and `label` apply to it.
   */
  tableView?: Record<string, unknown>;
  /** A line printed on stdout before the table (python-glanceclient's location-update warning). */
  preface?: string;
}

export interface Column {
  /** The heading; json and csv key each row's value by it, as the OpenStack client does. */
  label: string;
  /** The row field it reads; by default the label lower-cased with spaces as underscores. */
  key?: string;
  display?: Display;
  /** Table width cap of this column (md-object-list's 50-character descriptions). */
  maxWidth?: number;
}

/** Rows (image-list, member-list, task-list ...): python-glanceclient's print_list. */
export interface ListResult {
  kind: 'list';
  columns: readonly Column[];
  rows: readonly Record<string, unknown>[];
  /**
   * print_list blanks every falsy cell (None, False, 0, '', []); print_dict_list (image-tasks,
   * usage) prints Python's str() of each value and blanks only a field the row lacks.
   */
  cells?: 'print_list' | 'print_dict_list';
  /** Centred cells and headings (cache-list's print_cached_images keeps prettytable's default); left otherwise. */
  align?: 'left' | 'center';
  /** Printed instead of the table in table format (bash-completion's word list). */
  text?: string;
  /** Once the rows are printed, the command fails with this line on stderr (exit 1): verify-install's report of a failed step. */
  failure?: string;
}

/** Image data for stdout; `finished` runs once the last byte is written (verification). */
export interface BytesResult {
  kind: 'bytes';
  body: Readable;
  finished(): Promise<void>;
}

/** `undefined`: the command prints nothing on success. */
export type CommandResult = RecordResult | ListResult | BytesResult | undefined | void;

export const DEFAULT_MAX_COLUMN_WIDTH = 80;

/** The row field a column reads. */
export function columnKey(column: Column): string {
  return column.key ?? column.label.toLowerCase().replaceAll(' ', '_');
}
