/** credential-store set|delete with an in-memory keyring: the sentence in table format, a record in the others; never the secret. */
import { describe, expect, it, vi } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const stored = vi.hoisted(() => new Map<string, string>());

vi.mock('@napi-rs/keyring/keytar.js', () => {
  const api = {
    getPassword: async (service: string, account: string) => stored.get(`${service}\n${account}`) ?? null,
    setPassword: async (service: string, account: string, password: string) => void stored.set(`${service}\n${account}`, password),
    deletePassword: async (service: string, account: string) => stored.delete(`${service}\n${account}`),
    findCredentials: async () => [],
  };
  return { ...api, default: api };
});

// A session bus address makes a keyring conceivable; the mock answers for it.
const ENV = { OS_AUTH_URL: 'http://127.0.0.1:9/v3', OS_USERNAME: 'u', OS_USER_DOMAIN_NAME: 'Default', DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent' };
const WHO = 'user u (domain Default) at http://127.0.0.1:9/v3';

describe('credential-store', () => {
  it('set prints its sentence, delete its own, and a second delete says there was nothing', async () => {
    const set = await runCli(['credential-store', 'set'], { env: ENV, stdinKind: 'pipe', stdinData: Buffer.from('s3cret\n') });
    expect([set.exitCode, set.stdout, set.stderr]).toEqual([0, `Saved the password of ${WHO} in the OS keyring.\n`, '']);
    expect([...stored.values()]).toEqual(['s3cret']);
    const removed = await runCli(['credential-store', 'delete'], { env: ENV });
    expect(removed.stdout).toBe(`Removed the password of ${WHO} from the OS keyring.\n`);
    const again = await runCli(['credential-store-delete'], { env: ENV });
    expect([again.exitCode, again.stdout]).toEqual([0, `The OS keyring holds no password of ${WHO}; nothing to remove.\n`]);
  });

  it('-f json and -f value -c: what was done, to whose entry, and no secret', async () => {
    const set = await runCli(['credential-store-set', '-f', 'json'], { env: ENV, stdinKind: 'pipe', stdinData: Buffer.from('s3cret\n') });
    expect(JSON.parse(set.stdout)).toEqual({ saved: true, kind: 'password', identity: WHO });
    expect(set.stdout).not.toContain('s3cret');
    const removed = await runCli(['credential-store', 'delete', '-f', 'json', '--noindent'], { env: ENV });
    expect(removed.stdout).toBe(`{"removed":true,"kind":"password","identity":"${WHO}"}\n`);
    const again = await runCli(['credential-store', 'delete', '-f', 'value', '-c', 'removed'], { env: ENV });
    expect(again.stdout).toBe('False\n');
  });
});
