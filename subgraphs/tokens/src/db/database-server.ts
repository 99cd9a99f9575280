import type { DataSource } from 'typeorm';
import type { Logger } from '@memegraph/infra';
import type { ServerProbe } from './server-probe.js';

/** A named Postgres server: the DataSource requests use, and the health check that watches it. */
export interface DatabaseServer {
  name: string;
  dataSource: DataSource;
  probe: ServerProbe;
  /**
   * Initializes the DataSource (one attempt at a time); false when the server could not be reached. A server
   * that is down at start does not stop the service: it is initialized once a health check reaches it.
   */
  initialize(): Promise<boolean>;
  /**
   * True once initialized; otherwise starts initializing it in the background and returns false. After
   * `close`, false and nothing is started (a pool opened then would never be closed).
   */
  ready(): boolean;
  close(): Promise<void>;
}

/** Wraps a DataSource and its probe into a DatabaseServer. */
export function createDatabaseServer(
  name: string,
  dataSource: DataSource,
  probe: ServerProbe,
  log: Logger,
): DatabaseServer {
  let initializing: Promise<boolean> | undefined;
  let closed = false;
  const initialize = (): Promise<boolean> => {
    if (dataSource.isInitialized) return Promise.resolve(true);
    if (closed) return Promise.resolve(false);
    initializing ??= dataSource
      .initialize()
      .then(
        () => true,
        (error: unknown) => {
          log.warn({ server: name, err: (error as Error).message }, 'could not connect to a database server');
          return false;
        },
      )
      .finally(() => (initializing = undefined));
    return initializing;
  };
  return {
    name,
    dataSource,
    probe,
    initialize,
    ready: () => dataSource.isInitialized || (void initialize(), false),
    close: async () => {
      closed = true;
      await initializing;
      await Promise.allSettled([dataSource.isInitialized ? dataSource.destroy() : undefined, probe.close()]);
    },
  };
}
