import { describe, expect, it } from '@jest/globals';
import { SubscriberIndex } from './subscriber-index.js';

describe('SubscriberIndex', () => {
  const bonk = 'DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263';

  it('matches token, chain and catch-all scopes, each subscriber once', () => {
    const index = new SubscriberIndex<string>();
    index.add('token', { kind: 'tokens', chain: 'SOLANA', addresses: [bonk, bonk] });
    index.add('chain', { kind: 'chain', chain: 'SOLANA' });
    index.add('eth', { kind: 'chain', chain: 'ETHEREUM' });
    index.add('all', { kind: 'all' });
    expect(index.match('SOLANA', bonk).sort()).toEqual(['all', 'chain', 'token']);
    expect(index.match('SOLANA', 'other').sort()).toEqual(['all', 'chain']);
    expect(index.match('BASE', bonk)).toEqual(['all']);
  });

  it('compares EVM addresses case-insensitively and Solana addresses exactly', () => {
    const index = new SubscriberIndex<string>();
    index.add('evm', { kind: 'tokens', chain: 'BASE', addresses: ['0xABC'] });
    index.add('sol', { kind: 'tokens', chain: 'SOLANA', addresses: [bonk] });
    expect(index.match('BASE', '0xabc')).toEqual(['evm']);
    expect(index.match('SOLANA', bonk.toLowerCase())).toEqual([]);
  });

  it('indexes named addresses without a chain under every chain', () => {
    const index = new SubscriberIndex<string>();
    index.add('any', { kind: 'tokens', addresses: ['0xabc'] });
    expect(index.match('ETHEREUM', '0xABC')).toEqual(['any']);
    expect(index.match('BSC', '0xabc')).toEqual(['any']);
  });

  it('releases buckets when their last subscriber leaves', () => {
    const index = new SubscriberIndex<string>();
    const scope = { kind: 'tokens', chain: 'SOLANA', addresses: [bonk] } as const;
    index.add('a', scope);
    index.add('b', { kind: 'all' });
    index.remove('a', scope);
    index.remove('b', { kind: 'all' });
    expect(index.match('SOLANA', bonk)).toEqual([]);
    expect(index.size).toBe(0);
  });
});
