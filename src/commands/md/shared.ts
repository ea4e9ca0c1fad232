/**
 * What the md-* commands share: python-glanceclient's tables for metadata definitions
 * (`_namespace_show` and `_object_show` list the names of what a namespace or object holds), and
 * the checks it makes before sending a document, in the words it prints first.
 */
import { CliError } from '../../errors.js';
import type { MetadefObject, Namespace } from '../../glance/metadefs/index.js';
import type { DocumentRules } from '../../glance/schemas/metadefs.js';
import type { Display, RecordResult } from '../../output/model.js';
import { pyJsonDumps, pyRepr } from '../../output/pyformat.js';

/** A list of records (objects, tags, associations) shown as the JSON list of their names. */
const namesOfRecords: Display = (value) => pyJsonDumps(Array.isArray(value) ? value.map((record: { name?: unknown }) => record.name) : value);
/** A map of property definitions shown as the JSON list of its keys. */
const namesOfProperties: Display = (value) => pyJsonDumps(value !== null && typeof value === 'object' ? Object.keys(value) : value);

const NAMESPACE_DISPLAY: Record<string, Display> = {
  properties: namesOfProperties,
  resource_type_associations: namesOfRecords,
  objects: namesOfRecords,
  tags: namesOfRecords,
};

/**
 * A namespace: its properties, objects, tags and resource type associations by name in the
 * table, whole in the machine formats. `maxColumnWidth` 0 means the default, as in the reference.
 */
export function namespaceRecord(namespace: Namespace, maxColumnWidth?: number): RecordResult {
  return { kind: 'record', data: namespace, display: NAMESPACE_DISPLAY, maxColumnWidth: maxColumnWidth || undefined };
}

/** An object: its property definitions by name in the table. `maxColumnWidth` 0 means the default. */
export function objectRecord(object: MetadefObject, maxColumnWidth?: number): RecordResult {
  return { kind: 'record', data: object, display: { properties: namesOfProperties }, maxColumnWidth: maxColumnWidth || undefined };
}

/** A property, tag or resource type association as it is. */
export function metadefRecord(record: Record<string, unknown>, maxColumnWidth?: number): RecordResult {
  return { kind: 'record', data: record, maxColumnWidth };
}

/**
 * Refuses a document that Glance's schema would refuse at its top level, naming what jsonschema
 * names first: an unknown key, then a missing one, then a value outside its list.
 */
export function checkDocument(document: Record<string, unknown>, rules: DocumentRules): void {
  const unknown = Object.keys(document)
    .filter((key) => !rules.keys.includes(key))
    .sort();
  if (unknown.length > 0) {
    throw new CliError(unexpectedKeys(unknown));
  }
  const missing = rules.required.find((key) => !(key in document));
  if (missing !== undefined) {
    throw new CliError(`${pyRepr(missing)} is a required property`);
  }
  for (const [key, value] of Object.entries(document)) {
    const problem = enumProblem(key, value, rules);
    if (problem) {
      throw new CliError(problem);
    }
  }
}

/** Refuses the first change Glance's schema would refuse, as warlock words a refused assignment. */
export function checkChanges(changes: Record<string, unknown>, rules: DocumentRules): void {
  for (const [key, value] of Object.entries(changes)) {
    const problem = rules.keys.includes(key) ? enumProblem(key, value, rules) : unexpectedKeys([key]);
    if (problem) {
      throw new CliError(`Unable to set ${pyRepr(key)} to ${pyRepr(value)}. Reason: ${problem}`);
    }
  }
}

function unexpectedKeys(keys: readonly string[]): string {
  return `Additional properties are not allowed (${keys.map(pyRepr).join(', ')} ${keys.length === 1 ? 'was' : 'were'} unexpected)`;
}

function enumProblem(key: string, value: unknown, rules: DocumentRules): string | undefined {
  const allowed = rules.enums?.[key];
  if (!allowed || allowed.includes(value as string | null)) {
    return undefined;
  }
  return `${pyRepr(value)} is not one of [${allowed.map(pyRepr).join(', ')}]`;
}
