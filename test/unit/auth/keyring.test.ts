import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KeyringUnavailableError, keyringConceivable, openKeyring } from '../../../src/auth/keyring.js';

type Api = Awaited<ReturnType<NonNullable<Parameters<typeof openKeyring>[0]['api']>>>;

function api(overrides: Partial<Api>): () => Promise<Api> {
  const base = {
    getPassword: async () => null,
    setPassword: async () => undefined,
    deletePassword: async () => false,
    findPassword: async () => null,
    findCredentials: async () => [],
  };
  return async () => ({ ...base, ...overrides }) as unknown as Api;
}

describe('keyringConceivable', () => {
  it('needs a D-Bus session bus on Linux, and nothing on macOS or Windows', () => {
    expect(keyringConceivable({}, 'linux')).toBe(false);
    expect(keyringConceivable({ DBUS_SESSION_BUS_ADDRESS: 'unix:path=/x' }, 'linux')).toBe(true);
    expect(keyringConceivable({}, 'darwin')).toBe(true);
    expect(keyringConceivable({}, 'win32')).toBe(true);
    const runtime = mkdtempSync(join(tmpdir(), 'glance-run-'));
    expect(keyringConceivable({ XDG_RUNTIME_DIR: runtime }, 'linux')).toBe(false);
    writeFileSync(join(runtime, 'bus'), '');
    expect(keyringConceivable({ XDG_RUNTIME_DIR: runtime }, 'linux')).toBe(true);
    rmSync(runtime, { recursive: true, force: true });
  });

  it('opens no keyring where none can exist', () => {
    expect(openKeyring({ env: {}, platform: 'linux' })).toBeUndefined();
  });
});

describe('openKeyring', () => {
  it('tells a missing entry from a found one', async () => {
    const keyring = openKeyring({ env: {}, api: api({ getPassword: async (_service, account) => (account === 'yes' ? 'value' : null) }) })!;
    expect(await keyring.get('s', 'yes')).toEqual({ found: true, value: 'value' });
    expect(await keyring.get('s', 'no')).toEqual({ found: false });
  });

  it('gives up on a keyring that does not answer in time', async () => {
    const keyring = openKeyring({ env: {}, timeoutMs: 50, api: api({ getPassword: () => new Promise(() => undefined) }) })!;
    const started = Date.now();
    await expect(keyring.get('s', 'a')).rejects.toThrow(new KeyringUnavailableError('the OS keyring did not answer a read within 0.05 s'));
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('words a refusal without the library prefix', async () => {
    const keyring = openKeyring({
      env: {},
      api: api({ setPassword: async () => { throw new Error("Couldn't access platform storage: Secret Service: no result found"); } }),
    })!;
    await expect(keyring.set('s', 'a', 'secret')).rejects.toThrow('the OS keyring refused a write: Secret Service: no result found');
  });

  it('lists the accounts of a service', async () => {
    const keyring = openKeyring({ env: {}, api: api({ findCredentials: async () => [{ account: 'a', password: 'x' }, { account: 'b', password: 'y' }] }) })!;
    expect(await keyring.accounts('s')).toEqual(['a', 'b']);
  });
});

describe('the keyring library', () => {
  it('is loaded by src/auth/keyring.ts only, and only when a keyring is first used', async () => {
    const { readdirSync, readFileSync } = await import('node:fs');
    const root = new URL('../../../src/', import.meta.url).pathname;
    const sources = (directory: string): string[] =>
      readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
        entry.isDirectory() ? sources(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : [],
      );
    const users = sources(root).filter((path) => /['"]@napi-rs\/keyring/.test(readFileSync(path, 'utf8').replace(/typeof import\([^)]*\)/g, '')));
    expect(users.map((path) => path.slice(root.length))).toEqual(['auth/keyring.ts']);
    const text = readFileSync(join(root, 'auth/keyring.ts'), 'utf8');
    expect(text).not.toMatch(/^import\s+(?!type)[^;]*@napi-rs\/keyring/m);
    expect(text).toMatch(/import\('@napi-rs\/keyring\/keytar\.js'\)/);
  });
});
