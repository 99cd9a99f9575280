import { describe, expect, test } from '@jest/globals';
import type { TypedDocument } from './http-client.js';
import { watchTokenList, type TokenListMessage } from './live-list.js';
import type { SubscriptionClient, SubscriptionSink } from './ws-client.js';

interface Row {
  chain: string;
  address: string;
}
type Message = TokenListMessage<Row>;

/** A subscription client whose server is the test: it records subscriptions and delivers what the test sends. */
function createScriptedClient() {
  const subscriptions: { sink: SubscriptionSink<{ tokenListUpdated: Message }>; stopped: boolean }[] = [];
  const client: SubscriptionClient = {
    subscribe(_document, _variables, sink) {
      const subscription = { sink: sink as SubscriptionSink<{ tokenListUpdated: Message }>, stopped: false };
      subscriptions.push(subscription);
      return () => (subscription.stopped = true);
    },
    dispose: async () => {},
  };
  const send = (message: Message) => subscriptions.at(-1)!.sink.next({ tokenListUpdated: message });
  return { client, subscriptions, send };
}

const document = 'subscription { tokenListUpdated { sequence } }' as unknown as TypedDocument<
  { tokenListUpdated: Message },
  Record<string, never>
>;
const row = (address: string): Row => ({ chain: 'SOLANA', address });

describe('watchTokenList', () => {
  test('applies messages in order, and resubscribes for a new snapshot on a gap', () => {
    const { client, subscriptions, send } = createScriptedClient();
    const lists: string[] = [];
    let resyncs = 0;
    const stop = watchTokenList(
      client,
      document,
      {},
      {
        next: (rows) => lists.push(rows.map((r) => r.address).join(' ')),
        resync: () => resyncs++,
      },
    );

    send({ sequence: 1, snapshot: [row('a'), row('b')], changes: [] });
    send({ sequence: 2, changes: [{ kind: 'MOVED', token: row('b'), rank: 1, previousRank: 2 }] });
    send({ sequence: 4, changes: [] }); // 3 was lost
    send({ sequence: 1, snapshot: [row('c')], changes: [] }); // the new subscription's snapshot

    expect(lists).toEqual(['a b', 'b a', 'c']);
    expect(resyncs).toBe(1);
    expect(subscriptions.map((s) => s.stopped)).toEqual([true, false]);
    stop();
    expect(subscriptions[1]!.stopped).toBe(true);
  });

  test('changes before any snapshot are a gap too', () => {
    const { client, subscriptions, send } = createScriptedClient();
    watchTokenList(client, document, {}, { next: () => {} });

    send({ sequence: 5, changes: [] });

    expect(subscriptions).toHaveLength(2);
  });
});
