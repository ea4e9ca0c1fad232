/**
 * python-glanceclient's schema_args: one option per property of a Glance schema (image,
 * metadefs namespace ...), and the fields the user set, keyed by their schema names.
 */
import { CliError } from '../errors.js';
import type { SchemaProperty } from '../glance/schemas/types.js';
import { option, parseInteger, parseStrictBoolean, type OptionSpec } from './definition.js';

/** The options for `properties` minus `omit` and the read-only ones, keyed by property name. */
export function schemaOptions(properties: readonly SchemaProperty[], omit: readonly string[]): Record<string, OptionSpec> {
  const options: Record<string, OptionSpec> = {};
  for (const property of properties) {
    if (omit.includes(property.name) || property.readOnly) {
      continue;
    }
    const valid = property.enum ? ` Valid values: ${property.enum.map((value) => value ?? 'None').join(', ')}` : '';
    // The enum is completed, not checked here: schemaFields checks it with the reference's message.
    const values = property.enum?.filter((value): value is string => value !== null);
    const base = { flags: [`--${property.name.replaceAll('_', '-')}`], help: `${property.description}${valid}`, ...(values ? { complete: values } : {}) };
    const metavar = `<${property.name.toUpperCase()}>`;
    options[property.name] =
      property.type === 'boolean' ? option({ ...base, metavar: '<True|False>', parse: parseStrictBoolean })
      : property.type === 'integer' ? option({ ...base, metavar, parse: parseInteger })
      : property.type === 'array' ? option({ ...base, metavar, variadic: true })
      : option({ ...base, metavar });
  }
  return options;
}

/** The values the user gave for schema options, by property name, checked against each enum as jsonschema would. */
export function schemaFields(input: Record<string, unknown>, properties: readonly SchemaProperty[], omit: readonly string[]): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const property of properties) {
    const value = input[property.name];
    if (omit.includes(property.name) || property.readOnly || value === undefined) {
      continue;
    }
    if (property.enum && !property.enum.includes(value as string)) {
      const choices = property.enum.map((choice) => (choice === null ? 'None' : `'${choice}'`)).join(', ');
      throw new CliError(`Unable to set '${property.name}' to '${String(value)}'. Reason: '${String(value)}' is not one of [${choices}]`);
    }
    fields[property.name] = value;
  }
  return fields;
}
