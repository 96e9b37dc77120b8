import { NextResponse, type NextRequest } from "next/server";
import { getServerConfig } from "@/lib/config/server-config";
import { securityHeaders } from "@/lib/security/headers";

/**
 * Runs before every page and API route (Next.js 16 Proxy, Node.js runtime): adds the security headers
 * ({@link securityHeaders}) with the running server's RPC URLs (home chain and TESSERA_CHAINS). Authentication is not done here: route handlers check
 * the session themselves.
 */
export function proxy(_req: NextRequest): NextResponse {
  const res = NextResponse.next();
  const { rpcUrl, chains } = getServerConfig();
  const furtherRpcUrls = chains.filter((c) => !c.home).map((c) => c.rpcUrl);
  const headers = securityHeaders({ rpcUrl, furtherRpcUrls, dev: process.env.NODE_ENV === "development" });
  for (const [name, value] of Object.entries(headers)) res.headers.set(name, value);
  return res;
}

export const config = {
  // Everything but Next's hashed static assets and image optimizer.
  matcher: ["/((?!_next/static|_next/image).*)"],
};
