/**
 * md-* parity with python-glanceclient 4.1: both clients run with the same arguments against the
 * same cloud, and their normalised stdout, stderr and exit codes must match. A command that
 * changes something runs on the same namespace, set up afresh through the API before each client.
 * Where ours deliberately differs (documented in the README), the test asserts both behaviours.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalised, ours, reference, type Normalised, type RunOptions, type RunResult } from './helpers.js';
import { COMMANDS } from '../../src/commands/registry.js';
import { deleteNamespace, getNamespace, NamespaceJanitor, resetNamespace } from './metadefs-helpers.js';

const janitor = new NamespaceJanitor('par');
/** Read by every read test, never changed. */
const READ = janitor.name('read');
/** Changed by the write tests: reset before each client's run. */
const WRITE = janitor.name('write');
const RENAMED = janitor.name('renamed');
const MISSING = janitor.name('missing');
let dir: string;

function fixture(name: string): Record<string, unknown> {
  return {
    namespace: name,
    display_name: 'Parity fixture',
    description: 'A namespace both clients read and change, with a description long enough to wrap in a table of eighty columns',
    visibility: 'private',
    protected: false,
    resource_type_associations: [
      { name: 'OS::Glance::Image', prefix: 'hw_' },
      { name: 'OS::Cinder::Volume', prefix: 'hw_', properties_target: 'image' },
    ],
    properties: {
      p1: { title: 'Prop one', type: 'string', description: 'One of a few letters', enum: ['a', 'b'] },
      p2: { title: 'Prop two', type: 'integer', minimum: 1, maximum: 8 },
    },
    objects: [
      {
        name: 'o1',
        description: 'An object whose description is longer than fifty characters, so that md-object-list wraps it',
        required: ['x'],
        properties: { x: { type: 'integer', title: 'X' }, y: { type: 'boolean', title: 'Y', description: 'Why not' } },
      },
      { name: 'o2' },
    ],
    tags: [{ name: 't1' }, { name: 't2' }],
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'glance-it-md-parity-'));
  await resetNamespace(fixture(READ));
});

