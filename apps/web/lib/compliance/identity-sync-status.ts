import { createPublicClient, getAddress, http, isAddressEqual, zeroAddress, type Address, type PublicClient } from "viem";
import { identityRegistryAbi, identitySyncAbi, type Deployments } from "@tessera/contracts";
import { ApiError, ErrorCode } from "../api/errors";
import { getPublicClient } from "../chain/public-client";
import { readRuntimeConfig } from "../config/read-deployments";
import { z } from "zod";
import type { ChainRecordStatusDto, InvestorChainsResponse, InvestorsChainsResponse } from "../shared/api-types";
import { addressParam } from "../shared/params";
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

/** Most wallets GET /api/investors/chains answers at once (a page of the investors table is 25). */
export const INVESTOR_CHAINS_MAX_WALLETS = 100;

/** Query of GET /api/investors/chains: `wallets`, comma-separated addresses, 1 to {@link INVESTOR_CHAINS_MAX_WALLETS}. */
export const investorsChainsQuery = z.object({
  wallets: z
    .string({ error: "give comma-separated wallet addresses" })
    .transform((s) => s.split(","))
    .pipe(
      z
        .array(addressParam)
        .min(1, "name at least one wallet")
        .max(INVESTOR_CHAINS_MAX_WALLETS, `at most ${INVESTOR_CHAINS_MAX_WALLETS} wallets at once`),
    ),
});

/** Wallets read at once (each wallet is 4 reads on the home chain and 4 on each other chain). */
const WALLETS_AT_ONCE = 10;

/**
 * Whether each other chain holds the home chain's registry record of `wallet` (identity, country, KYC expiry),
 * read from each chain's registry and IdentitySync through its own RPC. Compliance officers only (the route).
 * @param opts.otherChains defaults to {@link readOtherChains}; tests pass their own.
 * @returns The home record and per chain: `current`, `pending` (sent, not applied: "pending on L2"), `out-of-date`,
 *   `not-linked` or `unavailable` (that chain's node or file failed, with the reason).
 * @throws ApiError BAD_REQUEST (platform not deployed), CHAIN_UNAVAILABLE (the home chain's node failed)
 */
export async function getInvestorChains(wallet: Address, opts: { otherChains?: OtherChain[] } = {}): Promise<InvestorChainsResponse> {
  const { investors } = await getInvestorsChains([wallet], opts);
  return investors[0]!;
}

/**
 * {@link getInvestorChains} for a page of wallets in one call (the investors table's "Other chains" column): the
 * deployments, the linked chains and each chain's client are read once, then the wallets 10 at a time.
 * @param wallets at most {@link INVESTOR_CHAINS_MAX_WALLETS} (the route's zod schema refuses more); repeats answered once.
 * @returns The home chain's IdentitySync and one entry per distinct wallet, in the order given (checksummed).
 * @throws ApiError BAD_REQUEST (platform not deployed, too many wallets), CHAIN_UNAVAILABLE (the home chain's node failed)
 */
export async function getInvestorsChains(wallets: readonly Address[], opts: { otherChains?: OtherChain[] } = {}): Promise<InvestorsChainsResponse> {
  const distinct = [...new Set(wallets.map((w) => getAddress(w)))];
  if (distinct.length > INVESTOR_CHAINS_MAX_WALLETS) {
    throw new ApiError(ErrorCode.BAD_REQUEST, `At most ${INVESTOR_CHAINS_MAX_WALLETS} wallets at once.`);
  }
  const { deployments, chainId } = await readRuntimeConfig();
  if (!deployments) throw new ApiError(ErrorCode.BAD_REQUEST, "The platform is not deployed on this chain.");
  const home = getPublicClient();
  const others = (opts.otherChains ?? (await readOtherChains())).map((c) => ({
    ...c,
    client: createPublicClient({ transport: http(c.rpcUrl, { batch: false, retryCount: 1 }) }) as PublicClient,
  }));
  const homeSync = deployments.identitySync ?? null;
  let linked: Set<number>;
  try {
    linked = homeSync
      ? new Set(((await home.readContract({ address: homeSync, abi: identitySyncAbi, functionName: "linkedChains" })) as readonly bigint[]).map(Number))
      : new Set();
  } catch {
    throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
  }
  const investors: InvestorChainsResponse[] = [];
  for (let i = 0; i < distinct.length; i += WALLETS_AT_ONCE) {
    investors.push(
      ...(await Promise.all(
        distinct.slice(i, i + WALLETS_AT_ONCE).map(async (w): Promise<InvestorChainsResponse> => {
          let homeRecord: RecordDto;
          let sent: bigint;
          try {
            [homeRecord, sent] = await Promise.all([readRecord(home, deployments.identityRegistry, w), homeSync ? sequenceOf(home, homeSync, w) : 0n]);
          } catch {
            throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
          }
          const chains = await Promise.all(others.map((c) => chainStatus(c, { homeSync, homeRecord, linked, wallet: w, sent })));
          return { wallet: w, identitySync: homeSync, home: { chainId, record: homeRecord }, chains };
        }),
      )),
    );
  }
  return { identitySync: homeSync, investors };
}

async function chainStatus(
  c: OtherChain & { client: PublicClient },
  h: { homeSync: Address | null; homeRecord: RecordDto; linked: Set<number>; wallet: Address; sent: bigint },
): Promise<ChainRecordStatusDto> {
  const base = { chainId: c.chainId, name: c.name, sentSequence: "0", appliedSequence: "0", record: null, problem: null };
  const d: Deployments | null = c.deployments;
  if (!d) return { ...base, status: "unavailable", problem: c.deploymentsProblem };
  if (!h.homeSync || !d.identitySync || !h.linked.has(c.chainId)) {
    return { ...base, status: "not-linked", problem: `${c.name} has no IdentitySync linked to the home chain's: records are not carried there.` };
  }
  const sent = h.sent;
  try {
    const [record, applied] = await Promise.all([readRecord(c.client, d.identityRegistry, h.wallet), sequenceOf(c.client, d.identitySync, h.wallet)]);
    return { ...base, sentSequence: String(sent), appliedSequence: String(applied), record, status: classifyChainRecord(h.homeRecord, record, sent, applied) };
  } catch {
    return { ...base, sentSequence: String(sent), status: "unavailable", problem: `The ${c.name} node is unavailable.` };
  }
}
