/**
 * Browser entry for the gateway's own GraphiQL page. Bundled by src/graphiql/graphiql.assets.ts with
 * esbuild so the page needs no CDN (the gateway may run offline). Not type-checked by the root
 * tsconfig (no DOM/JSX libs there); esbuild compiles it with the automatic JSX runtime.
 */
import { createGraphiQLFetcher, type Fetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { parse, type DocumentNode } from 'graphql';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';

// Same origin and path as the page itself, so it works behind any host, port or TLS terminator.
const wsProtocol = window.location.protocol === 'https:' ? 'wss:' : 'ws:';

const toolkitFetcher = createGraphiQLFetcher({
  url: `${window.location.origin}/graphql`,
  subscriptionUrl: `${wsProtocol}//${window.location.host}/graphql`,
});

function tryParse(query: string): DocumentNode | undefined {
  try {
    return parse(query);
  } catch {
    return undefined; // the server reports the syntax error in the result pane
  }
}

// The toolkit picks graphql-ws over HTTP from the documentAST GraphiQL hands it, which GraphiQL
// re-parses 100 ms after the last keystroke: a subscription run right after typing or pasting it
// (Ctrl+Enter) arrived with the previous operation's AST and went over HTTP. Parse what is sent.
const fetcher: Fetcher = (params, options) =>
  toolkitFetcher(params, { ...options, documentAST: tryParse(params.query) ?? options?.documentAST });

// Shown only on a first visit: GraphiQL keeps the user's own tabs in localStorage afterwards.
const defaultQuery = `# Welcome to memegraph. Press Ctrl+Enter (or the ▶ button) to run.
{
  searchTokens(query: "bonk") {
    chain
    address
    name
    symbol
  }
}
`;

const container = document.getElementById('graphiql');
if (!container) throw new Error('GraphiQL mount point #graphiql is missing from the page');
createRoot(container).render(<GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} />);
