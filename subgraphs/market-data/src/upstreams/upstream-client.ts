/**
 * The HTTP core every upstream adapter shares: one `got` instance per source with resilience from
 * cockatiel (retry with full-jitter backoff that honours Retry-After, inside it a circuit breaker), a
 * rate-limit hook before every attempt, runtime validation of every body, and failures mapped to
 * {@link UpstreamError}. got's own retry is off so that every attempt passes the breaker and the budget.
 */
import { got, RequestError, TimeoutError, type Got } from 'got';
import {
  CircuitState as CockatielState,
  ConsecutiveBreaker,
  DelegateBackoff,
  circuitBreaker,
  handleWhen,
  isBrokenCircuitError,
  retry,
  type CircuitBreakerPolicy,
  type IRetryBackoffContext,
  type RetryPolicy,
} from 'cockatiel';
import { z } from 'zod';
import { getPropagationHeaders, withClientSpan, type Logger } from '@memegraph/infra';
import type { CircuitState, Source } from '../generated/resolvers.js';
import { UpstreamError } from './upstream-error.js';
import type { UpstreamStatusTracker } from './upstream-status.js';

/** Milliseconds a Retry-After header asks for (delta-seconds or HTTP date); undefined when absent or invalid. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** A short reason for a rejected body: the first schema issue's path and message, never the values. */
function toMalformedMessage(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue?.path.length ? issue.path.join('.') : 'body';
  return `unexpected shape at ${path}: ${issue?.message ?? 'invalid'}`.slice(0, 200);
}

