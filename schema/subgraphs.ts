import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A subgraph of the supergraph: its name in the join__Graph enum, its SDL file and its default URL. */
export interface SubgraphDefinition {
  name: string;
  file: string;
  url: string;
}

/**
 * The subgraphs composed into schema/supergraph.graphql. URLs are local development defaults;
 * the gateway replaces them from its configuration (TOKENS_URL, MARKET_DATA_URL).
 * `gateway` is the gateway's own subscription schema: composed for one client-facing schema,
 * never called by a query plan.
 */
export const subgraphDefinitions: SubgraphDefinition[] = [
  { name: 'tokens', file: 'tokens.graphql', url: 'http://127.0.0.1:4001/graphql' },
  { name: 'market-data', file: 'market-data.graphql', url: 'http://127.0.0.1:4002/graphql' },
  { name: 'gateway', file: 'gateway.graphql', url: 'http://127.0.0.1:4000/subscriptions-only' },
];

/** Reads one subgraph's SDL from schema/. */
export function loadSubgraphSdl(file: string): string {
  return readFileSync(fileURLToPath(new URL(file, import.meta.url)), 'utf8');
}

/** Path of the committed, generated supergraph. */
export const supergraphPath = fileURLToPath(new URL('supergraph.graphql', import.meta.url));

/** Path of the committed, generated API schema (what clients see; derived from the supergraph). */
export const apiSchemaPath = fileURLToPath(new URL('api.graphql', import.meta.url));
