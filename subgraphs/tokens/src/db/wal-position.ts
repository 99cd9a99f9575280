/** Parses a Postgres LSN ("16/B374D848") into a comparable bigint. */
export function toLsn(text: string): bigint {
  const [high, low] = text.split('/');
  if (high === undefined || low === undefined) throw new Error(`not an LSN: ${text}`);
  return (BigInt(`0x${high}`) << 32n) | BigInt(`0x${low}`);
}

/** A primary WAL position observed at a time. */
export interface WalSample {
  lsn: bigint;
  at: number;
}

/**
 * How far (ms) a replica that has replayed up to `replayed` trails the primary, given recent
 * primary samples (oldest first): the age of the oldest sample the replica has not reached yet,
 * or 0 when it has reached the newest. Measured on WAL positions rather than
 * pg_last_xact_replay_timestamp(), which grows on an idle primary although nothing is missing.
 */
export function getReplicaLagMs(replayed: bigint, samples: readonly WalSample[], now: number): number {
  const newest = samples[samples.length - 1];
  if (!newest || replayed >= newest.lsn) return 0;
  const firstMissing = samples.find((s) => s.lsn > replayed) ?? newest;
  return Math.max(0, now - firstMissing.at);
}

/** Formats an LSN the way Postgres prints it ("16/B374D848"). */
export function toLsnText(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** Parses an LSN from untrusted input (a request header); null when absent or malformed. */
export function parseLsnOrNull(text: string | undefined): bigint | null {
  return text && /^[0-9A-Fa-f]{1,8}\/[0-9A-Fa-f]{1,8}$/.test(text) ? toLsn(text) : null;
}
