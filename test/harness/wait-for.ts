/**
 * Polls `check` until it returns true (events, not sleeps: the condition is what we wait for). A throw
 * from `check` ends the wait at once, unless `retryErrors`: then it counts as "not yet" and the last
 * one becomes the timeout's cause (a server that is still starting refuses connections).
 */
export async function waitFor(
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'condition',
  intervalMs = 25,
  retryErrors = false,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      if (await check()) return;
    } catch (error) {
      if (!retryErrors) throw error;
      lastError = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`, { cause: lastError });
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
