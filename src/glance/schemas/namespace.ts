/**
 * The metadefs namespace schema as Glance (Zed) serves it at GET /v2/schemas/metadefs/namespace:
 * its properties in the order help lists their options (reverse schema order, as
 * python-glanceclient's schema_args adds them), and the rest of what a namespace document may hold.
 *
 * Built in rather than fetched: python-glanceclient 4.1 also generates its options from a built-in
 * copy (it looks for a cached schema at a path it never writes), and a command's options must not
 * depend on a request that help and completion never send.
 */
import type { SchemaProperty } from './types.js';

export const NAMESPACE_VISIBILITIES = ['public', 'private'] as const;

export const NAMESPACE_SCHEMA_PROPERTIES: readonly SchemaProperty[] = [
  { name: 'tags', type: 'array', description: '' },
  { name: 'objects', type: 'array', description: '' },
  { name: 'properties', type: 'object', description: '' },
  {
    name: 'resource_type_associations',
    type: 'array',
    // Glance's schema has no description here; its items are objects, which no command-line word
    // is. md-namespace-create takes resource type names and makes the objects itself.
    description: 'Resource types to associate with the namespace, by name (OS::Glance::Image ...).',
  },
  { name: 'self', type: 'string', description: '', readOnly: true },
  { name: 'schema', type: 'string', description: '', readOnly: true },
  { name: 'updated_at', type: 'string', description: 'Date and time of the last namespace modification', readOnly: true },
  { name: 'created_at', type: 'string', description: 'Date and time of namespace creation', readOnly: true },
  { name: 'owner', type: 'string', description: 'Owner of the namespace.' },
  { name: 'protected', type: 'boolean', description: 'If true, namespace will not be deletable.' },
  { name: 'visibility', type: 'string', description: 'Scope of namespace accessibility.', enum: NAMESPACE_VISIBILITIES },
  { name: 'description', type: 'string', description: 'Provides a user friendly description of the namespace.' },
  { name: 'display_name', type: 'string', description: 'The user friendly name for the namespace. Used by UI if available.' },
  { name: 'namespace', type: 'string', description: 'The unique namespace text.' },
];
