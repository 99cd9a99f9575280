import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Chain } from '../generated/resolvers.js';

/** A link of a token's project, stored as JSON. */
export interface TokenLinkValue {
  kind: string;
  url: string;
}

/**
 * Token metadata keyed by (chain, address). Column types are explicit because tsx emits no
 * decorator metadata. Search indexes (pg_trgm) are created by the migration.
 */
@Entity({ name: 'tokens' })
@Index('tokens_tracked_idx', ['tracked'], { where: 'tracked' })
export class TokenEntity {
  @PrimaryColumn('varchar', { length: 16 })
  chain: Chain;

  /** Canonical case: Solana as given, EVM lower-case. */
  @PrimaryColumn('varchar', { length: 64 })
  address: string;

  @Column('text')
  name: string;

  @Column('text')
  symbol: string;

  @Column('smallint', { nullable: true })
  decimals: number | null;

  @Column('text', { name: 'image_url', nullable: true })
  imageUrl: string | null;

  @Column('jsonb', { default: () => "'[]'::jsonb" })
  links: TokenLinkValue[];

  @Column('timestamptz', { name: 'first_seen_at', default: () => 'now()' })
  firstSeenAt: Date;

  @Column('boolean', { default: false })
  tracked: boolean;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt: Date;
}
