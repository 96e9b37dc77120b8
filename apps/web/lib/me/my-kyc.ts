import { identityRegistryAbi } from "@tessera/contracts";
import { getAddress, isAddressEqual, zeroAddress, type Address } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { getPublicClient } from "../chain/public-client";
import type { MyKycResponse, MyKycStatus } from "../compliance/kyc-renewal-types";
import { readRuntimeConfig } from "../config/read-deployments";
import { hex } from "../shared/serialize";

/** KYC ending within this many seconds of the chain's time is "expiring" (30 days, as the compliance console warns). */
export const KYC_EXPIRING_SECONDS = 30n * 86_400n;

/** The status for a registry record at chain time `now`: verified while `kycExpiresAt > now` (IdentityRegistry.isVerified). */
export function kycStatus(registered: boolean, kycExpiresAt: bigint, now: bigint): MyKycStatus {
  if (!registered) return "unregistered";
  if (kycExpiresAt <= now) return "expired";
  return kycExpiresAt - now <= KYC_EXPIRING_SECONDS ? "expiring" : "verified";
}

/**
 * The signed-in wallet's own KYC, read from the identity registry now (not the index): unregistered, verified until a
 * date, expiring within 30 days, or expired (judged at the latest block's time, as transfers are). The wallet is always
 * the session's.
 * @throws ApiError BAD_REQUEST (platform not deployed), CHAIN_UNAVAILABLE
 */
export async function getMyKyc(session: Session): Promise<MyKycResponse> {
  const { deployments } = await readRuntimeConfig();
  if (!deployments) throw new ApiError(ErrorCode.BAD_REQUEST, "The platform is not deployed on this chain.");
  const client = getPublicClient();
  const wallet = getAddress(session.address);
  const read = <T>(functionName: string) =>
    client.readContract({ address: deployments.identityRegistry, abi: identityRegistryAbi, functionName, args: [wallet] } as never) as Promise<T>;
  let identity: Address, country: number, kycExpiresAt: bigint, now: bigint;
  try {
    [identity, country, kycExpiresAt, now] = await Promise.all([
      read<Address>("identity"),
      read<number>("investorCountry"),
      read<bigint>("kycExpiry"),
      client.getBlock().then((b) => b.timestamp),
    ]);
  } catch {
    throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
  }
  const registered = !isAddressEqual(identity, zeroAddress);
  return {
    wallet: hex(wallet),
    status: kycStatus(registered, kycExpiresAt, now),
    country: registered ? Number(country) : 0,
    kycExpiresAt: registered ? kycExpiresAt.toString() : "0",
    asOf: now.toString(),
  };
}
