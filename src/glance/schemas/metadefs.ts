/**
 * What a metadefs document may and must hold at its top level, from the schemas Glance (Zed)
 * serves at /v2/schemas/metadefs/{namespace,object,property,resource_type}: enough to refuse, with
 * one line, what Glance would refuse with a page of jsonschema (python-glanceclient checks the
 * whole schema with warlock before sending; Glance checks the rest).
 */
import { NAMESPACE_SCHEMA_PROPERTIES, NAMESPACE_VISIBILITIES } from './namespace.js';
import { RESOURCE_TYPE_SCHEMA_PROPERTIES } from './resource-type.js';

export interface DocumentRules {
  /** Every key the schema allows (additionalProperties is false in each). */
  keys: readonly string[];
  /** In the schema's order: jsonschema names the first one missing. */
  required: readonly string[];
  /** Keys whose values are limited to a list (`null` standing for Python's None). */
  enums?: Readonly<Record<string, readonly (string | null)[]>>;
}

const PROPERTY_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string', null] as const;

export const NAMESPACE_RULES: DocumentRules = {
  keys: NAMESPACE_SCHEMA_PROPERTIES.map((property) => property.name),
  required: ['namespace'],
  enums: { visibility: NAMESPACE_VISIBILITIES },
};

export const OBJECT_RULES: DocumentRules = {
  keys: ['name', 'description', 'required', 'properties', 'schema', 'self', 'created_at', 'updated_at'],
  required: ['name'],
};

export const PROPERTY_RULES: DocumentRules = {
  keys: [
    'name',
    'title',
    'description',
    'operators',
    'type',
    'required',
    'minimum',
    'maximum',
    'maxLength',
    'minLength',
    'pattern',
    'enum',
    'readonly',
    'default',
    'items',
    'maxItems',
    'minItems',
    'uniqueItems',
    'additionalItems',
  ],
  required: ['type', 'title', 'name'],
  enums: { type: PROPERTY_TYPES },
};

export const RESOURCE_TYPE_RULES: DocumentRules = {
  keys: RESOURCE_TYPE_SCHEMA_PROPERTIES.map((property) => property.name),
  required: ['name'],
};
