/** A property of a Glance JSON schema, as far as generating command-line options needs it. */
export interface SchemaProperty {
  name: string;
  type: 'string' | 'integer' | 'boolean' | 'array' | 'object';
  description: string;
  /** Allowed values; `null` where the schema allows null (printed as None). */
  enum?: readonly (string | null)[];
  /** Set by the server; never an option (python-glanceclient 4.2+). */
  readOnly?: boolean;
}
