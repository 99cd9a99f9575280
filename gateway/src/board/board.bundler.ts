/**
 * Bundles the live token board (web/src/main.ts, with the SDK from client/src and its CSS) into web/dist/.
 * Build time and development only, like the shared bundler it uses.
 */
import { bundleOffline } from '../offline-bundle/offline-bundle.bundler.js';
import { boardFiles } from './board.assets.js';

/** The board's bundle, rebuilt first when missing or older than web/src or client/src. */
export async function bundleBoard(log?: (msg: string) => void): Promise<{ js: Buffer; css: Buffer }> {
  // The SDK's TypeScript sources, as tests run them (its dist/ may not be built yet).
  return bundleOffline(boardFiles, { esbuild: { conditions: ['@memegraph/source'] }, log });
}
