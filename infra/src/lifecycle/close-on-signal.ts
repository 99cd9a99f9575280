import type { Logger } from '../logging/create-logger.js';

/**
 * Closes a running service on SIGINT/SIGTERM (drain, then exit 0). A service's own `close` owns the
 * order; libraries that would exit first (Apollo's own signal handlers) are turned off where created.
 */
export function closeOnSignal(service: { close(): Promise<void> }, log: Logger): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info({ signal }, 'shutting down');
      service.close().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
  }
}
