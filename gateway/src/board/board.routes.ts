import express from 'express';
import type { BoardAssets } from './board.assets.js';

// The html names each asset with a content hash (?v=…), so the files themselves never go stale.
const ASSET_CACHE = 'public, max-age=31536000, immutable';

/** Serves the live token board at `/board` and its bundle under `/board/`. */
export function createBoardRouter(assets: BoardAssets): express.Router {
  const router = express.Router();
  router.get(['/board', '/board/'], (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('html').send(assets.html);
  });
  router.get('/board/board.js', (_req, res) => {
    res.set('Cache-Control', ASSET_CACHE).type('text/javascript; charset=utf-8').send(assets.js);
  });
  router.get('/board/board.css', (_req, res) => {
    res.set('Cache-Control', ASSET_CACHE).type('text/css; charset=utf-8').send(assets.css);
  });
  return router;
}
