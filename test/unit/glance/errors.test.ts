import { describe, expect, it } from 'vitest';
import { errorDetails } from '../../../src/glance/errors.js';

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
