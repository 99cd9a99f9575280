import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import express from 'express';
import { loadGraphiqlAssets } from './graphiql.assets.js';
import { createGraphiqlRouter } from './graphiql.routes.js';

const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

describe('GraphiQL routes', () => {
  let server: Server;
  let baseUrl: string;

  beforeAll(async () => {
    // The real bundle (built on first run, read from dist after), so the test also proves it builds.
    const assets = await loadGraphiqlAssets({ bundle: true });
    const app = express();
    app.use(createGraphiqlRouter(assets));
    // Stands in for Apollo: whatever the router passes on lands here.
    app.use((req, res) => {
      res.json({ fellThrough: `${req.method} ${req.path}` });
    });
    server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    server.close();
    await once(server, 'close');
  });

  test('serves the GraphiQL page to a browser at /graphql', async () => {
    const res = await fetch(`${baseUrl}/graphql`, { headers: { accept: BROWSER_ACCEPT } });

    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    expect(html).toContain('<title>memegraph GraphiQL</title>');
    expect(html).toMatch(/<script src="\/graphql\/graphiql\.js\?v=[0-9a-f]+">/);
    expect(html).toMatch(/<link rel="stylesheet" href="\/graphql\/graphiql\.css\?v=[0-9a-f]+"/);
  });

  test('serves the bundle the page links to, with content types and long caching', async () => {
    const html = await (await fetch(`${baseUrl}/graphql`, { headers: { accept: 'text/html' } })).text();
    const jsUrl = /src="([^"]+)"/.exec(html)?.[1];
    const cssUrl = /rel="stylesheet" href="([^"]+)"/.exec(html)?.[1];

    const js = await fetch(`${baseUrl}${jsUrl}`);
    const css = await fetch(`${baseUrl}${cssUrl}`);

    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(js.headers.get('cache-control')).toContain('immutable');
    // The entry's default query survives minification: proves our entry, not just graphiql, is bundled.
    expect(await js.text()).toContain('searchTokens(query: "bonk")');
    expect(css.status).toBe(200);
    expect(css.headers.get('content-type')).toMatch(/^text\/css/);
    expect((await css.text()).length).toBeGreaterThan(10_000);
  });

  test.each([
    ['application/json', 'application/json'],
    ['application/graphql-response+json', 'application/graphql-response+json'],
    ['no preference', '*/*'],
  ])('passes a GET /graphql accepting %s on to the next handler', async (_name, accept) => {
    const res = await fetch(`${baseUrl}/graphql?query=%7B__typename%7D`, { headers: { accept } });

    expect(await res.json()).toEqual({ fellThrough: 'GET /graphql' });
  });

  test('passes POST /graphql on to the next handler even from a browser', async () => {
    const res = await fetch(`${baseUrl}/graphql`, {
      method: 'POST',
      headers: { accept: BROWSER_ACCEPT, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });

    expect(await res.json()).toEqual({ fellThrough: 'POST /graphql' });
  });
});
