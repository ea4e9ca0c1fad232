/**
 * Metadata definitions for the integration tests: namespaces set up and torn down through the API
 * (not the CLI under test), and a janitor that removes every namespace a test file created.
 */
import { randomBytes } from 'node:crypto';
import { glanceApi } from './helpers.js';

const NAMESPACES = '/v2/metadefs/namespaces';

function namespaceUrl(name: string): string {
  return `${NAMESPACES}/${encodeURIComponent(name)}`;
}

/** POSTs a whole namespace document (properties, objects, tags, associations) as admin. */
export async function createNamespace(document: Record<string, unknown>): Promise<void> {
  const response = await glanceApi('POST', NAMESPACES, { body: document });
  if (response.status !== 201) {
    throw new Error(`POST ${NAMESPACES}: HTTP ${response.status} ${await response.text()}`);
  }
}

/** GETs a namespace as admin; undefined when there is none. */
export async function getNamespace(name: string): Promise<Record<string, unknown> | undefined> {
  const response = await glanceApi('GET', namespaceUrl(name));
  if (response.status === 404) {
    return undefined;
  }
  if (!response.ok) {
    throw new Error(`GET ${namespaceUrl(name)}: HTTP ${response.status}`);
  }
  return (await response.json()) as Record<string, unknown>;
}

/** Deletes a namespace as admin, unprotecting it first if need be; a missing one is fine. */
export async function deleteNamespace(name: string): Promise<void> {
  let response = await glanceApi('DELETE', namespaceUrl(name));
  if (response.status === 403) {
    const current = await getNamespace(name);
    if (current) {
      const { namespace, display_name, description, visibility, owner } = current;
      await glanceApi('PUT', namespaceUrl(name), { body: { namespace, display_name, description, visibility, owner, protected: false } });
    }
    response = await glanceApi('DELETE', namespaceUrl(name));
  }
  if (!response.ok && response.status !== 404) {
    throw new Error(`DELETE ${namespaceUrl(name)}: HTTP ${response.status} ${await response.text()}`);
  }
}

/** The namespace as `document` says, whatever was there before under its name. */
export async function resetNamespace(document: Record<string, unknown>): Promise<void> {
  await deleteNamespace(document.namespace as string);
  await createNamespace(document);
}

/** The names of every namespace the admin can see. */
export async function namespaceNames(): Promise<string[]> {
  const names: string[] = [];
  let next: string | undefined = `${NAMESPACES}?limit=100`;
  while (next) {
    const response = await glanceApi('GET', next);
    if (!response.ok) {
      throw new Error(`GET ${next}: HTTP ${response.status}`);
    }
    const page = (await response.json()) as { namespaces: { namespace: string }[]; next?: string };
    names.push(...page.namespaces.map((namespace) => namespace.namespace));
    next = page.next;
  }
  return names;
}

/** Hands out namespace names under one prefix per test file, and deletes every namespace under it afterwards. */
export class NamespaceJanitor {
  readonly prefix: string;

  constructor(tag: string) {
    this.prefix = `it-md-${tag}-${randomBytes(3).toString('hex')}-`;
  }

  name(label = 'ns'): string {
    return `${this.prefix}${label}-${randomBytes(3).toString('hex')}`;
  }

  async cleanup(): Promise<void> {
    const failures: string[] = [];
    for (const name of (await namespaceNames()).filter((candidate) => candidate.startsWith(this.prefix))) {
      await deleteNamespace(name).catch((error: Error) => failures.push(error.message));
    }
    if (failures.length > 0) {
      throw new Error(`namespace clean-up failed:\n${failures.join('\n')}`);
    }
  }
}