/** Splits a list into chunks of at most `size` (upstream per-call address limits). */
export function toChunks<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Rate-limit budget an endpoint draws from (DexScreener's discovery endpoints have their own). */
export type EndpointClass = 'pairs' | 'discovery' | 'default';

/**
 * Who is waiting for a call: `on-demand` (a person — trackToken's lookup, a live lookup a query makes),
 * `background` (pollers, discovery) or `backfill` (history from before our snapshots: lowest, never waits
 * for budget). On-demand calls have a reserved share of each budget, so polling never starves them; backfill
 * spends only its own share, so it never starves either.
 */
export type RequestPriority = 'on-demand' | 'background' | 'backfill';

/** The longest a person's (on-demand) call waits: for budget, and for a Retry-After before retrying. */
export const ON_DEMAND_MAX_WAIT_MS = 2_000;

/** Waits until the shared budget allows one more request; rejecting refuses the attempt. */
export type AcquireHook = (source: Source, endpointClass: EndpointClass, priority: RequestPriority) => Promise<void>;

/**
 * The upstream answered 429 (with Retry-After when it said): the budget's shared back-off is told before the
 * call fails, so no attempt of any instance goes out before it expires.
 */
export type RateLimitedHook = (
  source: Source,
  endpointClass: EndpointClass,
  retryAfterMs: number | undefined,
) => Promise<void>;

/** Retry policy knobs; defaults suit a poller that runs every few seconds. */
export interface UpstreamRetryOptions {
  /** Retries after the first attempt (default 2: three attempts at most). */
  maxRetries?: number;
  /** First backoff ceiling; each retry doubles it, with full jitter (default 200 ms). */
  initialDelayMs?: number;
  /** Backoff ceiling (default 5 000 ms). */
  maxDelayMs?: number;
  /**
   * Longest Retry-After worth waiting for (default 10 000 ms). A longer one gives up at once with
   * UPSTREAM_RATE_LIMITED and `retryAfterMs` set, as got's `maxRetryAfter` does: retrying early would only
   * spend budget on another 429.
   */
  maxRetryAfterMs?: number;
}

/** Circuit breaker knobs. */
export interface UpstreamBreakerOptions {
  /** Consecutive failed attempts that open the circuit (default 5). */
  consecutiveFailures?: number;
  /** Time the circuit stays open before one trial call may pass (default 30 000 ms). */
  halfOpenAfterMs?: number;
}

/** Options every adapter accepts (the adapter supplies `source` and its default base URL). */
export interface UpstreamAdapterOptions {
  /** Base URL without a trailing path slash requirement (e.g. DEXSCREENER_BASE_URL). */
  baseUrl?: string;
  /** Whole-request timeout of one attempt (UPSTREAM_TIMEOUT_MS; default 5 000). */
  timeoutMs?: number;
  tracker: UpstreamStatusTracker;
  log: Logger;
  /** Rate-limit hook called before every attempt, retries included (default: no limit). */
  acquire?: AcquireHook;
  /** Called on every 429 before the attempt fails (default: nothing shared). */
  rateLimited?: RateLimitedHook;
  retry?: UpstreamRetryOptions;
  breaker?: UpstreamBreakerOptions;
  /** Clock used for `fetchedAt` (tests). */
  now?: () => number;
}

/** Options of {@link UpstreamClient}. */
export interface UpstreamClientOptions extends UpstreamAdapterOptions {
  source: Source;
  baseUrl: string;
  /** Headers sent with every request (API keys). */
  headers?: Record<string, string>;
}

/** What every body parser returns: its result plus how many list items it dropped as malformed. */
export interface ParsedBody {
  dropped: number;
}

/** One GET through the resilience pipeline. */
export interface UpstreamRequest<T extends ParsedBody> {
  /** Short endpoint name for logs (`tokens`, `search`, ...). */
  endpoint: string;
  endpointClass: EndpointClass;
  /** Path relative to the base URL, without a leading slash. */
  path: string;
  searchParams?: Record<string, string>;
  /** Validates and maps the decoded JSON; a throw means the whole body is malformed. */
  parse: (body: unknown, fetchedAt: string) => T;
  /**
   * The answer when the upstream says 404 (an endpoint of one resource: "no such token"). Set, a 404 is a
   * successful "unknown" and never counts against the source; unset, it is UPSTREAM_UNAVAILABLE.
   */
  notFound?: () => T;
  /** Default `background`. */
  priority?: RequestPriority;
  /** The request this call is made for (a live lookup), sent as `x-request-id`; unset for polling. */
  requestId?: string;
}

const toCircuitState: Record<CockatielState, CircuitState> = {
  [CockatielState.Closed]: 'CLOSED',
  [CockatielState.HalfOpen]: 'HALF_OPEN',
  [CockatielState.Open]: 'OPEN',
  [CockatielState.Isolated]: 'OPEN',
};

/** Failures that say the source is unwell; 429s and refusals of our own budget do not. */
const opensCircuit = (error: Error): boolean =>
  error instanceof UpstreamError && error.code !== 'UPSTREAM_RATE_LIMITED';

/** The resilient HTTP core of one upstream source. */
export class UpstreamClient {
  readonly source: Source;
  readonly #http: Got;
  readonly #options: UpstreamClientOptions;
  readonly #acquire: AcquireHook;
  /** Retries by priority: a person (on-demand) gets one retry at most, and the reserved budget lasts. */
  readonly #retry: Record<RequestPriority, RetryPolicy>;
  readonly #breaker: CircuitBreakerPolicy;
  readonly #maxRetryAfterMs: number;

  constructor(options: UpstreamClientOptions) {
    this.source = options.source;
    this.#options = options;
    this.#acquire = options.acquire ?? (async () => undefined);
    const { maxRetries = 2, initialDelayMs = 200, maxDelayMs = 5_000, maxRetryAfterMs = 10_000 } = options.retry ?? {};
    const { consecutiveFailures = 5, halfOpenAfterMs = 30_000 } = options.breaker ?? {};
    this.#maxRetryAfterMs = maxRetryAfterMs;
    this.#http = got.extend({
      prefixUrl: options.baseUrl,
      headers: { accept: 'application/json', ...options.headers },
      timeout: { request: options.timeoutMs ?? 5_000 },
      retry: { limit: 0 },
      throwHttpErrors: false,
      responseType: 'text',
      followRedirect: false,
    });
    this.#breaker = circuitBreaker(handleWhen(opensCircuit), {
      breaker: new ConsecutiveBreaker(consecutiveFailures),
      halfOpenAfter: halfOpenAfterMs,
    });
    this.#breaker.onStateChange((state) => options.tracker.setCircuit(this.source, toCircuitState[state]));
    const retryPolicy = (maxAttempts: number) =>
      retry(
        handleWhen((error) => error instanceof UpstreamError && error.retryable),
        {
          maxAttempts,
          backoff: new DelegateBackoff((context: IRetryBackoffContext<unknown>) => {
            const failure = 'error' in context.result ? context.result.error : undefined;
            if (failure instanceof UpstreamError && failure.retryAfterMs !== undefined) return failure.retryAfterMs;
            // Full jitter: uniform in [0, min(cap, base·2^n)) spreads retries of many callers apart.
            return Math.random() * Math.min(maxDelayMs, initialDelayMs * 2 ** (context.attempt - 1));
          }),
        },
      );
    this.#retry = {
      background: retryPolicy(maxRetries),
      'on-demand': retryPolicy(Math.min(1, maxRetries)),
      // The backfill asks again on a later tick: a retry here would only hold its share longer.
      backfill: retryPolicy(0),
    };
  }

  /** Current breaker state of this source. */
  get circuit(): CircuitState {
    return toCircuitState[this.#breaker.state];
  }

  /** GETs a JSON body and parses it; throws {@link UpstreamError} on any failure. */
  async get<T extends ParsedBody>(request: UpstreamRequest<T>): Promise<T> {
    const { tracker } = this.#options;
    return this.#retry[request.priority ?? 'background'].execute(async ({ attempt }) => {
      try {
        return await this.#breaker.execute(() => this.#attempt(request));
      } catch (error) {
        if (!isBrokenCircuitError(error)) throw error;
        tracker.recordCircuitRejection(this.source);
        this.#logRejection(request, 'circuit open', { attempt });
        throw new UpstreamError(this.source, 'UPSTREAM_UNAVAILABLE', 'circuit open', { retryable: false });
      }
    });
  }

  async #attempt<T extends ParsedBody>(request: UpstreamRequest<T>): Promise<T> {
    const { tracker } = this.#options;
    try {
      await this.#acquire(this.source, request.endpointClass, request.priority ?? 'background');
    } catch (error) {
      // Our own budget said no: not the upstream's failure, so neither lastError nor the breaker see it.
      const reason = error instanceof Error ? error.message : String(error);
      const waitMs = (error as { waitMs?: unknown } | null)?.waitMs;
      // The backfill is refused whenever its share is spent: that is its pacing, not a refusal worth counting.
      if (request.priority !== 'backfill') {
        tracker.recordBudgetRefusal(this.source);
        this.#logRejection(request, `rate budget refused: ${reason}`);
      }
      throw new UpstreamError(this.source, 'UPSTREAM_RATE_LIMITED', 'local rate budget exhausted', {
        retryAfterMs: typeof waitMs === 'number' && Number.isFinite(waitMs) ? waitMs : undefined,
        retryable: false,
      });
    }
    tracker.recordRequest(this.source);
    try {
      const result = await this.#fetch(request);
      tracker.recordSuccess(this.source);
      tracker.recordMalformedItems(this.source, result.dropped);
      if (result.dropped > 0) this.#logRejection(request, `dropped ${result.dropped} malformed item(s)`);
      return result;
    } catch (error) {
      if (!(error instanceof UpstreamError)) throw error; // a bug of ours, not the upstream's: surfaces as is
      const failure = error;
      tracker.recordFailure(this.source, {
        code: failure.code,
        message: failure.message,
        status: failure.status,
        malformed: failure.code === 'UPSTREAM_MALFORMED',
      });
      this.#logRejection(request, failure.message, { code: failure.code, status: failure.status });
      throw failure;
    }
  }

  async #fetch<T extends ParsedBody>(request: UpstreamRequest<T>): Promise<T> {
    // On behalf of a request (a live lookup), the upstream call carries its id and trace context.
    const response = await withClientSpan(
      `upstream ${this.source} ${request.endpoint}`,
      () => ({ 'memegraph.upstream': this.source, 'url.path': request.path }),
      () =>
        this.#http.get(request.path, {
          searchParams: request.searchParams,
          headers: getPropagationHeaders(request.requestId),
        }),
    ).catch((error: unknown) => Promise.reject(this.#fromNetworkError(error)));
    const { statusCode: status } = response;
    if (status === 429) {
      const retryAfterMs = parseRetryAfter(response.headers['retry-after'], this.#now());
      await this.#options
        .rateLimited?.(this.source, request.endpointClass, retryAfterMs)
        .catch((error: Error) => this.#logRejection(request, `back-off not shared: ${error.message}`));
      // A person waiting (on-demand) is not kept for a long Retry-After: they get the wait in the error instead.
      const longest =
        request.priority === 'on-demand'
          ? Math.min(this.#maxRetryAfterMs, ON_DEMAND_MAX_WAIT_MS)
          : this.#maxRetryAfterMs;
      const waitable = retryAfterMs === undefined || retryAfterMs <= longest;
      const message = retryAfterMs === undefined ? 'HTTP 429' : `HTTP 429, retry after ${retryAfterMs} ms`;
      throw new UpstreamError(this.source, 'UPSTREAM_RATE_LIMITED', message, {
        status,
        retryAfterMs,
        retryable: waitable,
      });
    }
    if (status === 404 && request.notFound) return request.notFound();
    if (status < 200 || status >= 300) {
      // 5xx may pass; another 4xx means this request will never succeed as sent.
      throw new UpstreamError(this.source, 'UPSTREAM_UNAVAILABLE', `HTTP ${status}`, {
        status,
        retryable: status >= 500,
      });
    }
    let body: unknown;
    try {
      body = JSON.parse(response.body);
    } catch {
      throw new UpstreamError(this.source, 'UPSTREAM_MALFORMED', 'invalid JSON', { status, retryable: false });
    }
    try {
      return request.parse(body, new Date(this.#now()).toISOString());
    } catch (error) {
      if (!(error instanceof z.ZodError)) throw error;
      throw new UpstreamError(this.source, 'UPSTREAM_MALFORMED', toMalformedMessage(error), {
        status,
        retryable: false,
      });
    }
  }

  #fromNetworkError(error: unknown): UpstreamError {
    if (error instanceof TimeoutError) {
      return new UpstreamError(this.source, 'UPSTREAM_TIMEOUT', `timed out (${error.event})`, { retryable: true });
    }
    const code = error instanceof RequestError ? error.code : undefined;
    return new UpstreamError(this.source, 'UPSTREAM_UNAVAILABLE', `network error${code ? ` ${code}` : ''}`, {
      retryable: true,
    });
  }

  #logRejection(request: UpstreamRequest<ParsedBody>, reason: string, extra: Record<string, unknown> = {}): void {
    this.#options.log.warn(
      {
        source: this.source,
        endpoint: request.endpoint,
        path: request.path,
        ...(request.requestId !== undefined && { requestId: request.requestId }),
        ...extra,
      },
      `upstream ${this.source} ${request.endpoint}: ${reason}`,
    );
  }

  #now(): number {
    return (this.#options.now ?? Date.now)();
  }
}
