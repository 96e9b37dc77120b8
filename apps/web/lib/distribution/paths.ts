/**
 * The API path of one distribution of `token`, identified by its root AND its record block (equal entitlements at two
 * record dates have one root): `/api/assets/<token>/distributions/<root><sub>?recordBlock=<n>&…`.
 * @param sub "" (the detail), "/report" or "/payments"
 * @param query more query parameters (page, id, type, limit…)
 */
export function distributionPath(token: string, d: { root: string; recordBlock: string }, sub: "" | "/report" | "/payments" = "", query: Record<string, string> = {}): string {
  const qs = new URLSearchParams({ recordBlock: d.recordBlock, ...query }).toString();
  return `/api/assets/${token.toLowerCase()}/distributions/${d.root}${sub}?${qs}`;
}
