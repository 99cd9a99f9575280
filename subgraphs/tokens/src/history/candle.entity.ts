import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { Chain, Resolution } from '../generated/resolvers.js';
import type { CandleSource } from './candle-source.js';

/**
 * One OHLC candle of a token (USD). `t` is the bucket start; `open_at`/`close_at` are the times of the
 * first and last sample merged in, so late samples land correctly. Column types are explicit because
 * tsx emits no decorator metadata. Written and read with SQL in HistoryRepository (see candle-rollup.ts
 * for the merge rules).
 */
@Entity({ name: 'price_candles' })
@Index('price_candles_retention_idx', ['resolution', 't'])
export class CandleEntity {
  @PrimaryColumn('varchar', { length: 16 })
  chain: Chain;

  @PrimaryColumn('varchar', { length: 64 })
  address: string;

  @PrimaryColumn('varchar', { length: 3 })
  resolution: Resolution;

  @PrimaryColumn('timestamptz')
  t: Date;

  @Column('double precision')
  open: number;

  @Column('double precision')
  high: number;

  @Column('double precision')
  low: number;

  @Column('double precision')
  close: number;

  @Column('timestamptz', { name: 'open_at' })
  openAt: Date;

  @Column('timestamptz', { name: 'close_at' })
  closeAt: Date;

  /** Estimated USD volume during the bucket (see toMinuteCandle); null when no sample carried one. */
  @Column('double precision', { name: 'volume_usd', nullable: true })
  volumeUsd: number | null;

  @Column('integer')
  samples: number;

  /** `SNAPSHOTS` (our own, rolled up) or `GECKOTERMINAL` (backfilled); see candle-source.ts. */
  @Column('varchar', { length: 16, default: 'SNAPSHOTS' })
  source: CandleSource;
}
