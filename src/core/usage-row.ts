/**
 * Usage totals of one day × account × model: the monitor's rows, and what team mode (issue 23)
 * shares through Redis. Here, below both, so one shape serves the two.
 */
/** Totals of one day × account × model. `day` is the local date YYYY-MM-DD. */
export interface UsageSums {
  requests: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  cachedTokens: number;
  reasoningTokens: number;
  /** Dollars of the requests with a known, billed price (issue 20); absent in rows saved before. */
  costUsd?: number;
  /** Requests on flat-rate accounts (cost "included"). */
  includedRequests?: number;
  /** Part of costUsd computed from estimated usage. */
  estimatedUsd?: number;
}

export interface UsageRow extends UsageSums {
  day: string;
  accountId: string;
  accountLabel: string;
  model: string;
}
