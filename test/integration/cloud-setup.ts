/**
 * vitest globalSetup for the integration tests: brings up the real Keystone + Glance with
 * test/cloud/up.sh (idempotent, fast when it already runs) and provides what the tests need.
 * It never tears the cloud down; CI does that separately with test/cloud/down.sh.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';

/** The credential sets up.sh writes, one openrc file each. */
export type CredentialName = 'admin' | 'demo' | 'alt_demo';

export interface CloudInfo {
  /** The state directory up.sh wrote into. */
  state: string;
  keystoneUrl: string;
  glanceUrl: string;
  /** The cache node: image cache, image locations, unified limits (test/cloud/README.md); not in the catalog. */
  glanceCacheUrl: string;
  adminProjectId: string;
  demoProjectId: string;
  altDemoProjectId: string;
  /** The OS_* variables of each openrc file (and nothing else). */
  credentials: Record<CredentialName, Record<string, string>>;
  /** A HOME for the subprocesses, so the reference's schema cache stays out of the developer's home. */
  home: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cloud: CloudInfo;
  }
}

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** KEY=VALUE lines (cloud.env). */
export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) {
      values[match[1]!] = unquote(match[2]!.trim());
    }
  }
  return values;
}

/** The `export OS_X=value` lines of an openrc file. */
export function parseOpenrc(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*export\s+(OS_[A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match) {
      values[match[1]!] = unquote(match[2]!.trim());
    }
  }
  return values;
}

function unquote(value: string): string {
  if (value.length >= 2 && (value[0] === '"' || value[0] === "'") && value.at(-1) === value[0]) {
    return value.slice(1, -1);
  }
  return value;
}

function required(values: Record<string, string>, key: string, file: string): string {
  const value = values[key];
  if (!value) {
    throw new Error(`${file} has no ${key}`);
  }
  return value;
}

/** The project a credential set is scoped to, from a token: for a cloud.env that lacks the ids. */
async function projectIdOf(credentials: Record<string, string>): Promise<string> {
  const response = await fetch(`${credentials.OS_AUTH_URL!.replace(/\/+$/, '')}/auth/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(passwordAuthBody(credentials)),
  });
  const body = (await response.json()) as { token?: { project?: { id?: string } } };
  const id = body.token?.project?.id;
  if (!response.ok || !id) {
    throw new Error(`cannot find the project of ${credentials.OS_USERNAME}: HTTP ${response.status}`);
  }
  return id;
}

/** A Keystone v3 password auth request body for the OS_* variables of an openrc file. */
export function passwordAuthBody(credentials: Record<string, string>): unknown {
  return {
    auth: {
      identity: {
        methods: ['password'],
        password: {
          user: {
            name: credentials.OS_USERNAME,
            password: credentials.OS_PASSWORD,
            domain: { name: credentials.OS_USER_DOMAIN_NAME || 'Default' },
          },
        },
      },
      scope: { project: { name: credentials.OS_PROJECT_NAME, domain: { name: credentials.OS_PROJECT_DOMAIN_NAME || 'Default' } } },
    },
  };
}

/** Brings the cloud up and provides it; the returned teardown removes only the private HOME. */
export default async function setup(project: TestProject): Promise<() => void> {
  const state = resolve(process.env.GLANCE_CLOUD_STATE || join(REPO_ROOT, '.cloud'));
  const up = spawnSync('bash', [join(REPO_ROOT, 'test/cloud/up.sh'), state], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 280_000,
  });
  if (up.error || up.status !== 0) {
    const reason = up.error ? up.error.message : `exit status ${up.status ?? up.signal}`;
    throw new Error(`test/cloud/up.sh ${state} failed (${reason}); the integration tests need the test cloud.\n${up.stderr}${up.stdout}`);
  }

  const credentials = {} as Record<CredentialName, Record<string, string>>;
  for (const name of ['admin', 'demo', 'alt_demo'] as const) {
    const file = join(state, `${name}-openrc.sh`);
    credentials[name] = parseOpenrc(readFileSync(file, 'utf8'));
    for (const key of ['OS_USERNAME', 'OS_PASSWORD', 'OS_PROJECT_NAME', 'OS_AUTH_URL']) {
      required(credentials[name], key, file);
    }
  }
  const envFile = join(state, 'cloud.env');
  const env = parseEnvFile(readFileSync(envFile, 'utf8'));
  const keystoneUrl = env.KEYSTONE_URL || credentials.admin.OS_AUTH_URL!;
  const glanceUrl = env.GLANCE_URL || `http://127.0.0.1:${env.GLANCE_PORT || '9292'}`;
  const glanceCacheUrl = env.GLANCE_CACHE_URL || `http://127.0.0.1:${Number(new URL(glanceUrl).port) + 1}`;
  const adminProjectId = env.ADMIN_PROJECT_ID || (await projectIdOf(credentials.admin));
  const demoProjectId = env.DEMO_PROJECT_ID || (await projectIdOf(credentials.demo));
  const altDemoProjectId = env.ALT_DEMO_PROJECT_ID || (await projectIdOf(credentials.alt_demo));

  // A fresh HOME per run: the reference's schema cache and our token cache start empty, and the
  // developer's own ~/.config/openstack and caches stay out of the tests.
  const home = mkdtempSync(join(tmpdir(), 'glance-it-home-'));
  project.provide('cloud', {
    state,
    keystoneUrl,
    glanceUrl,
    glanceCacheUrl,
    adminProjectId,
    demoProjectId,
    altDemoProjectId,
    credentials,
    home,
  });
  return () => rmSync(home, { recursive: true, force: true });
}
