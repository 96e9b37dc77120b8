import { identityRegistryAbi, onchainIdentityAbi } from "@tessera/contracts";
import { decodeAbiParameters, getAddress, isAddressEqual, zeroAddress, type Address, type Hex } from "viem";
import { z } from "zod";
import { ApiError, ErrorCode } from "../api/errors";
import { getPublicClient } from "../chain/public-client";
import { readRuntimeConfig } from "../config/read-deployments";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { addressParam } from "../shared/params";
import { hex } from "../shared/serialize";
import type { ClaimDto, InvestorDetailResponse } from "./types";

/** Path parameter of GET /api/investors/[wallet]. */
export const investorWalletParam = z.object({ wallet: addressParam });

/**
 * One investor as the identity registry holds it now (chain): identity, country, KYC expiry, verification; the other
 * wallets linked to the same identity (index); and the ONCHAINID claims on the identity for the registry's required
 * topics (topic, issuer, whether the registry trusts that issuer, expiry and chain from the claim data
 * `abi.encode(uint256 chainId, uint64 expiresAt)` as ARCHITECTURE.md "IdentityRegistry" defines it).
 * Compliance officers only (checked by the route).
 * @throws ApiError BAD_REQUEST (platform not deployed), CHAIN_UNAVAILABLE
 */
export async function getInvestorDetail(wallet: Address): Promise<InvestorDetailResponse> {
  const { deployments } = await readRuntimeConfig();
  if (!deployments) throw new ApiError(ErrorCode.BAD_REQUEST, "The platform is not deployed on this chain.");
  const registry = deployments.identityRegistry;
  const client = getPublicClient();
  const w = getAddress(wallet);
  const read = <T>(functionName: string, args: readonly unknown[] = []) =>
    client.readContract({ address: registry, abi: identityRegistryAbi, functionName, args } as never) as Promise<T>;
  let identity: Address, country: number, kycExpiresAt: bigint, verified: boolean, topics: readonly bigint[], issuers: readonly Address[];
  try {
    [identity, country, kycExpiresAt, verified, topics, issuers] = await Promise.all([
      read<Address>("identity", [w]),
      read<number>("investorCountry", [w]),
      read<bigint>("kycExpiry", [w]),
      read<boolean>("isVerified", [w]),
      read<readonly bigint[]>("getClaimTopics"),
      read<readonly Address[]>("getTrustedIssuers"),
    ]);
  } catch {
    throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
  }
  const registered = !isAddressEqual(identity, zeroAddress);
  const issuerTopics = new Map<string, readonly bigint[]>();
  await Promise.all(
    issuers.map(async (i) => issuerTopics.set(i.toLowerCase(), await read<readonly bigint[]>("getTrustedIssuerClaimTopics", [i]))),
  );

  const claims: ClaimDto[] = [];
  if (registered && (await client.getCode({ address: identity }))) {
    for (const topic of topics) {
      let ids: readonly Hex[] = [];
      try {
        ids = (await client.readContract({ address: identity, abi: onchainIdentityAbi, functionName: "getClaimIdsByTopic", args: [topic] })) as readonly Hex[];
      } catch {
        ids = []; // not an ONCHAINID identity: no claims to show
      }
      for (const id of ids) {
        const [t, , issuer, , data] = (await client.readContract({ address: identity, abi: onchainIdentityAbi, functionName: "getClaim", args: [id] })) as readonly [
          bigint,
          bigint,
          Address,
          Hex,
          Hex,
          string,
        ];
        let expiresAt: string | null = null;
        let chainId: number | null = null;
        if ((data.length - 2) / 2 === 64) {
          const [c, e] = decodeAbiParameters([{ type: "uint256" }, { type: "uint256" }], data);
          chainId = Number(c);
          expiresAt = e.toString();
        }
        claims.push({
          id: hex(id),
          topic: t.toString(),
          issuer: hex(issuer),
          trustedIssuer: (issuerTopics.get(issuer.toLowerCase()) ?? []).includes(t),
          expiresAt,
          chainId,
        });
      }
    }
  }

  const { chainId } = getServerConfig();
  const others = registered
    ? await getPrisma().investor.findMany({
        where: { chainId, identityRegistry: registry.toLowerCase(), identity: identity.toLowerCase(), registered: true, wallet: { not: wallet } },
        orderBy: { wallet: "asc" },
        select: { wallet: true },
      })
    : [];
  return {
    wallet,
    registered,
    identity: registered ? hex(identity) : null,
    country: Number(country),
    kycExpiresAt: kycExpiresAt.toString(),
    verified,
    otherWallets: others.map((o) => hex(o.wallet)),
    requiredTopics: topics.map((t) => t.toString()),
    claims,
  };
}
