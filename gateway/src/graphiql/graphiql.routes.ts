import express from 'express';
import type { GraphiqlAssets } from './graphiql.assets.js';

// The html names each asset with a content hash (?v=…), so the files themselves never go stale.
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * Serves GraphiQL at `/graphql` to browsers and its bundle under `/graphql/`. Mount it before Apollo:
 * any `/graphql` GET that does not prefer html (a GET query from curl or a client) falls through.
 */
export function createGraphiqlRouter(assets: GraphiqlAssets): express.Router {
  const router = express.Router();

  router.get('/graphql', (req, res, next) => {
    // Listing the GraphQL types first means a missing Accept or `*/*` goes to Apollo, not the page.
    if (req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) !== 'text/html') {
      next();
      return;
    }
    // The page is tiny and names the current bundle hash, so always revalidate it.
    res.set('Cache-Control', 'no-cache').type('html').send(assets.html);
  });

  router.get('/graphql/graphiql.js', (_req, res) => {
    res.set('Cache-Control', ASSET_CACHE).type('text/javascript; charset=utf-8').send(assets.js);
  });

  router.get('/graphql/graphiql.css', (_req, res) => {
    res.set('Cache-Control', ASSET_CACHE).type('text/css; charset=utf-8').send(assets.css);
  });

  return router;
}
