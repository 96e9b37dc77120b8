/**
 * Security headers of every page and API response (set by apps/web/proxy.ts at request time, so the RPC URL of the
 * running server, not of the build, is the one the browser may connect to).
 *
 * - Content-Security-Policy: scripts, styles, fonts and images from this origin only (`'unsafe-inline'` for the
 *   inline scripts and styles Next.js and React emit, `'unsafe-eval'` in development only); `connect-src` this origin
 *   and the configured RPC endpoints (wagmi's transports: the home chain's and each further chain's of TESSERA_CHAINS);
 *   no plugins; `<base>` and form targets this origin;
 *   `frame-ancestors 'none'` (no framing: clickjacking of sign-in and agent operations).
 * - X-Frame-Options DENY (the same for browsers without CSP level 2), X-Content-Type-Options nosniff,
 *   Referrer-Policy strict-origin-when-cross-origin (keeps the Origin header of same-origin and HTTPS requests, which
 *   the API and RPC providers check), Permissions-Policy without camera, microphone or geolocation.
 */
export function securityHeaders(opts: { rpcUrl: string; furtherRpcUrls?: readonly string[]; dev?: boolean }): Record<string, string> {
  const connect = ["'self'"];
  for (const url of [opts.rpcUrl, ...(opts.furtherRpcUrls ?? [])]) {
    try {
      const origin = new URL(url).origin;
      if (!connect.includes(origin)) connect.push(origin);
    } catch {
      /* an invalid RPC URL is refused by the configuration; connect to this origin only */
    }
  }
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    `connect-src ${connect.join(" ")}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return {
    "content-security-policy": csp,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
  };
}
