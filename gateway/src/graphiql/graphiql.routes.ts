import type express from 'express';
import { createOfflineBundleRouter } from '../offline-bundle/offline-bundle.routes.js';
import type { GraphiqlAssets } from './graphiql.assets.js';

/**
 * Serves GraphiQL at `/graphql` to browsers and its bundle under `/graphql/`. Mount it before Apollo:
 * any `/graphql` GET that does not prefer html (a GET query from curl or a client) falls through.
 */
export function createGraphiqlRouter(assets: GraphiqlAssets): express.Router {
  // Listing the GraphQL types first means a missing Accept or `*/*` goes to Apollo, not the page.
  return createOfflineBundleRouter(
    assets,
    '/graphql',
    (req) => req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html',
  );
}
