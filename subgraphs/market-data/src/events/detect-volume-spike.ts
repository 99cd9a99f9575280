/**
 * Volume-spike detection on a merged market record: is the last five minutes' volume far above the
 * token's recent rate? Pure; the poller publishes `volume.spiked` when this returns a spike.
 */
import type { MarketRecord } from '../model/market-model.js';

/** Thresholds of {@link detectVolumeSpike}. */
export interface VolumeSpikeOptions {
  /** Fire only when M5 volume ≥ this multiple of the baseline. */
  minRatio: number;
  /** Fire only when M5 volume is at least this many USD (a $40 trade after $2 is not news). */
  minVolumeUsd: number;
  /** Fire only for tokens with at least this much liquidity (unknown liquidity never fires). */
  minLiquidityUsd: number;
  /**
   * Floor of the baseline in USD, so a token whose other 55 minutes were silent gets a large but finite
   * ratio (GraphQL Float cannot carry Infinity). Default 1.
   */
  minBaselineUsd?: number;
}

/** A detected spike (VolumeSpike without the token and time, which the publisher adds). */
export interface VolumeSpikeRecord {
  window: 'M5';
  volumeUsd: number;
  baselineVolumeUsd: number;
  ratio: number;
}

/** Five-minute slots in an hour other than the latest one. */
const OTHER_SLOTS = 11;

/**
 * Compares the M5 volume with the average 5-minute volume of the REST of the hour:
 * baseline = (H1 volume − M5 volume) / 11. Why not H1 / 12: H1 contains the M5 window, so the spike
 * would inflate its own baseline and the ratio could never exceed 12 (M5 ≤ H1 ⇒ M5 / (H1/12) ≤ 12),
 * whatever the burst; BOOSTX (152k of 181k in the last 5 min) reads 58× against the other eleven slots
 * but only 10× against H1/12. A negative difference (M5 and H1 from different snapshots) counts as 0.
 *
 * Returns null when: the record's volume is suspect (wash trading must not page anyone), M5 or H1 is
 * missing, liquidity is unknown or below `minLiquidityUsd`, M5 volume is below `minVolumeUsd`, or the
 * ratio is below `minRatio`.
 */
export function detectVolumeSpike(record: MarketRecord, options: VolumeSpikeOptions): VolumeSpikeRecord | null {
  if (record.suspectVolume) return null;
  const m5 = record.volumeUsd.M5;
  const h1 = record.volumeUsd.H1;
  if (m5 === undefined || h1 === undefined) return null;
  if (record.liquidityUsd === null || record.liquidityUsd < options.minLiquidityUsd) return null;
  if (m5 < options.minVolumeUsd) return null;
  const baselineVolumeUsd = Math.max(h1 - m5, 0) / OTHER_SLOTS;
  const ratio = m5 / Math.max(baselineVolumeUsd, options.minBaselineUsd ?? 1);
  return ratio >= options.minRatio ? { window: 'M5', volumeUsd: m5, baselineVolumeUsd, ratio } : null;
}
