import type { IncomingMessage } from 'node:http';

/** `application/json`, with no parameter but an optional UTF-8 charset (compared case-insensitively). */
const PLAIN_JSON_TYPE = /^application\/json[ \t]*(?:;[ \t]*charset[ \t]*=[ \t]*(?:utf-8|"utf-8")[ \t]*)?$/i;
const DIGITS = /^[0-9]+$/;
/** RFC 7159's whitespace, then the first other character (as body-parser finds it). */
const FIRST_NON_WHITESPACE = /^[\x20\x09\x0a\x0d]*([^\x20\x09\x0a\x0d]|$)/;

/**
 * Whether `req` carries a body that express.json (body-parser 2) would read as plain UTF-8 JSON and that
 * fits in `limit` bytes, as its headers announce: content-type application/json (charset absent or UTF-8),
 * no content encoding, a content-length of at most `limit`. Every other request (chunked, compressed, other
 * types or charsets, too large) is one whose answer express.json decides: leave it to express.
 */
export function isPlainJsonBody(req: IncomingMessage, limit: number): boolean {
  const { headers } = req;
  const type = headers['content-type'];
  if (type === undefined || !PLAIN_JSON_TYPE.test(type)) return false;
  const encoding = headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  const length = headers['content-length'];
  return (
    headers['transfer-encoding'] === undefined && length !== undefined && DIGITS.test(length) && Number(length) <= limit
  );
}

/** Reads the whole body of `req` as UTF-8 (Node's HTTP parser stops it at its content-length). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.once('end', () =>
      resolve(chunks.length === 1 ? (chunks[0] as Buffer).toString() : Buffer.concat(chunks).toString()),
    );
    req.once('error', reject);
    req.once('close', () => {
      if (!req.complete) reject(Object.assign(new Error('request aborted'), { status: 400, type: 'request.aborted' }));
    });
  });
}

/**
 * Parses a JSON body as express.json does by default (strict): a leading byte order mark is dropped, an empty
 * body is `{}`, anything but an object or an array at the top is refused with the SyntaxError JSON.parse
 * would give, and a malformed body with JSON.parse's own. The error carries status 400, as body-parser's,
 * for express's error handler.
 */
export function parseJsonBody(text: string): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.length === 0) return {};
  try {
    if (body[0] !== '{' && body[0] !== '[') {
      const first = FIRST_NON_WHITESPACE.exec(body)?.[1] || undefined;
      if (first !== '{' && first !== '[') throw toStrictSyntaxError(body, first);
    }
    return JSON.parse(body);
  } catch (error) {
    throw Object.assign(error as SyntaxError, {
      status: 400,
      statusCode: 400,
      expose: true,
      type: 'entity.parse.failed',
    });
  }
}

/** body-parser's strict violation: JSON.parse's message for the body cut at its first character. */
function toStrictSyntaxError(body: string, first: string | undefined): SyntaxError {
  const index = first === undefined ? -1 : body.indexOf(first);
  const partial = index === -1 ? '' : body.slice(0, index) + '#'.repeat(body.length - index);
  try {
    JSON.parse(partial);
  } catch (error) {
    const syntax = error as SyntaxError;
    const message = syntax.message.replace(/#+/g, (marks) => body.substring(index, index + marks.length));
    syntax.stack = syntax.stack?.replace(syntax.message, message);
    syntax.message = message;
    return syntax;
  }
  return new SyntaxError('strict violation');
}
