import express from 'express';
import type { OfflineBundle } from './offline-bundle.js';

// The html names each asset with a content hash (?v=…), so the files themselves never go stale.
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/**
 * Serves a bundle's page at `pagePaths` (always revalidated: it is tiny and names the current hashes) and
 * its files at `bundle.paths` (cached for good). A page request `wantsPage` turns down falls through.
 */
export function createOfflineBundleRouter(
  bundle: OfflineBundle,
  pagePaths: string | string[],
  wantsPage: (req: express.Request) => boolean = () => true,
): express.Router {
  const router = express.Router();

  router.get(pagePaths, (req, res, next) => {
    if (!wantsPage(req)) {
      next();
      return;
    }
    res.set('Cache-Control', 'no-cache').type('html').send(bundle.html);
  });

  router.get(bundle.paths.js, (_req, res) => {
    res.set('Cache-Control', ASSET_CACHE).type('text/javascript; charset=utf-8').send(bundle.js);
  });

  router.get(bundle.paths.css, (_req, res) => {
    res.set('Cache-Control', ASSET_CACHE).type('text/css; charset=utf-8').send(bundle.css);
  });

  return router;
}
