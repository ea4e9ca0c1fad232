/**
 * The metadefs resource type association schema as Glance (Zed) serves it at
 * GET /v2/schemas/metadefs/resource_type, in the order help lists its options (reverse schema
 * order). Built in for the reasons namespace.ts gives.
 */
import type { SchemaProperty } from './types.js';

export const RESOURCE_TYPE_SCHEMA_PROPERTIES: readonly SchemaProperty[] = [
  { name: 'updated_at', type: 'string', description: 'Date and time of the last resource type association modification', readOnly: true },
  { name: 'created_at', type: 'string', description: 'Date and time of resource type association', readOnly: true },
  {
    name: 'properties_target',
    type: 'string',
    description:
      'Some resource types allow more than one key / value pair per instance.  For example, Cinder allows user and image metadata on volumes. Only the image properties metadata is evaluated by Nova (scheduling or drivers). This property allows a namespace target to remove the ambiguity.',
  },
  {
    name: 'prefix',
    type: 'string',
    description:
      'Specifies the prefix to use for the given resource type. Any properties in the namespace should be prefixed with this prefix when being applied to the specified resource type. Must include prefix separator (e.g. a colon :).',
  },
  {
    name: 'name',
    type: 'string',
    description: 'Resource type names should be aligned with Heat resource types whenever possible: https://docs.openstack.org/heat/latest/template_guide/openstack.html',
  },
];
