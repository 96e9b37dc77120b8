import { createPublicClient, http, type PublicClient } from "viem";
import { getServerConfig } from "../config/server-config";

const globalForClient = globalThis as unknown as { __tesseraPublicClient?: { url: string; client: PublicClient } };

/** The server's viem client of the configured chain (RPC_URL), created on first use. */
export function getPublicClient(): PublicClient {
  const { rpcUrl } = getServerConfig();
  const cached = globalForClient.__tesseraPublicClient;
  if (cached && cached.url === rpcUrl) return cached.client;
  const client = createPublicClient({ transport: http(rpcUrl, { batch: false, retryCount: 1 }) }) as PublicClient;
  globalForClient.__tesseraPublicClient = { url: rpcUrl, client };
  return client;
}
