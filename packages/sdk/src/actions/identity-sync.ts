/**
 * Identity across chains: `syncInvestor` sends an investor wallet's registry record (identity, country, KYC expiry,
 * or "not registered") from the home chain's IdentitySync to the other chains, where their IdentitySync applies it.
 * Browser-safe. See ARCHITECTURE.md "Identity across chains (IdentitySync)".
 */
import { decodeEventLog, type Abi, type Address, type Hash, type PublicClient, type WalletClient } from "viem";
import { z } from "zod";
import { identitySyncAbi } from "@tessera/contracts";
import { addressSchema, parseInput } from "../schemas";
import { simulateAndWrite, type WriteResult } from "../send";

/** Parameters of {@link syncInvestor}. */
export const syncInvestorSchema = z.object({
  /** The home chain's IdentitySync (`deployments.identitySync` of the home chain). */
  identitySync: addressSchema,
  /** The investor's wallet. */
  wallet: addressSchema,
  /** One destination chain (EVM chain id); omitted: every linked chain. */
  chainId: z.number().int().positive().optional(),
  /** The messaging protocol's fee in wei for one destination (`chainId` required); 0 on local chains. */
  fee: z.bigint().nonnegative().optional(),
}).refine((v) => !v.fee || v.chainId !== undefined, { message: "a fee is paid for one destination: give chainId too", path: ["fee"] });
export type SyncInvestorParams = z.input<typeof syncInvestorSchema>;

/** One record sent by {@link syncInvestor}: its message id per destination chain, and what it carries. */
export type SentRecord = {
  /** The gateway's message id (Hyperlane's message id): the destination's `RecordApplied`/`StaleRecordIgnored` has it. */
  sendId: Hash;
  chainId: number;
  sequence: bigint;
  /** The identity on the home chain; null when the wallet is not registered there (the others remove it). */
  identity: Address | null;
  country: number;
  /** KYC expiry, unix seconds. */
  kycExpiresAt: bigint;
};

/**
 * Sends `wallet`'s record in the home chain's identity registry to every linked chain (or to `chainId` only), with
 * the wallet's next sequence number. Anyone may call it: it carries the home registry's truth, nothing else. The
 * other chains follow once the messaging protocol delivers the message (a relayer); a record older than one applied
 * already is ignored there.
 * Call it after each registry change on the home chain (registration, KYC renewal or revocation, country or identity
 * change, removal).
 * @returns The transaction and the records sent (one per destination chain).
 * @throws TesseraError InvalidInput; NotHomeChain (this chain is not the home chain), NoLinkedChain, UnknownChain
 *   (no link to `chainId`), or the gateway's errors (e.g. a fee below the protocol's quote), in words.
 */
export async function syncInvestor(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: SyncInvestorParams,
): Promise<WriteResult & { records: SentRecord[] }> {
  const p = parseInput(syncInvestorSchema, params);
  const r = await simulateAndWrite(
    walletClient,
    publicClient,
    p.chainId === undefined
      ? { address: p.identitySync, abi: identitySyncAbi as Abi, functionName: "sync", args: [p.wallet] }
      : {
          address: p.identitySync,
          abi: identitySyncAbi as Abi,
          functionName: "sync",
          args: [p.wallet, BigInt(p.chainId)],
          ...(p.fee ? { value: p.fee } : {}),
        },
    { label: "sync investor" },
  );
  const records: SentRecord[] = [];
  for (const log of r.receipt.logs) {
    if (log.address.toLowerCase() !== p.identitySync.toLowerCase()) continue;
    try {
      const e = decodeEventLog({ abi: identitySyncAbi, data: log.data, topics: log.topics });
      if (e.eventName !== "RecordSent") continue;
      const a = e.args;
      records.push({
        sendId: a.sendId,
        chainId: Number(a.chainId),
        sequence: BigInt(a.sequence),
        identity: /^0x0{40}$/i.test(a.identity) ? null : a.identity,
        country: Number(a.country),
        kycExpiresAt: BigInt(a.kycExpiresAt),
      });
    } catch {
      // another event of the contract (e.g. none today): not a record
    }
  }
  return { hash: r.hash, receipt: r.receipt, records };
}
