import { describe, expect, it } from 'vitest';
import { parseYaml } from '../../../src/config/yaml.js';

describe('parseYaml', () => {
  it('reads a clouds.yaml as openstacksdk writes it', () => {
    const text = `# written by hand
---
clouds:
  mycloud:
    auth_type: password   # the default
    auth:
      auth_url: https://keystone.example:5000/v3
      username: 'admin'
      password: "p#ss: 'word'"
      project_name: admin
    region_name: RegionOne
    identity_api_version: 3
    verify: false
    regions:
      - RegionOne
      - name: RegionTwo
        values: {interface: internal, retries: [1, 2]}
    flow: [a, 'b, c', "d"]
  empty:
`;
    expect(parseYaml(text)).toEqual({
      clouds: {
        mycloud: {
          auth_type: 'password',
          auth: { auth_url: 'https://keystone.example:5000/v3', username: 'admin', password: "p#ss: 'word'", project_name: 'admin' },
          region_name: 'RegionOne',
          identity_api_version: 3,
          verify: false,
          regions: ['RegionOne', { name: 'RegionTwo', values: { interface: 'internal', retries: [1, 2] } }],
          flow: ['a', 'b, c', 'd'],
        },
        empty: null,
      },
    });
  });

  it('resolves scalars as PyYAML does', () => {
    expect(parseYaml('a: yes\nb: Off\nc: ~\nd: 1.5\ne: "2"\nf: 0x1\ng: it\'s\nh: \'it\'\'s\'\ni: "tab\\there"')).toEqual({
      a: true,
      b: false,
      c: null,
      d: 1.5,
      e: '2',
      f: '0x1',
      g: "it's",
      h: "it's",
      i: 'tab\there',
    });
  });

  it('reads sequences at the same indentation as their key, and block scalars', () => {
    expect(parseYaml('list:\n- a\n- b\nliteral: |\n  line 1\n  line 2\nfolded: >-\n  one\n  two\nafter: x\n')).toEqual({
      list: ['a', 'b'],
      literal: 'line 1\nline 2\n',
      folded: 'one two',
      after: 'x',
    });
  });

  it('continues a plain scalar on more-indented lines', () => {
    expect(parseYaml('key: a long\n  value\nnext: 1')).toEqual({ key: 'a long value', next: 1 });
  });

  it.each([
    ['a: &anchor 1', /anchors, aliases and tags/],
    ['a: *alias', /anchors, aliases and tags/],
    ['a: 1\na: 2', /line 2: duplicate key 'a'/],
    ['a:\n\tb: 1', /tabs/],
    ['a: "open', /unterminated/],
    ['a: [1, 2', /flow/],
    ['a: 1\n  b: 2', /line 2/],
    ['---\na: 1\n---\nb: 2', /one YAML document/],
  ])('refuses %j clearly', (text, message) => {
    expect(() => parseYaml(text)).toThrow(message);
  });

  it('reads an empty document as null', () => {
    expect(parseYaml('# nothing\n\n')).toBeNull();
  });
});

describe('parseYaml errors', () => {
  it('never quote the line, which may hold a password', () => {
    for (const text of ['auth:\n  password s3cret-value', 'auth:\n  password: "s3cret-value\\q"', 'auth:\n  password: "s3cret-value\\xZZ"']) {
      expect(() => parseYaml(text)).toThrow(/^line 2: /);
      try {
        parseYaml(text);
      } catch (error) {
        expect((error as Error).message).not.toContain('s3cret');
      }
    }
  });
});
