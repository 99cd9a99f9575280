import { describe, expect, it } from '@jest/globals';
import type { ExecutionResult } from 'graphql';
import { createSharedPayloads } from '../subscriptions/shared-payload.js';
import type { ListMessage, PreparedMessage } from './token-list-execution.js';
import { TokenListStream } from './token-list-stream.js';

const message = (name: string, snapshot = false): ListMessage => ({
  entries: snapshot ? [] : null,
  changes: [],
  at: name,
  receivedAt: performance.now(),
  executions: new Map(),
});

/** A prepared message whose JSON names the message and carries the sequence where the subscriber's goes. */
const prepared = (m: ListMessage): PreparedMessage => ({
  result: { data: { list: { at: m.at, sequence: 0 } } },
  parts: [`{"data":{"list":{"at":"${m.at}","sequence":`, '}}}'],
  sequenceNames: ['sequence'],
  rootName: 'list',
});

/** A stream whose messages are executed when the test says so, and what it handed to the socket. */
function setup(maxQueued: number) {
  const pending: Array<{ m: ListMessage; resolve: (p: PreparedMessage) => void }> = [];
  const payloads = createSharedPayloads();
  let resyncs = 0;
  let snapshots = 0;
  const stream = new TokenListStream({
    maxQueued,
    prepare: (m) => new Promise((resolve) => pending.push({ m, resolve })),
    snapshot: () => message(`snapshot${++snapshots}`, true),
    sharedPayloads: payloads,
    onReturn: () => undefined,
    onResync: () => (resyncs += 1),
    onSent: () => undefined,
  });
  const sent: string[] = [];
  const read = async (n: number) => {
    for (let i = 0; i < n; i += 1) {
      const { value } = await stream.next();
      const json = payloads.splice(
        `{"id":"1","type":"next","payload":${JSON.stringify(payloads.toPlaceholder(value as ExecutionResult))}}`,
      );
      sent.push(JSON.parse(json).payload.data.list.at + '#' + JSON.parse(json).payload.data.list.sequence);
    }
  };
  const executeAll = () => pending.splice(0).forEach(({ m, resolve }) => resolve(prepared(m)));
  return { stream, sent, read, executeAll, resyncs: () => resyncs };
}

describe('TokenListStream', () => {
  it('numbers messages 1, 2, 3 as they are handed over, in queue order', async () => {
    const { stream, sent, read, executeAll } = setup(8);
    stream.push(message('first', true));
    stream.push(message('a'));
    stream.push(message('b'));
    executeAll();
    await read(3);
    expect(sent).toEqual(['first#1', 'a#2', 'b#3']);
  });

  it('replaces the waiting messages by one snapshot past maxQueued, and keeps the sequence without a gap', async () => {
    const { stream, sent, read, executeAll, resyncs } = setup(2);
    stream.push(message('first', true));
    executeAll();
    await read(1);
    stream.push(message('a'));
    stream.push(message('b'));
    stream.push(message('c')); // a and b are still executing: dropped, the list as it stands instead
    stream.push(message('d'));
    executeAll();
    await read(2);
    expect(sent).toEqual(['first#1', 'snapshot1#2', 'd#3']);
    expect(resyncs()).toBe(1);
  });

  it('resyncs instead of sending a change message that failed to execute', async () => {
    const pending: Array<{ m: ListMessage; resolve: (p: PreparedMessage) => void; reject: (e: Error) => void }> = [];
    const payloads = createSharedPayloads();
    const stream = new TokenListStream({
      maxQueued: 8,
      prepare: (m) => new Promise((resolve, reject) => pending.push({ m, resolve, reject })),
      snapshot: () => message('again', true),
      sharedPayloads: payloads,
      onReturn: () => undefined,
      onResync: () => undefined,
      onSent: () => undefined,
    });
    stream.push(message('first', true));
    stream.push(message('broken'));
    pending[0]!.resolve(prepared(pending[0]!.m));
    pending[1]!.reject(new Error('hydration failed'));
    const first = await stream.next();
    const nextMessage = stream.next();
    await new Promise((resolve) => setImmediate(resolve));
    pending[2]!.resolve(prepared(pending[2]!.m));
    const second = await nextMessage;
    expect([first.value, second.value].map((v) => (v as ExecutionResult).data)).toEqual([
      { list: { at: 'first', sequence: 1 } },
      { list: { at: 'again', sequence: 2 } },
    ]);
  });
});
