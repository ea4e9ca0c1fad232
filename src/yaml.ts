/**
 * The `yaml` package, the one module that loads it, on first use: only clouds.yaml and `-f yaml`
 * need it, and every other command starts without it.
 */
export interface Yaml {
  /**
   * One document, read as openstacksdk reads clouds.yaml (PyYAML's safe_load, YAML 1.1: `yes` and
   * `off` are booleans, `<<` merges). Throws YamlSyntaxError on invalid YAML.
   */
  parse(text: string): unknown;
  /** Block style, as `openstack -f yaml` prints. */
  stringify(value: unknown): string;
}

/**
 * Invalid YAML: where, and what is wrong in general words. The package's own messages quote the
 * text around the error, which in clouds.yaml or secure.yaml may be a password.
 */
export class YamlSyntaxError extends Error {
  constructor(line: number | undefined, reason: string) {
    super(line === undefined ? reason : `line ${line}: ${reason}`);
  }
}

const REASONS: Record<string, string> = {
  ALIAS_PROPS: 'an alias cannot have an anchor or a tag',
  BAD_ALIAS: 'an alias names no anchor defined before it',
  BAD_DIRECTIVE: 'invalid directive',
  BAD_DQ_ESCAPE: 'invalid escape sequence in a double-quoted string',
  BAD_INDENT: 'bad indentation',
  BAD_PROP_ORDER: 'an anchor or tag is misplaced',
  BAD_SCALAR_START: 'a plain value cannot start with this character (quote it)',
  BLOCK_AS_IMPLICIT_KEY: 'a block value cannot be a key',
  BLOCK_IN_FLOW: 'a block value inside [...] or {...}',
  DUPLICATE_KEY: 'duplicate key',
  KEY_OVER_1024_CHARS: 'a key longer than 1024 characters',
  MISSING_CHAR: 'a closing quote or bracket, a comma or a space after a colon is missing',
  MULTILINE_IMPLICIT_KEY: 'a key cannot span lines (is a colon or an indentation wrong?)',
  MULTIPLE_ANCHORS: 'more than one anchor on a value',
  MULTIPLE_DOCS: 'only one YAML document is supported',
  MULTIPLE_TAGS: 'more than one tag on a value',
  NON_STRING_KEY: 'a key that is not a string',
  RESOURCE_EXHAUSTION: 'too many aliases',
  TAB_AS_INDENT: 'tabs cannot indent YAML',
  TAG_RESOLVE_FAILED: 'unknown tag',
  UNEXPECTED_TOKEN: 'unexpected text (is an indentation or a quote wrong?)',
  BAD_COLLECTION_TYPE: 'a tag does not fit its value',
};

interface PackageError {
  name?: string;
  code?: string;
  linePos?: { line: number }[];
}

let loading: Promise<Yaml> | undefined;

export function loadYaml(): Promise<Yaml> {
  loading ??= import('yaml').then((loaded) => {
    // Bundled, the package's CommonJS build arrives as the default export.
    const module = loaded.default;
    return {
      parse(text: string): unknown {
        try {
          return module.parse(text, { version: '1.1', merge: true, logLevel: 'error' });
        } catch (error) {
          const { name, code, linePos } = error as PackageError;
          if (name === 'YAMLParseError') {
            throw new YamlSyntaxError(linePos?.[0]?.line, REASONS[code ?? ''] ?? 'invalid YAML');
          }
          // Turning the document into values fails only on aliases: one without its anchor, or too
          // many of them (a "billion laughs" file).
          const unresolved = error instanceof ReferenceError && error.message.startsWith('Unresolved alias');
          throw new YamlSyntaxError(undefined, unresolved ? 'an alias names no anchor defined before it' : 'too many aliases');
        }
      },
      stringify: (value: unknown): string => module.stringify(value, { lineWidth: 0 }),
    };
  });
  return loading;
}
