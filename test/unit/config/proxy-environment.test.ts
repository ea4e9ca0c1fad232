import { describe, expect, it } from 'vitest';
import { bypassesProxy, proxyFromEnvironment } from '../../../src/http/dispatcher.js';

describe('proxyFromEnvironment (as curl reads the variables)', () => {
  it('reads http_proxy in lower case only, https_proxy in either case, all_proxy as the fallback', () => {
    expect(proxyFromEnvironment({ HTTP_PROXY: 'http://upper:1' })).toBeUndefined();
    expect(proxyFromEnvironment({ http_proxy: 'http://p:1', HTTPS_PROXY: 'http://s:2', NO_PROXY: 'a' })).toEqual({
      http: 'http://p:1',
      https: 'http://s:2',
      noProxy: 'a',
    });
    expect(proxyFromEnvironment({ ALL_PROXY: 'http://all:3', https_proxy: 'http://s:2', no_proxy: 'lower', NO_PROXY: 'upper' })).toEqual({
      http: 'http://all:3',
      https: 'http://s:2',
      noProxy: 'lower',
    });
    expect(proxyFromEnvironment({ http_proxy: '', no_proxy: '*' })).toBeUndefined();
  });
});

describe('bypassesProxy', () => {
  it.each([
    ['keystone.example.com', 'example.com', true],
    ['keystone.example.com', '.example.com', true],
    ['example.com', '.example.com', true],
    ['badexample.com', 'example.com', false],
    ['KEYSTONE.Example.com', 'example.COM', true],
    ['anything', '*', true],
    ['127.0.0.1', '127.0.0.1', true],
    ['127.0.0.1', 'localhost,127.0.0.1', true],
    ['127.0.0.2', '127.0.0.0/8', true],
    ['10.0.0.1', '127.0.0.0/8', false],
    ['[::1]', '::1', true],
    ['::1', '[::1]', true],
    ['host', 'host:8080', true],
    ['host', '', false],
    ['host', 'other other2', false],
    ['host', 'other host', true],
  ])('%s with no_proxy=%j: %s', (host, noProxy, expected) => {
    expect(bypassesProxy(host, noProxy)).toBe(expected);
  });
});
