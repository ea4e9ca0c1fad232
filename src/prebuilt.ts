/**
 * What bin/glance.js may answer from the build, before any ES module loads (it requires this
 * file, built as dist/prebuilt.cjs): a bare `--version`, and `help` when the page the build wrote
 * (`dist/help.txt`: 80 columns, the default Image API) is the one this run would print. Kept free
 * of imports beyond version.ts, so that the CommonJS build of it stays a few lines.
 */
export { versionLine } from './version.js';

/** An auth URL of the Keystone v2.0 era: an openrc that asks for the Image API v1 (settings.ts). */
export const V1_ERA_AUTH_URL = /\/v2\.0\/?$/;

/** The variables that can choose the Image API version, and so the commands help lists. */
const VERSION_CHOOSERS = ['OS_IMAGE_API_VERSION', 'OS_IMAGE_URL', 'OS_CLOUD'] as const;

export function isBareVersion(argv: readonly string[]): boolean {
  return argv.length === 1 && argv[0] === '--version';
}

/**
 * `glance`, `glance help`, `-h` or `--help` alone, printed to a pipe or a file (a terminal gets its
 * own width), with nothing in the environment that could choose API v1.
 */
export function prebuiltHelpApplies(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, stdoutIsTerminal: boolean): boolean {
  return (
    argv.length <= 1 &&
    [undefined, 'help', '-h', '--help'].includes(argv[0]) &&
    !stdoutIsTerminal &&
    VERSION_CHOOSERS.every((name) => env[name] === undefined) &&
    !V1_ERA_AUTH_URL.test(env.OS_AUTH_URL ?? '')
  );
}
