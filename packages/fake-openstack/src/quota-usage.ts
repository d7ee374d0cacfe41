/** One limit of a detailed quota set, as Nova and Cinder show it. */
export interface QuotaUsage {
  limit: unknown;
  in_use: number;
  reserved: 0;
}

/**
 * The detailed form of a quota set (Nova's `/detail`, Cinder's `usage=true`): every limit of
 * `values` (in its key order, its `id` left out) with its usage from `inUse` (0 when absent), nothing
 * reserved.
 */
export function quotaUsages(
  values: Record<string, unknown>,
  inUse: Record<string, number>,
): Record<string, QuotaUsage> {
  const detailed: Record<string, QuotaUsage> = {};
  for (const [key, limit] of Object.entries(values)) {
    if (key !== 'id') detailed[key] = { limit, in_use: inUse[key] ?? 0, reserved: 0 };
  }
  return detailed;
}
