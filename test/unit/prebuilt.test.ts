/** When bin/glance.js answers from the build instead of loading the command line. */
import { describe, expect, it } from 'vitest';
import { isBareVersion, prebuiltHelpApplies } from '../../src/prebuilt.js';

describe('prebuilt answers', () => {
  it('--version alone', () => {
    expect([['--version'], ['--version', '--debug'], ['-d', '--version'], []].map(isBareVersion)).toEqual([true, false, false, false]);
  });

  it('help alone, to a pipe or a file', () => {
    const asked = [[], ['help'], ['-h'], ['--help'], ['help', 'image-list'], ['--debug', 'help'], ['image-list']];
    expect(asked.map((argv) => prebuiltHelpApplies(argv, {}, false))).toEqual([true, true, true, true, false, false, false]);
    expect(prebuiltHelpApplies(['help'], {}, true)).toBe(false);
  });

  it('not when the environment can choose the Image API v1', () => {
    for (const env of [{ OS_IMAGE_API_VERSION: '2' }, { OS_IMAGE_URL: 'http://h/v1' }, { OS_CLOUD: 'c' }, { OS_AUTH_URL: 'http://h:5000/v2.0/' }]) {
      expect(prebuiltHelpApplies(['help'], env, false), JSON.stringify(env)).toBe(false);
    }
    expect(prebuiltHelpApplies(['help'], { OS_AUTH_URL: 'http://h:5000/v3', OS_USERNAME: 'u' }, false)).toBe(true);
  });
});
