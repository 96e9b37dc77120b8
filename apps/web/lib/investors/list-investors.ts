import { getPrisma } from "../db/prisma";
import { getServerConfig } from "../config/server-config";
import type { InvestorListResponse } from "../shared/api-types";
import { hex } from "../shared/serialize";

/**
 * Registered wallets of the configured chain (all identity registries, or one), most recently registered first.
 * `verified` means KYC is on record and has not expired by the server's clock.
 */
export async function listInvestors(filter: { identityRegistry?: `0x${string}` } = {}): Promise<InvestorListResponse> {
  const { chainId } = getServerConfig();
  const rows = await getPrisma().investor.findMany({
    where: { chainId, registered: true, ...(filter.identityRegistry ? { identityRegistry: filter.identityRegistry } : {}) },
    orderBy: [{ registeredBlock: "desc" }, { wallet: "asc" }],
  });
  const now = BigInt(Math.floor(Date.now() / 1000));
  return {
    investors: rows.map((r) => ({
      identityRegistry: hex(r.identityRegistry),
      wallet: hex(r.wallet),
      identity: hex(r.identity),
      country: r.country,
      kycExpiresAt: r.kycExpiresAt === null ? null : r.kycExpiresAt.toString(),
      verified: r.kycExpiresAt !== null && r.kycExpiresAt > now,
      registeredBlock: r.registeredBlock.toString(),
      updatedBlock: r.updatedBlock.toString(),
    })),
  };
}
