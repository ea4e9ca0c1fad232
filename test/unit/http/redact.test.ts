import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretFields } from '../../../src/auth/plugins/index.js';
import { secretSettingNames } from '../../../src/config/options.js';
import { redactHeaderValue, redactJsonText, secretFieldTest } from '../../../src/http/redact.js';

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

  it('hides every setting the option table marks secret and every auth plugin\'s secret field, by any spelling', () => {
    const names = [...secretSettingNames(), ...secretFields()];
    expect(names).toEqual(expect.arrayContaining(['osPassword', 'password', 'osAuthToken', 'authToken', 'applicationCredentialSecret', 'application_credential_secret']));
    const isSecret = secretFieldTest(names);
    for (const name of [...names, 'client_secret', 'clientSecret', 'passcode', 'refresh_token', 'Admin-Password']) {
      expect(JSON.parse(redactJsonText(JSON.stringify({ [name]: 'hidden' }), isSecret)), name).toEqual({ [name]: '***' });
    }
    expect(JSON.parse(redactJsonText('{"name":"x","size":"3"}', isSecret))).toEqual({ name: 'x', size: '3' });
  });

  it('takes names that do not look secret from the caller', () => {
    const body = JSON.stringify({ totp: { code: '123456' } });
    expect(redactJsonText(body)).toBe(body);
    expect(redactJsonText(body, secretFieldTest(['code']))).toBe('{"totp":{"code":"***"}}');
  });

  it('leaves text that is not JSON alone', () => {
    expect(redactJsonText('plain')).toBe('plain');
  });
});
