/** The release, kept equal to package.json's by a unit test. */
export const VERSION = '0.1.0';
export const USER_AGENT = `glance-cli/${VERSION}`;

/** What `glance --version` prints: which `glance` this is, when python-glanceclient's is installed too. */
export function versionLine(nodeVersion: string): string {
  return `glance ${VERSION} (TypeScript client for the OpenStack Image service; Node ${nodeVersion})`;
}
