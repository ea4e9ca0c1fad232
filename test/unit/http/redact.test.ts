import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { secretFields } from '../../../src/auth/plugins/index.js';
import { secretSettingNames } from '../../../src/config/options.js';
import { redactHeaderValue, redactJsonText, redactUrl, redactUrlsIn, secretFieldTest } from '../../../src/http/redact.js';

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

describe('URL masking', () => {
  it.each([
    ['http://user:s3cret@images.example/cirros.img', 'http://user:***@images.example/cirros.img'],
    ['https://user:s3cret@images.example:8443', 'https://user:***@images.example:8443'],
    ['http://user:@host/x', 'http://user:***@host/x'],
    // A password typed raw, with characters a URL parser would take for the end of it.
    ['http://user:p@ss?w#rd@host/x', 'http://user:***@host/x'],
    ['https://s3.example/b/k?X-Amz-Algorithm=AWS4&X-Amz-Credential=AK%2F2030&X-Amz-Signature=abc123&X-Amz-Security-Token=t0k', 'https://s3.example/b/k?X-Amz-Algorithm=AWS4&X-Amz-Credential=AK%2F2030&X-Amz-Signature=***&X-Amz-Security-Token=***'],
    ['http://h/x?token=abc&name=cirros&password=pw&secret=s&signature=sig1', 'http://h/x?token=***&name=cirros&password=***&secret=***&signature=***'],
    ['https://swift.example/v1/AUTH_a/c/o?temp_url_sig=da39a3&temp_url_expires=1', 'https://swift.example/v1/AUTH_a/c/o?temp_url_sig=***&temp_url_expires=1'],
    ['https://app.example/cb#access_token=abc&state=1', 'https://app.example/cb#access_token=***&state=1'],
    ['https://u:pw@h/x?api_key=k&limit=1', 'https://u:***@h/x?api_key=***&limit=1'],
  ])('%s', (url, shown) => {
    expect(redactUrl(url)).toBe(shown);
  });

  it('leaves URLs without secrets exactly as written', () => {
    for (const url of [
      'http://127.0.0.1:9292/v2/images?limit=20&sort_key=name&sort_dir=asc',
      'https://user@host/x',
      'http://[::1]:8000/cirros-test.qcow2',
      'file:///var/lib/glance/images/x',
      'http://h/x?token=',
      'not a url',
    ]) {
      expect(redactUrl(url)).toBe(url);
    }
  });

  it('masks every URL in free text, and nothing else', () => {
    expect(redactUrlsIn("HTTP 400 Bad Request: URI for web-download does not pass filtering: http://u:pw@[::1]:8000/x.img")).toBe(
      'HTTP 400 Bad Request: URI for web-download does not pass filtering: http://u:***@[::1]:8000/x.img',
    );
    expect(redactUrlsIn("HTTP Unknown URL(s): ['http://a:pw@h/1', 'https://h/2?sig=x']")).toBe("HTTP Unknown URL(s): ['http://a:***@h/1', 'https://h/2?sig=***']");
    expect(redactUrlsIn('password: pw, user:pw@host')).toBe('password: pw, user:pw@host');
  });

  it('masks URLs in --debug header values and bodies, JSON or not', () => {
    expect(redactHeaderValue('x-glance-api-copy-from', 'http://u:pw@h/x')).toBe('http://u:***@h/x');
    expect(redactHeaderValue('Location', 'http://h/v2/images/1')).toBe('http://h/v2/images/1');
    expect(redactJsonText('{"method":{"name":"web-download","uri":"http://u:p\\"w@h/x?token=t"}}')).toBe(
      '{"method":{"name":"web-download","uri":"http://u:***@h/x?token=***"}}',
    );
    expect(redactJsonText('<html><body>400 Bad Request http://u:pw@h/x</body></html>')).toBe('<html><body>400 Bad Request http://u:***@h/x</body></html>');
  });
});
