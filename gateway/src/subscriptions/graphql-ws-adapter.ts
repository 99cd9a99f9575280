import type { IncomingMessage } from 'node:http';
import { handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { WebSocket, WebSocketServer } from 'ws';
import type { Logger } from '@memegraph/infra';
import { WebSocketCloseCode } from './close-codes.js';
import type { SharedPayloads } from './shared-payload.js';

/** What graphql-ws hands the hooks as `ctx.extra`. */
export interface SocketExtra {
  socket: WebSocket;
  request: IncomingMessage;
}

/**
 * graphql-ws's protocol core (`makeServer`) on a `ws` server: the same adapter as graphql-ws's own
 * `use/ws` (protocol negotiation, keep-alive pings, errors closing with 4500), except that `send` splices
 * shared payloads (see shared-payload.ts) and does not wait for each write (one promise and callback less
 * per message), and errors go to our logger rather than the console.
 */
export function serveGraphqlWs<P extends Record<string, unknown> | undefined>(
  options: ServerOptions<P, SocketExtra>,
  wss: WebSocketServer,
  keepAliveMs: number,
  log: Logger,
  /** The registry whose placeholders `send` replaces (the one `onNext` hands them out from). */
  sharedPayloads: SharedPayloads,
): { dispose(): Promise<void> } {
  const server = makeServer<P, SocketExtra>(options);
  wss.options.handleProtocols = handleProtocols;
  const internalError = (socket: WebSocket, error: unknown, what: string) => {
    log.error({ err: error }, `graphql-ws: ${what}`);
    socket.close(WebSocketCloseCode.INTERNAL_SERVER_ERROR, 'Internal server error');
  };
  wss.on('connection', (socket, request) => {
    socket.once('error', (error) => internalError(socket, error, 'socket error'));
    // A peer that does not answer a ping within one interval is dropped.
    let pongWait: NodeJS.Timeout | undefined;
    const pinger = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, keepAliveMs);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        // Handed to ws without waiting for the write to complete: what a socket has not sent yet is bounded
        // by its SocketBudget (ws's bufferedAmount), and a failed write closes the socket via 'error'.
        send: (data) => {
          const message = sharedPayloads.splice(data);
          if (socket.readyState === socket.OPEN) socket.send(message);
        },
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', (data) => {
            handle(String(data)).catch((error: unknown) => internalError(socket, error, 'message handling failed'));
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(pinger);
      void closed(code, String(reason));
    });
  });
  return {
    async dispose() {
      for (const client of wss.clients) client.close(WebSocketCloseCode.GOING_AWAY, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) => wss.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
