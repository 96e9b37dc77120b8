import { createPublicClient, getAddress, http, isAddressEqual, zeroAddress, type Address, type PublicClient } from "viem";
import { identityRegistryAbi, identitySyncAbi, type Deployments } from "@tessera/contracts";
import { ApiError, ErrorCode } from "../api/errors";
import { getPublicClient } from "../chain/public-client";
import { readRuntimeConfig } from "../config/read-deployments";
import type { ChainRecordStatusDto, InvestorChainsResponse } from "../shared/api-types";
import { type OtherChain, readOtherChains } from "./other-chains";

type RecordDto = { identity: string | null; country: number; kycExpiresAt: string };

async function readRecord(client: PublicClient, registry: Address, wallet: Address): Promise<RecordDto> {
  const read = <T>(functionName: "identity" | "investorCountry" | "kycExpiry") =>
    client.readContract({ address: registry, abi: identityRegistryAbi, functionName, args: [wallet] } as never) as Promise<T>;
  const [identity, country, kycExpiresAt] = await Promise.all([read<Address>("identity"), read<number>("investorCountry"), read<bigint>("kycExpiry")]);
  const registered = !isAddressEqual(identity, zeroAddress);
  return { identity: registered ? getAddress(identity) : null, country: registered ? Number(country) : 0, kycExpiresAt: registered ? String(kycExpiresAt) : "0" };
}

const sequenceOf = (client: PublicClient, sync: Address, wallet: Address) =>
  client.readContract({ address: sync, abi: identitySyncAbi, functionName: "sequenceOf", args: [wallet] }) as Promise<bigint>;

/**
 * Classifies one other chain's copy of a wallet's record against the home chain's (pure: exported for tests).
 * A sent sequence above the applied one is `pending` whatever the records say (the message is on its way).
 */
export function classifyChainRecord(home: RecordDto, other: RecordDto, sent: bigint, applied: bigint): ChainRecordStatusDto["status"] {
  if (sent > applied) return "pending";
  const same =
    (home.identity === null && other.identity === null) ||
    (home.identity !== null && other.identity !== null && isAddressEqual(home.identity as Address, other.identity as Address) && home.country === other.country && home.kycExpiresAt === other.kycExpiresAt);
  return same ? "current" : "out-of-date";
}

/**
 * Whether each other chain holds the home chain's registry record of `wallet` (identity, country, KYC expiry),
 * read from each chain's registry and IdentitySync through its own RPC. Compliance officers only (the route).
 * @param opts.otherChains defaults to {@link readOtherChains}; tests pass their own.
 * @returns The home record and per chain: `current`, `pending` (sent, not applied: "pending on L2"), `out-of-date`,
 *   `not-linked` or `unavailable` (that chain's node or file failed, with the reason).
 * @throws ApiError BAD_REQUEST (platform not deployed), CHAIN_UNAVAILABLE (the home chain's node failed)
 */
export async function getInvestorChains(wallet: Address, opts: { otherChains?: OtherChain[] } = {}): Promise<InvestorChainsResponse> {
  const { deployments, chainId } = await readRuntimeConfig();
  if (!deployments) throw new ApiError(ErrorCode.BAD_REQUEST, "The platform is not deployed on this chain.");
  const w = getAddress(wallet);
  const home = getPublicClient();
  const others = opts.otherChains ?? (await readOtherChains());
  const homeSync = deployments.identitySync ?? null;
  let homeRecord: RecordDto;
  let linked: Set<number>;
  try {
    homeRecord = await readRecord(home, deployments.identityRegistry, w);
    linked = homeSync
      ? new Set(((await home.readContract({ address: homeSync, abi: identitySyncAbi, functionName: "linkedChains" })) as readonly bigint[]).map(Number))
      : new Set();
  } catch {
    throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
  }
  const chains = await Promise.all(others.map((c) => chainStatus(c, { home, homeSync, homeRecord, linked, wallet: w })));
  return { wallet: w, identitySync: homeSync, home: { chainId, record: homeRecord }, chains };
}

async function chainStatus(
  c: OtherChain,
  h: { home: PublicClient; homeSync: Address | null; homeRecord: RecordDto; linked: Set<number>; wallet: Address },
): Promise<ChainRecordStatusDto> {
  const base = { chainId: c.chainId, name: c.name, sentSequence: "0", appliedSequence: "0", record: null, problem: null };
  const d: Deployments | null = c.deployments;
  if (!d) return { ...base, status: "unavailable", problem: c.deploymentsProblem };
  if (!h.homeSync || !d.identitySync || !h.linked.has(c.chainId)) {
    return { ...base, status: "not-linked", problem: `${c.name} has no IdentitySync linked to the home chain's: records are not carried there.` };
  }
  const client = createPublicClient({ transport: http(c.rpcUrl, { batch: false, retryCount: 1 }) }) as PublicClient;
  let sent: bigint;
  try {
    sent = await sequenceOf(h.home, h.homeSync, h.wallet);
  } catch {
    throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
  }
  try {
    const [record, applied] = await Promise.all([readRecord(client, d.identityRegistry, h.wallet), sequenceOf(client, d.identitySync, h.wallet)]);
    return { ...base, sentSequence: String(sent), appliedSequence: String(applied), record, status: classifyChainRecord(h.homeRecord, record, sent, applied) };
  } catch {
    return { ...base, sentSequence: String(sent), status: "unavailable", problem: `The ${c.name} node is unavailable.` };
  }
}
