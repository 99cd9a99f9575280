/** A string key-value cache with per-entry expiry. */
export interface CachePort {
  /** The value, or null when absent or expired. */
  get(key: string): Promise<string | null>;
  /**
   * The values of `keys` in the same order, null where absent or expired, in as few round trips as the
   * backend allows.
   */
  getMany(keys: readonly string[]): Promise<(string | null)[]>;
  /** Stores a value for `ttlSeconds`, rounded up to whole seconds (at least 1), as Redis does. */
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  /** Removes keys; missing keys are ignored. */
  delete(...keys: string[]): Promise<void>;
  /** Releases connections. */
  close(): Promise<void>;
}
