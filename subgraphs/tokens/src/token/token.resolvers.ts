import { badInput, domainError } from '@memegraph/infra';
import { assertAdmin } from '../admin/admin-auth.js';
import { ErrorCode } from '@memegraph/contracts';
import type { Resolvers } from '../generated/resolvers.js';
import { assertTokenKey, fromKeyCursor, toCanonicalAddress, toKeyCursor } from './token-key.js';
import { MAX_PAGE_SIZE, assertPageSize, assertSearchQuery, toTokenMetadata } from './token-input.js';

/** Most keys one page of trackedTokenKeys may hold (internal: market-data pages through every tracked token). */
const MAX_TRACKED_KEYS_PAGE = 5000;

/** Resolvers of Token and its queries and mutations. Thin: validate, then loader or repository. */
export const tokenResolvers: Resolvers = {
  Query: {
    token: (_root, { chain, address }, ctx) => ctx.loaders.byKey.load(assertTokenKey(chain, address)),
    tokensByAddress: async (_root, { chain, addresses }, ctx) => {
      if (addresses.length > MAX_PAGE_SIZE) {
        throw badInput('addresses', `at most ${MAX_PAGE_SIZE} addresses per call, got ${addresses.length}`);
      }
      const keys = addresses.map((address, i) => assertTokenKey(chain, address, `addresses[${i}]`));
      const tokens = await ctx.loaders.byKey.loadMany(keys);
      return tokens.map((t) => {
        if (t instanceof Error) throw t;
        return t;
      });
    },
    searchTokens: (_root, { query, chain, first }, ctx) =>
      ctx.search(assertSearchQuery(query), chain ?? null, assertPageSize(first ?? 10, 'first')),
    trackedTokenKeys: async (_root, { first, after }, ctx) => {
      const size = assertPageSize(first ?? 1000, 'first', MAX_TRACKED_KEYS_PAGE);
      const keys = await ctx.tokens.trackedKeys(ctx.session, size, after ? fromKeyCursor(after) : null);
      const last = keys.length === size ? keys[keys.length - 1] : undefined;
      return { keys, endCursor: last ? toKeyCursor(last) : null };
    },
  },
  Mutation: {
    trackToken: async (_root, { chain, address, metadata }, ctx) => {
      assertAdmin(await ctx.authenticateAdmin());
      const key = assertTokenKey(chain, address);
      let token = metadata
        ? await ctx.tokens.upsertTracked(ctx.session, key, toTokenMetadata(metadata))
        : (await ctx.tokens.setTracked(ctx.session, key, true))?.token;
      if (!token) {
        // Not stored yet: fetch it from the upstreams (through market-data) and store it.
        const found = await ctx.lookupMetadata(key);
        if (found) token = await ctx.tokens.upsertTracked(ctx.session, key, found);
      }
      if (!token) {
        throw domainError(
          ErrorCode.TOKEN_NOT_FOUND,
          `No upstream knows token ${chain} ${key.address}; pass metadata to register it.`,
          { chain, address: key.address },
        );
      }
      ctx.forgetToken(key);
      await ctx.publishTracking(key, true);
      return token;
    },
    untrackToken: async (_root, { chain, address }, ctx) => {
      assertAdmin(await ctx.authenticateAdmin());
      const key = assertTokenKey(chain, address);
      const updated = await ctx.tokens.setTracked(ctx.session, key, false);
      ctx.forgetToken(key);
      if (updated) await ctx.publishTracking(key, false);
      return updated?.before ?? false;
    },
  },
  Token: {
    __resolveReference: (ref, ctx) => {
      const address = toCanonicalAddress(ref.chain, ref.address);
      return address === null ? null : ctx.loaders.byKey.load({ chain: ref.chain, address });
    },
    links: (token) => token.links ?? [],
    candles: (token, { resolution, limit, from, to }, ctx) => {
      assertPageSize(limit, 'limit', 1000);
      if (from && to && from > to) throw badInput('from', 'must not be after to');
      const key = { chain: token.chain, address: token.address };
      return ctx.loaders.candles.load({ ...key, resolution, from: from ?? null, to: to ?? null, limit });
    },
    history7d: (token, _args, ctx) => ctx.loaders.history7d.load({ chain: token.chain, address: token.address }),
  },
};
