import { describe, expect, it } from 'vitest';
import { errorDetails, MAX_DETAILS_LENGTH } from '../../../src/glance/errors.js';

describe('errorDetails (glanceclient exc.from_response)', () => {
  it('joins de-tagged, de-duplicated HTML lines with ": "', () => {
    const body = '<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n  No image found with ID x<br /><br />\n\n\n </body>\n</html>';
    expect(errorDetails({ status: 404, contentType: 'text/html; charset=UTF-8', body })).toBe('404 Not Found: No image found with ID x');
  });

  it('joins the message of each top-level JSON object', () => {
    const body = JSON.stringify({ error: { message: 'first' }, other: { message: 'second' }, code: 3 });
    expect(errorDetails({ status: 400, contentType: 'application/json', body })).toBe('first\nsecond');
  });

  it('reads the flat JSON Glance sends when asked for JSON', () => {
    const body = JSON.stringify({ message: 'No image found with ID x<br /><br />\n\n\n', code: '404 Not Found', title: 'Not Found' });
    expect(errorDetails({ status: 404, contentType: 'application/json', body })).toBe('No image found with ID x');
  });

  it('uses plain text with blank lines folded, and the class name when there is no body', () => {
    expect(errorDetails({ status: 500, contentType: 'text/plain', body: 'a\n\nb' })).toBe('a\nb');
    expect(errorDetails({ status: 409, contentType: '', body: '' })).toBe('HTTPConflict');
    expect(errorDetails({ status: 418, contentType: '', body: '' })).toBe('HTTPException');
  });
});

describe('errorDetails beyond the reference (issue 13, item 10)', () => {
  const URL = 'http://user:pass@127.0.0.1:9292/v2/images/x';

  it("keeps Glance's HTML entities as the reference prints them", () => {
    const body = '<html>\n <body>\n  <h1>400 Bad Request</h1>\n  Image is already present at store &#x27;cheap&#x27;<br /><br />\n </body>\n</html>';
    expect(errorDetails({ status: 400, contentType: 'text/html', body })).toBe('400 Bad Request: Image is already present at store &#x27;cheap&#x27;');
  });

  it('bounds a message that echoes a huge name, with an ellipsis', () => {
    const name = 'n'.repeat(70_000);
    const body = `<html>\n <body>\n  <h1>400 Bad Request</h1>\n  Name ${name} is too long<br /><br />\n </body>\n</html>`;
    const details = errorDetails({ status: 400, contentType: 'text/html', body });
    expect(details).toHaveLength(MAX_DETAILS_LENGTH + 1);
    expect(details).toBe(`400 Bad Request: Name ${name}`.slice(0, MAX_DETAILS_LENGTH) + '…');
  });

  it('never quotes a body that is not text: names the status, the service and the URL (masked)', () => {
    const body = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01, 0xff, 0xfe]).toString('utf8');
    expect(errorDetails({ status: 502, contentType: 'application/octet-stream', body, url: URL })).toBe(
      '502 Bad Gateway from the image service at http://user:***@127.0.0.1:9292/v2/images/x (the body is not text)',
    );
    expect(errorDetails({ status: 599, contentType: 'text/plain', body: 'a\u0000b', url: URL })).toBe(
      '599 from the image service at http://user:***@127.0.0.1:9292/v2/images/x (the body is not text)',
    );
  });

  it('keeps short printable text as the reference shows it', () => {
    expect(errorDetails({ status: 502, contentType: 'text/plain', body: 'upstream connect error\n\nreset', url: URL })).toBe('upstream connect error\nreset');
  });
});