afterAll(async () => {
  await janitor.cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** Both clients at once (reads), their normalised output compared. */
async function expectParity(args: string[], options: RunOptions = {}): Promise<{ ref: RunResult; our: RunResult }> {
  const [ref, our] = await Promise.all([reference(args, options), ours(args, options)]);
  expect(normalised(our)).toEqual(normalised(ref));
  return { ref, our };
}

/** One client after the other, each after `prepare` has set the cloud up the same way. */
async function expectWriteParity(args: string[], prepare: () => Promise<void>, options: RunOptions = {}): Promise<{ ref: RunResult; our: RunResult }> {
  await prepare();
  const ref = await reference(args, options);
  await prepare();
  const our = await ours(args, options);
  expect(normalised(our)).toEqual(normalised(ref));
  return { ref, our };
}

const freshWrite = (): Promise<void> => resetNamespace(fixture(WRITE));

describe('reads', () => {
  it.each([
    ['md-namespace-show', () => ['md-namespace-show', READ]],
    ['md-namespace-show --resource-type (prefixed property names)', () => ['md-namespace-show', READ, '--resource-type', 'OS::Glance::Image']],
    ['md-namespace-show --max-column-width 30', () => ['md-namespace-show', READ, '--max-column-width', '30']],
    ['md-namespace-show --max-column-width 0 (the default)', () => ['md-namespace-show', READ, '--max-column-width', '0']],
    ['md-namespace-show of a namespace Glance loaded', () => ['md-namespace-show', 'OS::Compute::Libvirt']],
    ['md-namespace-list', () => ['md-namespace-list']],
    ['md-namespace-list --page-size 7', () => ['md-namespace-list', '--page-size', '7']],
    ['md-namespace-list --visibility private', () => ['md-namespace-list', '--visibility', 'private']],
    ['md-namespace-list --resource-types twice', () => ['md-namespace-list', '--resource-types', 'OS::Cinder::Volume', '--resource-types', 'OS::Nova::Flavor']],
    ['md-namespace-resource-type-list', () => ['md-namespace-resource-type-list', READ]],
    ['md-resource-type-list', () => ['md-resource-type-list']],
    ['md-property-list', () => ['md-property-list', READ]],
    ['md-property-list of a namespace Glance loaded', () => ['md-property-list', 'OS::Compute::Libvirt']],
    ['md-property-show', () => ['md-property-show', READ, 'p1']],
    ['md-property-show --max-column-width 12', () => ['md-property-show', READ, 'p1', '--max-column-width', '12']],
    ['md-object-list', () => ['md-object-list', READ]],
    ['md-object-list of a namespace Glance loaded', () => ['md-object-list', 'OS::Software::DBMS']],
    ['md-object-show', () => ['md-object-show', READ, 'o1']],
    ['md-object-show of an object without properties', () => ['md-object-show', READ, 'o2']],
    ['md-object-property-show', () => ['md-object-property-show', READ, 'o1', 'y']],
    ['md-object-property-show --max-column-width 5', () => ['md-object-property-show', READ, 'o1', 'y', '--max-column-width', '5']],
    ['md-tag-list', () => ['md-tag-list', READ]],
    ['md-tag-show', () => ['md-tag-show', READ, 't1']],
  ])('%s', async (_label, args) => {
    const { our } = await expectParity(args());
    expect(our.code).toBe(0);
    expect(our.stdout).not.toBe('');
  });
});

describe('errors: the same message and exit code', () => {
  it.each([
    ['md-namespace-show', () => ['md-namespace-show', MISSING]],
    ['md-namespace-update', () => ['md-namespace-update', MISSING, '--description', 'x']],
    ['md-namespace-delete', () => ['md-namespace-delete', MISSING]],
    ['md-namespace-objects-delete', () => ['md-namespace-objects-delete', MISSING]],
    ['md-namespace-properties-delete', () => ['md-namespace-properties-delete', MISSING]],
    ['md-namespace-tags-delete', () => ['md-namespace-tags-delete', MISSING]],
    ['md-namespace-resource-type-list', () => ['md-namespace-resource-type-list', MISSING]],
    ['md-resource-type-associate', () => ['md-resource-type-associate', MISSING, '--name', 'OS::Nova::Flavor']],
    ['md-resource-type-deassociate (not associated)', () => ['md-resource-type-deassociate', READ, 'OS::Nova::Flavor']],
    ['md-property-list', () => ['md-property-list', MISSING]],
    ['md-property-show (no namespace)', () => ['md-property-show', MISSING, 'p1']],
    ['md-property-show (no property)', () => ['md-property-show', READ, 'nope']],
    ['md-property-update (no property)', () => ['md-property-update', READ, 'nope', '--title', 'x']],
    ['md-property-delete (no property)', () => ['md-property-delete', READ, 'nope']],
    ['md-property-create (no namespace)', () => ['md-property-create', MISSING, '--name', 'p', '--title', 'P', '--schema', '{"type": "string"}']],
    ['md-object-list', () => ['md-object-list', MISSING]],
    ['md-object-show (no object)', () => ['md-object-show', READ, 'nope']],
    ['md-object-update (no object)', () => ['md-object-update', READ, 'nope', '--name', 'x']],
    ['md-object-delete (no object)', () => ['md-object-delete', READ, 'nope']],
    ['md-object-create (no namespace)', () => ['md-object-create', MISSING, '--name', 'o', '--schema', '{}']],
    ['md-object-property-show (no property)', () => ['md-object-property-show', READ, 'o1', 'nope']],
    ['md-object-property-show (object without properties)', () => ['md-object-property-show', READ, 'o2', 'x']],
    ['md-tag-list', () => ['md-tag-list', MISSING]],
    ['md-tag-show (no tag)', () => ['md-tag-show', READ, 'nope']],
    ['md-tag-update (no tag)', () => ['md-tag-update', READ, 'nope', '--name', 'x']],
    ['md-tag-delete (no tag)', () => ['md-tag-delete', READ, 'nope']],
    ['md-tag-create (no namespace)', () => ['md-tag-create', MISSING, '--name', 't']],
    ['md-tag-create-multiple (no namespace)', () => ['md-tag-create-multiple', MISSING, '--names', 'a,b']],
    ['md-tag-create: a blank name', () => ['md-tag-create', READ, '--name', '  ']],
    ['md-tag-update: a blank name', () => ['md-tag-update', READ, 't1', '--name', ' ']],
    ['md-tag-create-multiple: only blanks', () => ['md-tag-create-multiple', READ, '--names', ' ;; ', '--delim', ';']],
    ['md-property-create: --schema not JSON', () => ['md-property-create', READ, '--name', 'p', '--title', 'P', '--schema', '{type: string}']],
    ['md-object-create: --schema not JSON', () => ['md-object-create', READ, '--name', 'o', '--schema', '[1']],
    ['md-property-update: --schema not JSON', () => ['md-property-update', READ, 'p1', '--schema', 'nope']],
    ['md-namespace-import: nothing on stdin or --file', () => ['md-namespace-import']],
    ['md-namespace-import: a missing file', () => ['md-namespace-import', '--file', join(dir, 'absent.json')]],
    ['md-namespace-import: a directory', () => ['md-namespace-import', '--file', dir]],
  ])('%s', async (_label, args) => {
    const { our } = await expectParity(args());
    expect(our.code).toBe(1);
    expect(our.stdout).toBe('');
    expect(our.stderr.split('\n')).toHaveLength(2);
  });

  it.each([
    ['md-property-create without --schema', ['md-property-create', 'ns', '--name', 'p', '--title', 'P']],
    ['md-object-create without --name', ['md-object-create', 'ns', '--schema', '{}']],
    ['md-tag-create without --name', ['md-tag-create', 'ns']],
    ['md-tag-create-multiple without --names', ['md-tag-create-multiple', 'ns']],
    ['md-tag-update without --name', ['md-tag-update', 'ns', 'tag']],
    ['md-namespace-show without a namespace', ['md-namespace-show']],
    ['md-resource-type-deassociate without a resource type', ['md-resource-type-deassociate', 'ns']],
    ['md-namespace-list --page-size abc', ['md-namespace-list', '--page-size', 'abc']],
  ])('usage error, %s: exit 2 and the same error line', async (_label, args) => {
    const [ref, our] = await Promise.all([reference(args), ours(args)]);
    expect([our.code, ref.code]).toEqual([2, 2]);
    expect(our.stdout).toBe('');
    expect(our.stderr.trimEnd().split('\n').at(-1)).toBe(ref.stderr.trimEnd().split('\n').at(-1));
  });

  it.each([
    ['md-property-create: a schema without type', ['md-property-create', READ, '--name', 'p', '--title', 'P', '--schema', '{}']],
    ['md-property-create: unknown keys', ['md-property-create', READ, '--name', 'p', '--title', 'P', '--schema', '{"zeta": 1, "alpha": 2, "type": "string"}']],
    ['md-property-create: a type outside the schema', ['md-property-create', READ, '--name', 'p', '--title', 'P', '--schema', '{"type": "text"}']],
    ['md-object-create: an unknown key', ['md-object-create', READ, '--name', 'o', '--schema', '{"title": "T"}']],
    ['md-resource-type-associate without --name', ['md-resource-type-associate', READ, '--prefix', 'x_']],
    ['md-property-update: an unknown key', ['md-property-update', READ, 'p1', '--schema', '{"foo": 1}']],
    ['md-property-update: a type outside the schema', ['md-property-update', READ, 'p1', '--schema', '{"type": "text"}']],
    ['md-object-update: an unknown key', ['md-object-update', READ, 'o1', '--schema', '{"foo": [1, "a"]}']],
    ['md-namespace-update: a visibility outside the schema', ['md-namespace-update', READ, '--visibility', 'shared']],
  ])('schema check, %s: our one line is the first line of the reference\'s jsonschema report', async (_label, args) => {
    const [ref, our] = await Promise.all([reference(args), ours(args)]);
    expect([our.code, ref.code]).toEqual([1, 1]);
    expect(our.stdout).toBe('');
    expect(our.stderr).toBe(`${ref.stderr.split('\n')[0]}\n`);
    expect(ref.stderr.split('\n').length).toBeGreaterThan(2);
  });
});

describe('writes: each client on the same freshly made namespace', () => {
  it.each([
    ['md-namespace-update', () => ['md-namespace-update', WRITE, '--description', 'Changed', '--display-name', 'Renamed fixture', '--protected', 'False']],
    ['md-namespace-delete', () => ['md-namespace-delete', WRITE]],
    ['md-namespace-objects-delete', () => ['md-namespace-objects-delete', WRITE]],
    ['md-namespace-properties-delete', () => ['md-namespace-properties-delete', WRITE]],
    ['md-namespace-tags-delete', () => ['md-namespace-tags-delete', WRITE]],
    ['md-resource-type-associate', () => ['md-resource-type-associate', WRITE, '--name', 'OS::Nova::Flavor', '--prefix', 'hw:', '--properties-target', 'flavor']],
    ['md-resource-type-deassociate', () => ['md-resource-type-deassociate', WRITE, 'OS::Glance::Image']],
    ['md-property-create', () => ['md-property-create', WRITE, '--name', 'p3', '--title', 'Three', '--schema', '{"type": "array", "items": {"type": "string", "enum": ["x", "y"]}, "description": "Many"}']],
    ['md-property-update', () => ['md-property-update', WRITE, 'p1', '--title', 'First', '--schema', '{"description": "Changed", "enum": ["a", "b", "c"]}']],
    ['md-property-update (rename)', () => ['md-property-update', WRITE, 'p2', '--name', 'p9']],
    ['md-property-delete', () => ['md-property-delete', WRITE, 'p1']],
    ['md-object-create', () => ['md-object-create', WRITE, '--name', 'o3', '--schema', '{"description": "Third", "properties": {"z": {"type": "string", "title": "Z"}}, "required": ["z"]}']],
    ['md-object-update (rename and change)', () => ['md-object-update', WRITE, 'o1', '--name', 'o9', '--schema', '{"description": "Renamed"}']],
    ['md-object-delete', () => ['md-object-delete', WRITE, 'o2']],
    ['md-tag-create', () => ['md-tag-create', WRITE, '--name', ' t3 ']],
    ['md-tag-create-multiple (replaces the tags)', () => ['md-tag-create-multiple', WRITE, '--names', 'x, y,,z']],
    ['md-tag-create-multiple --delim', () => ['md-tag-create-multiple', WRITE, '--names', 'x|y', '--delim', '|']],
    ['md-tag-update', () => ['md-tag-update', WRITE, 't1', '--name', 't9']],
    ['md-tag-delete', () => ['md-tag-delete', WRITE, 't2']],
  ])('%s', async (_label, args) => {
    const { our } = await expectWriteParity(args(), freshWrite);
    expect(our.code).toBe(0);
  });

  it('md-namespace-update --namespace renames, and both show the namespace under its new name', async () => {
    const prepare = async (): Promise<void> => {
      await deleteNamespace(RENAMED);
      await freshWrite();
    };
    const { our } = await expectWriteParity(['md-namespace-update', WRITE, '--namespace', RENAMED], prepare);
    expect(our.stdout).toContain(`| namespace                  | ${RENAMED} `);
    expect(await getNamespace(WRITE)).toBeUndefined();
  });

  it.each([
    ['plain', () => ['md-namespace-create', WRITE]],
    ['with every schema option', () => ['md-namespace-create', WRITE, '--display-name', 'Made', '--description', 'By a test', '--visibility', 'public', '--protected', 'False', '--owner', 'someone']],
  ])('md-namespace-create, %s', async (_label, args) => {
    const { our } = await expectWriteParity(args(), () => deleteNamespace(WRITE));
    expect(our.code).toBe(0);
  });

  it('md-namespace-import --file', async () => {
    const file = join(dir, 'import.json');
    writeFileSync(file, JSON.stringify(fixture(WRITE)));
    const { our } = await expectWriteParity(['md-namespace-import', '--file', file], () => deleteNamespace(WRITE));
    expect(our.code).toBe(0);
    expect(our.stdout).toContain('| objects                    | ["o1", "o2"] ');
  });

  it('md-namespace-import from a pipe on stdin', async () => {
    const { our } = await expectWriteParity(['md-namespace-import'], () => deleteNamespace(WRITE), { stdin: { pipe: Buffer.from(JSON.stringify(fixture(WRITE))) } });
    expect(our.code).toBe(0);
  });
});

describe('deliberate differences', () => {
  it('md-tag-create-multiple --append: the reference fails to send its header; ours adds the tags', async () => {
    await freshWrite();
    const ref = await reference(['md-tag-create-multiple', WRITE, '--names', 'x', '--append']);
    expect([ref.code, ref.stderr]).toEqual([1, 'quote_from_bytes() expected bytes\n']);
    const our = await ours(['md-tag-create-multiple', WRITE, '--names', 'x,y', '--append']);
    expect([our.code, our.stderr]).toEqual([0, '']);
    const tags = ((await getNamespace(WRITE))!.tags as { name: string }[]).map((tag) => tag.name).sort();
    expect(tags).toEqual(['t1', 't2', 'x', 'y']);
  });

  it('md-namespace-create --resource-type-associations: the reference cannot make association objects from words; ours can', async () => {
    await deleteNamespace(WRITE);
    const ref = await reference(['md-namespace-create', WRITE, '--resource-type-associations', 'OS::Glance::Image']);
    expect([ref.code, ref.stderr.split('\n')[0]]).toEqual([1, "'OS::Glance::Image' is not of type 'object'"]);
    const our = await ours(['md-namespace-create', WRITE, '--resource-type-associations', 'OS::Glance::Image', 'OS::Nova::Flavor']);
    expect(our.code).toBe(0);
    expect(our.stdout).toContain('| resource_type_associations | ["OS::Glance::Image", "OS::Nova::Flavor"] |');
  });

  it('md-namespace-create --visibility outside the schema: both refuse before sending; ours says which option', async () => {
    await deleteNamespace(WRITE);
    const [ref, our] = await Promise.all([reference(['md-namespace-create', WRITE, '--visibility', 'shared']), ours(['md-namespace-create', WRITE, '--visibility', 'shared'])]);
    expect([ref.code, ref.stderr.split('\n')[0]]).toEqual([1, "'shared' is not one of ['public', 'private']"]);
    expect([our.code, our.stderr]).toEqual([1, "Unable to set 'visibility' to 'shared'. Reason: 'shared' is not one of ['public', 'private']\n"]);
    expect(await getNamespace(WRITE)).toBeUndefined();
  });

  it('--protected takes True or False only: the reference reads any other word as False', async () => {
    await deleteNamespace(WRITE);
    const our = await ours(['md-namespace-create', WRITE, '--protected', 'maybe']);
    expect([our.code, our.stderr.trimEnd().split('\n').at(-1)]).toEqual([2, "glance md-namespace-create: error: argument --protected: invalid boolean value: 'maybe' (use True or False)"]);
    expect(await getNamespace(WRITE)).toBeUndefined();
  });
});

describe('help: the same options as the reference', () => {
  /** Options ours adds to every command that prints (-f, -c ...), and schema fields Glance sets itself, which ours leaves out. */
  const OURS_ONLY = ['-f', '-c', '--noindent', '--quote', '--prefix', '--sort-column', '--sort-ascending', '--sort-descending'];
  const READ_ONLY = ['--created-at', '--updated-at', '--schema', '--self'];

  function optionStrings(help: string): string[] {
    return [...new Set(help.split('\n').flatMap((line) => /^ {2}(--?[a-z][a-z-]*)/.exec(line)?.[1] ?? []))].sort();
  }

  const names = Object.keys(COMMANDS).filter((name) => name.startsWith('md-'));

  it('covers the 30 md-* commands', () => {
    expect(names).toHaveLength(30);
  });

  it.each(names)('%s', async (name) => {
    const [ref, our] = await Promise.all([reference(['help', name]), ours(['help', name])]);
    expect([ref.code, our.code]).toEqual([0, 0]);
    const schemaReadOnly = ['md-namespace-create', 'md-namespace-update', 'md-resource-type-associate'].includes(name) ? READ_ONLY : [];
    const expected = optionStrings(ref.stdout).filter((option) => !schemaReadOnly.includes(option));
    // md-resource-type-associate's --prefix is its own: it has no output options.
    const own = optionStrings(our.stdout).filter((option) => !OURS_ONLY.includes(option) || (name === 'md-resource-type-associate' && option === '--prefix'));
    expect(own).toEqual(expected);
    expect(our.stdout.split('\n')[0]).toMatch(new RegExp(`^usage: glance ${name}( |$)`));
  });
});
