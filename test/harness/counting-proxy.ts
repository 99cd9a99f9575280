import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** A loopback HTTP proxy that counts the requests reaching one subgraph. */
export interface CountingProxy {
  url: string;
  /** POST requests forwarded so far. */
  readonly requests: number;
  /** POST requests whose body contained `countMatching` (0 without one). */
  readonly matching: number;
  /** Holds every answer back this long from now on (0: none), e.g. to make a subgraph slow. */
  delayMs: number;
  close(): Promise<void>;
}

const HOP_HEADERS = ['host', 'content-length', 'connection', 'content-encoding', 'transfer-encoding'];

/**
 * Starts a proxy on a free loopback port in front of `target` (a subgraph's /graphql URL); with
 * `countMatching`, it also counts the requests whose body contains that text (e.g. one root field).
 */
export async function startCountingProxy(target: string, countMatching?: string): Promise<CountingProxy> {
  let requests = 0;
  let matching = 0;
  let delayMs = 0;
  const forward = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (req.method === 'POST') requests += 1;
    if (countMatching && Buffer.concat(chunks).includes(countMatching)) matching += 1;
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (typeof value === 'string' && !HOP_HEADERS.includes(name)) headers[name] = value;
    }
    const upstream = await fetch(new URL(req.url ?? '/', target), {
      method: req.method,
      headers,
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
    });
    const out: Record<string, string> = {};
    upstream.headers.forEach((value, name) => {
      if (!HOP_HEADERS.includes(name)) out[name] = value;
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
    res.writeHead(upstream.status, out).end(body);
  };
  const server: Server = createServer((req, res) => void forward(req, res).catch(() => res.writeHead(502).end()));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    get requests() {
      return requests;
    },
    get matching() {
      return matching;
    },
    get delayMs() {
      return delayMs;
    },
    set delayMs(ms: number) {
      delayMs = ms;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
