import type { IncomingMessage } from 'node:http';
import { createMemoryTokenBucket } from '@memegraph/infra';
import { getProxiedAddress } from './rate-limit.middleware.js';

/** Why an upgrade is refused before it becomes a socket: HTTP status, text and headers. */
export interface UpgradeRefusal {
  status: number;
  message: string;
  headers: Record<string, string>;
}

/** Per-address limits of WebSocket upgrades on this instance (0 turns one off). */
export interface WebSocketAdmissionOptions {
  /** Open sockets one address may hold (WS_MAX_CONNECTIONS_PER_IP). */
  maxConnectionsPerIp: number;
  /** Upgrades one address may make per minute, all of them at once at most (WS_UPGRADES_PER_MINUTE_PER_IP). */
  upgradesPerMinutePerIp: number;
  /** Proxies whose X-Forwarded-For is trusted for the address (TRUST_PROXY_HOPS). */
  trustProxyHops: number;
}

/** What the WebSocket server asks before and after an upgrade. */
export interface WebSocketAdmission {
  /** A refusal (HTTP 429 + Retry-After) when the upgrade's address is over a limit, else undefined. */
  admit(request: IncomingMessage): Promise<UpgradeRefusal | undefined>;
  /** A socket of `request`'s address opened; call the result when it closes. */
  opened(request: IncomingMessage): () => void;
}

/**
 * Counts open sockets and upgrades per client address in this instance's memory, so one address can
 * neither hold the instance's WS_MAX_CONNECTIONS nor make it churn through handshakes. Addresses behind
 * one NAT share the limits: they are sized for that (README).
 */
export function createWebSocketAdmission(options: WebSocketAdmissionOptions): WebSocketAdmission {
  const open = new Map<string, number>();
  const upgrades = createMemoryTokenBucket();
  const { maxConnectionsPerIp: maxOpen, upgradesPerMinutePerIp: perMinute } = options;
  const shape = { capacity: perMinute, refillPerMinute: perMinute };
  const addressOf = (request: IncomingMessage) => getProxiedAddress(request, options.trustProxyHops) ?? 'unknown';
  return {
    async admit(request) {
      const address = addressOf(request);
      if (maxOpen > 0 && (open.get(address) ?? 0) >= maxOpen) {
        return {
          status: 429,
          message: `Too many WebSocket connections from this address (WS_MAX_CONNECTIONS_PER_IP: ${maxOpen})`,
          headers: { 'Retry-After': '5' },
        };
      }
      if (perMinute > 0) {
        const { allowed, waitMs } = await upgrades.tryAcquire(address, shape);
        if (!allowed) {
          const seconds = Math.max(1, Math.ceil(waitMs / 1000));
          return {
            status: 429,
            message: `Too many WebSocket upgrades from this address (WS_UPGRADES_PER_MINUTE_PER_IP: ${perMinute}); retry in ${seconds} s`,
            headers: { 'Retry-After': String(seconds) },
          };
        }
      }
      return undefined;
    },
    opened(request) {
      const address = addressOf(request);
      open.set(address, (open.get(address) ?? 0) + 1);
      return () => {
        const left = (open.get(address) ?? 1) - 1;
        if (left > 0) open.set(address, left);
        else open.delete(address);
      };
    },
  };
}
