/**
 * The `yaml` package, the one module that loads it, on first use: only clouds.yaml and `-f yaml`
 * need it, and every other command starts without it.
 */
export interface Yaml {
  /** One document; throws on invalid YAML. */
  parse(text: string): unknown;
  /** Block style, as `openstack -f yaml` prints. */
  stringify(value: unknown): string;
}

let loading: Promise<Yaml> | undefined;

export function loadYaml(): Promise<Yaml> {
  loading ??= import('yaml').then((loaded) => {
    // Bundled, the package's CommonJS build arrives as the default export.
    const module = loaded.default;
    return {
      parse: (text: string): unknown => module.parse(text),
      stringify: (value: unknown): string => module.stringify(value, { lineWidth: 0 }),
    };
  });
  return loading;
}
