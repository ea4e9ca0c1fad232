/** Metadata definitions as /v2/metadefs returns them (less each record's `self` link). */

/** A property definition: a JSON schema fragment with a name and a title. */
export interface MetadefProperty {
  name?: string;
  title?: string;
  type?: string | null;
  description?: string;
  [field: string]: unknown;
}

export interface MetadefObject {
  name: string;
  description?: string;
  required?: string[];
  /** Property definitions by name. */
  properties?: Record<string, MetadefProperty>;
  created_at?: string;
  updated_at?: string;
  schema?: string;
  [field: string]: unknown;
}

export interface MetadefTag {
  name: string;
  created_at?: string;
  updated_at?: string;
  [field: string]: unknown;
}

/** A resource type (OS::Glance::Image ...), or its association with a namespace. */
export interface ResourceTypeAssociation {
  name: string;
  prefix?: string;
  properties_target?: string;
  created_at?: string;
  updated_at?: string;
  [field: string]: unknown;
}

export interface Namespace {
  namespace: string;
  display_name?: string;
  description?: string;
  visibility?: string;
  protected?: boolean;
  owner?: string;
  created_at?: string;
  updated_at?: string;
  schema?: string;
  resource_type_associations?: ResourceTypeAssociation[];
  /** Property definitions by name (prefixed when read for a resource type). */
  properties?: Record<string, MetadefProperty>;
  objects?: MetadefObject[];
  tags?: MetadefTag[];
  [field: string]: unknown;
}

export interface NamespaceListFilters {
  /** Only namespaces associated with any of these resource types. */
  resourceTypes?: readonly string[];
  visibility?: string;
}
