/** The layering rules of CONTRIBUTING.md, checked on the import statements of src/. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = new URL('../../src/', import.meta.url).pathname;

function sourceFiles(directory = SRC): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sourceFiles(join(directory, entry.name)) : entry.name.endsWith('.ts') ? [join(directory, entry.name)] : [],
  );
}

const FILES = sourceFiles().map((path) => {
  const text = readFileSync(path, 'utf8');
  const imports = [...text.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((match) => ({
    typeOnly: Boolean(match[1]),
    from: match[2]!,
  }));
  return { name: relative(SRC, path), text, imports };
});

/** Files whose runtime imports include `module` (type-only imports do not load anything). */
function importersOf(predicate: (from: string, file: string) => boolean): string[] {
  return FILES.filter((file) => file.imports.some((entry) => !entry.typeOnly && predicate(entry.from, file.name))).map((file) => file.name);
}

describe('architecture', () => {
  it('only src/http loads undici', () => {
    expect(importersOf((from) => from === 'undici' || from.startsWith('undici/'))).toEqual(['http/undici.ts']);
    // The dynamic import keeps undici out of start-up for commands that send nothing.
    expect(importersOf((from) => from === './undici.js')).toEqual([]);
    expect(FILES.filter((file) => /import\('(undici|\.\/undici\.js)'\)/.test(file.text)).map((file) => file.name)).toEqual(['http/client.ts']);
  });

  it('the table renderer (and cli-table3 with it) loads only when a table is printed', () => {
    expect(importersOf((from) => /\/table\.js$/.test(from))).toEqual([]);
    expect(FILES.filter((file) => /import\('\.\/table\.js'\)/.test(file.text)).map((file) => file.name)).toEqual(['output/print.ts']);
  });

  it('only src/output loads cli-table3 and cli-progress', () => {
    const users = FILES.filter((file) => /['"]cli-(table3|progress)['"]/.test(file.text)).map((file) => file.name);
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((name) => name.startsWith('output/'))).toBe(true);
  });

  it('only src/main.ts touches process', () => {
    const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
    const users = FILES.filter((file) => /(^|[^.\w])process\./m.test(code(file.text))).map((file) => file.name);
    expect(users).toEqual(['main.ts']);
  });

  it('commands never reach below the Glance API layer', () => {
    expect(importersOf((from, name) => name.startsWith('commands/') && /\/(http|auth)\//.test(from))).toEqual([]);
  });

  it('commands import nothing but types from the composition root (the v1 policy is a setting and the API says it)', () => {
    expect(importersOf((from, name) => name.startsWith('commands/') && /\/context\.js$/.test(from))).toEqual([]);
  });

  it('GET /versions is read in one module', () => {
    expect(FILES.filter((file) => file.text.includes("'/versions'")).map((file) => file.name)).toEqual(['glance/versions.ts']);
  });

  it('commander is confined to the command line modules', () => {
    const users = importersOf((from) => from === 'commander');
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((name) => name.startsWith('cli/'))).toBe(true);
  });

  it('only the command line (src/cli) reaches into src/commands from outside', () => {
    const users = importersOf((from, name) => !name.startsWith('commands/') && from.includes('commands/'));
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((name) => name.startsWith('cli/'))).toBe(true);
  });

  it('the transfer pipeline knows nothing of the command line or the command context, not even their types', () => {
    const transfer = FILES.filter((file) => file.name.startsWith('transfer/'));
    expect(transfer.length).toBeGreaterThan(0);
    const offending = transfer.flatMap((file) =>
      file.imports.filter((entry) => entry.from === 'commander' || /\/(commands|cli)\/|\/context\.js$/.test(entry.from)).map((entry) => `${file.name}: ${entry.from}`),
    );
    expect(offending).toEqual([]);
  });

  it('auth is a token source apart from Glance, and HTTP knows nothing of auth', () => {
    // Type-only imports count too: auth must not even know what a Glance request is.
    const anyImporters = (predicate: (from: string, file: string) => boolean): string[] =>
      FILES.filter((file) => file.imports.some((entry) => predicate(entry.from, file.name))).map((file) => file.name);
    expect(anyImporters((from, name) => name.startsWith('auth/') && /(^|\/)glance\//.test(from))).toEqual([]);
    expect(anyImporters((from, name) => name.startsWith('http/') && /(^|\/)auth\//.test(from))).toEqual([]);
    expect(FILES.filter((file) => /\bextends\s+HttpClient\b/.test(file.text)).map((file) => file.name)).toEqual([]);
  });

  it('the image inspector is a domain module: no commander, context, output, HTTP or cloud', () => {
    const users = importersOf((from, name) => name.startsWith('inspect/') && (from === 'commander' || /\/(context|output|http|auth|config|commands|glance|cli)(\/|\.js$)/.test(from)));
    expect(FILES.some((file) => file.name.startsWith('inspect/'))).toBe(true);
    expect(users).toEqual([]);
  });

  it('the Glance API layer knows nothing of output, config or commands', () => {
    expect(importersOf((from, name) => name.startsWith('glance/') && /\/(output|config|commands|auth)\//.test(from))).toEqual([]);
  });
});
