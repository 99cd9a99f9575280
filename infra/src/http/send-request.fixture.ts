import { request, type IncomingHttpHeaders } from 'node:http';

/** An HTTP answer, read whole (for tests). */
export interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Sends one request on its own socket (for tests that need what fetch hides: chunked or compressed bodies,
 * any content-length). The body goes with its content-length unless `chunked` or the headers say otherwise.
 */
export function sendRequest(
  url: string,
  method: string,
  headers: Record<string, string | number> = {},
  body?: string | Buffer,
  chunked = false,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const all: Record<string, string | number> = { connection: 'close', ...headers };
    if (body !== undefined && !chunked && !('content-length' in all)) all['content-length'] = Buffer.byteLength(body);
    const req = request(url, { method, headers: all }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}
