/**
 * Each command is declared once: its registry line names the module whose path gives its name,
 * and help, `help CMD` and completion all reach it from that one declaration.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../../src/commands/registry.js';
import { runCli } from '../../helpers/cli.js';

const REGISTRY = readFileSync(new URL('../../../src/commands/registry.ts', import.meta.url), 'utf8');
const NAMES = Object.keys(COMMANDS);
const OFFLINE = { OS_AUTH_URL: 'http://127.0.0.1:9/v3' };

describe('the command registry', () => {
  it('has one line per command, whose module path joined by "-" is the name', () => {
    const lines = [...REGISTRY.matchAll(/^\s+'([a-z-]+)': .*?import\('\.\/([a-z/-]+)\.js'\)/gm)];
    expect(lines.map((line) => line[1])).toEqual(NAMES);
    for (const [, name, path] of lines) {
      expect(path!.replaceAll('/', '-')).toBe(name);
    }
  });

  it('lists the commands in name order', () => {
    expect(NAMES).toEqual([...NAMES].sort());
  });

  it.each(NAMES)('%s: its definition carries the same name', async (name) => {
    const module = await COMMANDS[name]!();
    if ('command' in module) {
      expect(module.command.name).toBe(name);
    }
  });
});

describe('every command is reachable from help and completion', () => {
  it('glance help lists each one', async () => {
    const help = (await runCli(['help'], { env: OFFLINE })).stdout;
    for (const name of NAMES) {
      expect(help).toMatch(new RegExp(`\\n    ${name}(\\n| )`));
    }
  });

  it.each(NAMES)('glance help %s prints its usage', async (name) => {
    const run = await runCli(['help', name], { env: OFFLINE });
    expect([run.exitCode, run.stderr]).toEqual([0, '']);
    expect(run.stdout.startsWith(`usage: glance ${name}`)).toBe(true);
  });

  it('bash-completion offers each one', async () => {
    const words = (await runCli(['bash-completion'], { env: OFFLINE })).stdout.trim().split(' ');
    expect(words).toEqual(expect.arrayContaining(NAMES));
  });
});
