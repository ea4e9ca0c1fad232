/** An OS keyring in memory, recording the accounts looked up. */
import type { Keyring, KeyringLookup } from '../../src/auth/keyring.js';

export class MemoryKeyring implements Keyring {
  /** By "service|account". */
  readonly entries = new Map<string, string>();
  readonly lookedUp: string[] = [];

  async get(service: string, account: string): Promise<KeyringLookup> {
    this.lookedUp.push(account);
    const value = this.entries.get(`${service}|${account}`);
    return value === undefined ? { found: false } : { found: true, value };
  }
  async set(service: string, account: string, value: string): Promise<void> {
    this.entries.set(`${service}|${account}`, value);
  }
  async delete(service: string, account: string): Promise<boolean> {
    return this.entries.delete(`${service}|${account}`);
  }
  async accounts(): Promise<string[]> {
    return [];
  }
}
