import { describe, expect, it } from '@jest/globals';
import { createLogger } from '@memegraph/infra';
import type { DataSource } from 'typeorm';
import { createDatabaseServer } from './database-server.js';
import type { ServerProbe } from './server-probe.js';

/** A DataSource that records whether a pool was opened (only initialize, destroy and isInitialized are used). */
function recordingDataSource() {
  const state = { initializations: 0, isInitialized: false };
  const dataSource = {
    get isInitialized() {
      return state.isInitialized;
    },
    initialize: async () => {
      state.initializations += 1;
      state.isInitialized = true;
    },
    destroy: async () => void (state.isInitialized = false),
  } as unknown as DataSource;
  return { dataSource, state };
}

const probe: ServerProbe = { probe: async () => ({ recovery: false, lsn: 1n }), close: async () => undefined };
const log = createLogger('test', 'silent');

describe('DatabaseServer', () => {
  it('opens no pool once closed: ready() and initialize() after close start nothing', async () => {
    const { dataSource, state } = recordingDataSource();
    const server = createDatabaseServer('replica-1', dataSource, probe, log);
    await server.close();
    expect(server.ready()).toBe(false);
    expect(await server.initialize()).toBe(false);
    expect(state).toEqual({ initializations: 0, isInitialized: false });
  });

  it('initializes in the background when asked whether it is ready before close', async () => {
    const { dataSource, state } = recordingDataSource();
    const server = createDatabaseServer('replica-1', dataSource, probe, log);
    expect(server.ready()).toBe(false);
    await server.close();
    expect(state).toEqual({ initializations: 1, isInitialized: false });
  });
});
