import type { Logger } from '../logging/create-logger.js';

/** Options of {@link closeOnSignal}. */
export interface CloseOnSignalOptions {
  /** Longest graceful shutdown; past it the process exits with code 1 (SHUTDOWN_TIMEOUT_MS). */
  timeoutMs: number;
  /** Runs after the service closed, before exit (flushing traces). */
  afterClose?: () => Promise<void>;
}

/**
 * Closes a running service on SIGINT/SIGTERM (drain, then exit 0). A service's own `close` owns the
 * order; libraries that would exit first (Apollo's own signal handlers) are turned off where created.
 * A shutdown that takes longer than `timeoutMs` is cut short: logged, then exit 1. A second signal
 * while draining gets the default action (immediate exit).
 */
export function closeOnSignal(
  service: { close(): Promise<void> },
  log: Logger,
  { timeoutMs, afterClose = async () => undefined }: CloseOnSignalOptions,
): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info({ signal, timeoutMs }, 'shutting down');
      const started = Date.now();
      const force = setTimeout(() => {
        log.error({ timeoutMs }, 'graceful shutdown timed out; exiting anyway');
        process.exit(1);
      }, timeoutMs);
      force.unref();
      service
        .close()
        .then(afterClose)
        .then(
          () => {
            log.info({ ms: Date.now() - started }, 'shut down');
            process.exit(0);
          },
          (error: unknown) => {
            log.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
    });
  }
}
