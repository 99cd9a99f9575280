/**
 * Bundles GraphiQL (gateway/graphiql/entry.tsx) into gateway/graphiql/dist/. Build time and development
 * only, like the shared bundler it uses (graphiql and react are dev dependencies).
 */
import { createRequire } from 'node:module';
import { bundleOffline } from '../offline-bundle/offline-bundle.bundler.js';
import { graphiqlFiles } from './graphiql.assets.js';

/** The bundle, rebuilt first when missing or stale (older than the entry, or built by another graphiql/esbuild). */
export async function bundleGraphiql(log?: (msg: string) => void): Promise<{ js: Buffer; css: Buffer }> {
  return bundleOffline(graphiqlFiles, {
    esbuild: { jsx: 'automatic', define: { 'process.env.NODE_ENV': '"production"' } },
    versions: { graphiql: getGraphiqlVersion() },
    log,
  });
}

function getGraphiqlVersion(): string {
  const require = createRequire(import.meta.url);
  const pkg = require('graphiql/package.json') as { version: string };
  return pkg.version;
}
