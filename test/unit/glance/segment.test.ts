import { describe, expect, it } from 'vitest';
import { segment } from '../../../src/glance/transport.js';

describe('segment', () => {
  it('encodes a path segment whole: slashes, spaces, and the dot segments that would climb the path', () => {
    expect(['a/b', 'a b', '.', '..', '...', 'v1.2', 'é'].map(segment)).toEqual(['a%2Fb', 'a%20b', '%2E', '%2E%2E', '...', 'v1.2', '%C3%A9']);
  });
});
