import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { redactHeaderValue, redactJsonText } from '../../../src/http/redact.js';

describe('redaction', () => {
  it('shows tokens as their SHA-256, as keystoneauth does', () => {
    const digest = createHash('sha256').update('secret').digest('hex');
    expect(redactHeaderValue('X-Auth-Token', 'secret')).toBe(`{SHA256}${digest}`);
    expect(redactHeaderValue('x-subject-token', 'secret')).toBe(`{SHA256}${digest}`);
    expect(redactHeaderValue('X-Service-Token', 'secret')).toBe(`{SHA256}${digest}`);
    expect(redactHeaderValue('Authorization', 'Basic abc')).toBe('***');
    expect(redactHeaderValue('Content-Type', 'application/json')).toBe('application/json');
  });

  it('hides passwords, secrets and token ids in JSON bodies, keeping the rest', () => {
    const body = JSON.stringify({
      auth: {
        identity: {
          methods: ['password', 'token'],
          password: { user: { name: 'admin', password: 'pw' } },
          token: { id: 'tok' },
          application_credential: { id: 'ac', secret: 's' },
        },
      },
    });
    expect(JSON.parse(redactJsonText(body))).toEqual({
      auth: {
        identity: {
          methods: ['password', 'token'],
          password: { user: { name: 'admin', password: '***' } },
          token: { id: '***' },
          application_credential: { id: 'ac', secret: '***' },
        },
      },
    });
  });

  it('leaves text that is not JSON alone', () => {
    expect(redactJsonText('plain')).toBe('plain');
  });
});
