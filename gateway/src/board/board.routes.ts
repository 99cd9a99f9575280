import type express from 'express';
import { createOfflineBundleRouter } from '../offline-bundle/offline-bundle.routes.js';
import type { BoardAssets } from './board.assets.js';

/** Serves the live token board at `/board` and its bundle under `/board/`. */
export function createBoardRouter(assets: BoardAssets): express.Router {
  return createOfflineBundleRouter(assets, ['/board', '/board/']);
}
