/**
 * What bench.mjs and profile.mjs share: the test cloud's state directory read back (its
 * endpoints, on 127.0.0.1 only, and the admin openrc), a Keystone token, and a median.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

function readEnvFile(path, pattern) {
  const values = {};
  if (!existsSync(path)) {
    return values;
  }
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const match = pattern.exec(line);
    if (match) {
      values[match[1]] = match[2].trim().replace(/^'(.*)'$/, '$1');
    }
  }
  return values;
}

/** The variables of the state directory's cloud.env ({} before the first test/cloud/up.sh). */
export function cloudEnv(state) {
  return readEnvFile(join(state, 'cloud.env'), /^([A-Z_]+)=(.*)$/);
}

/**
 * The cloud test/cloud/up.sh started in `state`: its endpoints and the admin openrc's OS_*
 * variables. Throws for an endpoint that is not on 127.0.0.1.
 */
export function localCloud(state) {
  const cloud = cloudEnv(state);
  for (const url of [cloud.KEYSTONE_URL, cloud.GLANCE_URL]) {
    if (!/^http:\/\/127\.0\.0\.1:\d+(\/|$)/.test(url ?? '')) {
      throw new Error(`refusing a non-loopback endpoint (${url}) in ${state}: run test/cloud/up.sh`);
    }
  }
  const credentials = readEnvFile(join(state, 'admin-openrc.sh'), /^\s*export\s+(OS_[A-Z_]+)=(.*)$/);
  return { glanceUrl: cloud.GLANCE_URL, keystoneUrl: cloud.KEYSTONE_URL, credentials };
}

/** A token for the same user and project as the CLIs. */
export async function issueToken(cloud) {
  const c = cloud.credentials;
  const body = {
    auth: {
      identity: {
        methods: ['password'],
        password: { user: { name: c.OS_USERNAME, domain: { name: c.OS_USER_DOMAIN_NAME }, password: c.OS_PASSWORD } },
      },
      scope: { project: { name: c.OS_PROJECT_NAME, domain: { name: c.OS_PROJECT_DOMAIN_NAME } } },
    },
  };
  const response = await fetch(`${cloud.keystoneUrl}/auth/tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (response.status !== 201) {
    throw new Error(`Keystone login failed: HTTP ${response.status} ${await response.text()}`);
  }
  await response.arrayBuffer();
  return response.headers.get('x-subject-token');
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
