/**
 * How a composition root undoes what it built: each part registers its closer right after it is built, and
 * `close` runs them newest first, so a part closes before what it depends on. Used both for a normal
 * shutdown and when start-up fails half-way (what was built is closed, nothing built later is touched).
 */
export interface ShutdownStack {
  /** Registers the closer of the part just built. */
  defer(close: () => unknown): void;
  /** Registers `part.close` and returns `part`: for a part this root creates and therefore closes. */
  own<T extends { close(): unknown }>(part: T): T;
  /**
   * Runs every closer once, newest first, each after the previous one settled; a failing closer does not
   * stop the others, and the first failure is rethrown at the end. A second call waits for the first.
   */
  close(): Promise<void>;
}

/** Creates an empty {@link ShutdownStack}. */
export function createShutdownStack(): ShutdownStack {
  const closers: Array<() => unknown> = [];
  let closing: Promise<void> | undefined;
  const closeAll = async (): Promise<void> => {
    const failures: unknown[] = [];
    for (let closer = closers.pop(); closer; closer = closers.pop()) {
      try {
        await closer();
      } catch (error) {
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
  };
  return {
    defer: (close) => void closers.push(close),
    own: (part) => (closers.push(() => part.close()), part),
    close: () => (closing ??= closeAll()),
  };
}

/**
 * Runs a composition root's `build` with a fresh {@link ShutdownStack}; when `build` throws, closes what it
 * had registered before rethrowing, so a failed start leaks no timer, pool or connection.
 */
export async function buildOrUndo<T>(build: (stack: ShutdownStack) => Promise<T>): Promise<T> {
  const stack = createShutdownStack();
  try {
    return await build(stack);
  } catch (error) {
    await stack.close().catch(() => undefined);
    throw error;
  }
}
