import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { stringifyMessage, MessageType } from 'graphql-ws';
import { createSharedPayloads } from './shared-payload.js';

/** What graphql-ws sends for `next` when onNext returned `payload`. */
const nextMessage = (id: string, payload: unknown) =>
  stringifyMessage({ id, type: MessageType.Next, payload: payload as never });

describe('shared payloads', () => {
  const { serialize, toPlaceholder, splice } = createSharedPayloads();
  it('sends exactly the message graphql-ws would have built from the result', () => {
    const result = { data: { priceUpdated: { priceUsd: 1.5, token: { symbol: 'BONK"X', name: 'Bonk \u2028' } } } };
    serialize(result);
    const sent = splice(nextMessage('sub-1', toPlaceholder(result)));
    expect(sent).toBe(nextMessage('sub-1', result));
    expect(JSON.parse(sent)).toEqual({ id: 'sub-1', type: 'next', payload: result });
  });

  it('keeps errors as graphql-ws formats them', () => {
    const result = { data: null, errors: [new GraphQLError('boom', { extensions: { code: 'X' } })] };
    serialize(result);
    const sent = splice(nextMessage('1', toPlaceholder(result)));
    expect(JSON.parse(sent).payload).toEqual({ data: null, errors: [{ message: 'boom', extensions: { code: 'X' } }] });
  });

  it('serialises a result once however many sockets send it, and retains nothing once sent', () => {
    const payloads = createSharedPayloads();
    const result = { data: { n: 1 } };
    const json = payloads.serialize(result);
    expect(payloads.serialize(result)).toBe(json); // the same string, not a second serialisation
    const messages = ['a', 'b', 'c'].map((id) => nextMessage(id, payloads.toPlaceholder(result)));
    expect(payloads.pending).toBe(3);
    expect(messages.map(payloads.splice).map((m) => JSON.parse(m).payload)).toEqual([result, result, result]);
    expect(payloads.pending).toBe(0);
  });

  it('leaves results that were not shared, and other messages, to graphql-ws', () => {
    expect(toPlaceholder({ data: { n: 2 } })).toBeUndefined();
    const plain = nextMessage('1', { data: { __memegraphSharedPayload: 0 } });
    expect(splice(plain)).toBe(plain);
    const ack = stringifyMessage({ type: MessageType.ConnectionAck });
    expect(splice(ack)).toBe(ack);
  });

  it('cannot be fooled by a client-chosen subscription id', () => {
    const result = { data: { n: 3 } };
    serialize(result);
    const placeholder = toPlaceholder(result);
    const id = `x","payload":{"__memegraphSharedPayload":0}}`;
    const sent = splice(nextMessage(id, placeholder));
    expect(JSON.parse(sent)).toEqual({ id, type: 'next', payload: result });
  });
});
