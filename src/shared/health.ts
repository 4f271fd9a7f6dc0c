/** Result of the panel's / command's `GET /healthz` check, shown as-is by the UI. */
export type HealthResult =
  | { ok: true; url: string; status: number; body: string; latencyMs: number; note?: string }
  | { ok: false; url: string; status?: number; error: string; hint: string; latencyMs?: number };
