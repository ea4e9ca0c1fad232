/** Wire types of the Image API v2, with Glance's snake_case names. */

/** An image record. Custom properties sit beside the core ones, so the record is open. */
export interface Image {
  id: string;
  name?: string | null;
  status?: string;
  visibility?: string;
  protected?: boolean;
  os_hidden?: boolean;
  checksum?: string | null;
  os_hash_algo?: string | null;
  os_hash_value?: string | null;
  size?: number | null;
  virtual_size?: number | null;
  disk_format?: string | null;
  container_format?: string | null;
  min_disk?: number;
  min_ram?: number;
  owner?: string | null;
  tags?: string[];
  stores?: string;
  created_at?: string;
  updated_at?: string;
  [property: string]: unknown;
}

export interface ImagePage {
  images: Image[];
  next?: string;
}

/** One operation of an application/openstack-images-v2.1-json-patch document. */
export type PatchOperation =
  | { op: 'add' | 'replace'; path: string; value: unknown }
  | { op: 'remove'; path: string };

export interface Store {
  id: string;
  description?: string;
  default?: boolean | string;
  [property: string]: unknown;
}

/** Query parameters of GET /v2/images, in the order python-glanceclient sends them. */
export interface ImageListFilters {
  visibility?: string;
  member_status?: string;
  owner?: string;
  checksum?: string;
  os_hidden?: boolean;
  os_hash_value?: string;
  include_stores?: boolean;
  /** Custom property filters (key=value). */
  properties?: [string, string][];
  tags?: string[];
  /** `--sort` as given, e.g. "name:desc,size". */
  sort?: string;
  sortKeys?: string[];
  sortDirs?: string[];
}

/** GET /v2/info/import: the import methods a cloud offers. */
export interface ImportInfo {
  'import-methods'?: { description?: string; type?: string; value?: string[] };
  [property: string]: unknown;
}

/** GET /v2/info/stores (and /detail). */
export interface StoresInfo {
  stores?: Store[];
  [property: string]: unknown;
}

/** A task record (GET /v2/tasks/{id}, GET /v2/images/{id}/tasks). */
export interface Task {
  id: string;
  type?: string;
  status?: string;
  owner?: string;
  message?: string | null;
  result?: unknown;
  input?: unknown;
  image_id?: string;
  created_at?: string;
  updated_at?: string;
  expires_at?: string | null;
  [property: string]: unknown;
}

export interface TaskPage {
  tasks: Task[];
  next?: string;
}

/** Query parameters of GET /v2/tasks, in the order python-glanceclient sends them. */
export interface TaskListFilters {
  type?: string;
  status?: string;
  sortKey?: string;
  sortDir?: string;
}

/** POST /v2/images/{id}/import: `method` plus the store choices. */
export interface ImportRequest {
  method: { name: string; [parameter: string]: unknown };
  stores?: string[];
  all_stores?: boolean;
  all_stores_must_succeed?: boolean;
}
