/**
 * Browser-safe writes of the compliance console that @tessera/sdk does not offer (yet): identity-registry
 * maintenance (ERC-3643 IIdentityRegistry: updateCountry, updateIdentity, deleteIdentity, batchRegisterIdentity,
 * setKycExpiry) and the ManualApprovalModule's maker-checker calls. Like the SDK, each simulates first (a refused
 * call costs no gas), then writes and waits for the receipt; reverts become the SDK's TesseraError with user text.
 */
import { identityRegistryAbi, manualApprovalModuleAbi, tokenAbi } from "@tessera/contracts";
import { simulateAndWrite } from "@tessera/sdk";
import type { Abi, Address, Hash, PublicClient, TransactionReceipt, WalletClient } from "viem";

/** What every write returns. */
export interface WriteResult {
  hash: Hash;
  receipt: TransactionReceipt;
}

const registryCall = (registry: Address, functionName: string, args: readonly unknown[]) => ({
  address: registry,
  abi: identityRegistryAbi as Abi,
  functionName,
  args,
});

/**
 * Tells each token's compliance modules the wallet's registry record as it is now (IToken.syncInvestorRecord), so the
 * state they key by identity or country (holders per identity and per country, balances per identity) follows an
 * `updateCountry` or `updateIdentity`. Anyone may call it; the investor manager sends it right after such an update
 * for every token the wallet holds, before the wallet moves tokens again.
 * @param p.tokens The tokens the wallet holds (ERC-3643 token addresses).
 * @returns One transaction per token, in order.
 * @throws TesseraError when a token refuses (e.g. not a Tessera token)
 */
export async function syncInvestorRecord(wc: WalletClient, pc: PublicClient, p: { wallet: Address; tokens: readonly Address[] }) {
  const results: WriteResult[] = [];
  for (const token of p.tokens) {
    results.push(await simulateAndWrite(wc, pc, { address: token, abi: tokenAbi as Abi, functionName: "syncInvestorRecord", args: [p.wallet] }));
  }
  return results;
}

/**
 * Changes a registered wallet's country (ISO-3166 numeric, 1-999). Registry agents (compliance officers) only.
 * @throws TesseraError (CallerNotAgent, WalletNotRegistered, InvalidCountry)
 */
export function updateCountry(wc: WalletClient, pc: PublicClient, p: { registry: Address; wallet: Address; country: number }) {
  return simulateAndWrite(wc, pc, registryCall(p.registry, "updateCountry", [p.wallet, p.country]));
}

/**
 * Links a registered wallet to another ONCHAINID identity (e.g. the investor's new identity contract).
 * @throws TesseraError (CallerNotAgent, WalletNotRegistered, InvalidIdentity)
 */
export function updateIdentity(wc: WalletClient, pc: PublicClient, p: { registry: Address; wallet: Address; identity: Address }) {
  return simulateAndWrite(wc, pc, registryCall(p.registry, "updateIdentity", [p.wallet, p.identity]));
}

/**
 * Removes a wallet from the identity registry (ERC-3643 deleteIdentity): it can no longer receive tokens.
 * @throws TesseraError (CallerNotAgent, WalletNotRegistered)
 */
export function deleteIdentity(wc: WalletClient, pc: PublicClient, p: { registry: Address; wallet: Address }) {
  return simulateAndWrite(wc, pc, registryCall(p.registry, "deleteIdentity", [p.wallet]));
}

/**
 * Registers many wallets in one transaction (ERC-3643 batchRegisterIdentity); no KYC expiry is set (see setKycExpiry).
 * The three arrays have the same length.
 * @throws TesseraError (CallerNotAgent, WalletAlreadyRegistered, InvalidCountry, BatchLengthMismatch)
 */
export function batchRegisterIdentity(
  wc: WalletClient,
  pc: PublicClient,
  p: { registry: Address; wallets: readonly Address[]; identities: readonly Address[]; countries: readonly number[] },
) {
  return simulateAndWrite(wc, pc, registryCall(p.registry, "batchRegisterIdentity", [p.wallets, p.identities, p.countries]));
}

/**
 * Sets a registered wallet's KYC expiry (unix seconds; 0 = not verified): an officer's attestation.
 * @throws TesseraError (CallerNotAgent, WalletNotRegistered)
 */
export function setKycExpiry(wc: WalletClient, pc: PublicClient, p: { registry: Address; wallet: Address; kycExpiresAt: bigint }) {
  return simulateAndWrite(wc, pc, registryCall(p.registry, "setKycExpiry", [p.wallet, p.kycExpiresAt]));
}

/** A transfer under the ManualApprovalModule: sender, recipient, amount in token base units. */
export interface ApprovalKey {
  module: Address;
  compliance: Address;
  from: Address;
  to: Address;
  amount: bigint;
}

/**
 * The sender asks a transfer approver to approve a transfer of `amount` base units to `to` (ManualApprovalModule
 * requestTransfer; the sender is the connected wallet).
 */
export function requestTransfer(wc: WalletClient, pc: PublicClient, p: Omit<ApprovalKey, "from">) {
  return simulateAndWrite(wc, pc, { address: p.module, abi: manualApprovalModuleAbi as Abi, functionName: "requestTransfer", args: [p.compliance, p.to, p.amount] });
}

/**
 * A transfer approver other than the sender approves one requested transfer (consumed by the transfer itself).
 * @throws TesseraError (CallerNotTransferApprover, SelfApproval, NothingToDecide)
 */
export function approveTransfer(wc: WalletClient, pc: PublicClient, p: ApprovalKey) {
  return simulateAndWrite(wc, pc, { address: p.module, abi: manualApprovalModuleAbi as Abi, functionName: "approveTransfer", args: [p.compliance, p.from, p.to, p.amount] });
}

/**
 * A transfer approver rejects one requested (or approved, unused) transfer.
 * @throws TesseraError (CallerNotTransferApprover, NothingToDecide)
 */
export function rejectTransfer(wc: WalletClient, pc: PublicClient, p: ApprovalKey) {
  return simulateAndWrite(wc, pc, { address: p.module, abi: manualApprovalModuleAbi as Abi, functionName: "rejectTransfer", args: [p.compliance, p.from, p.to, p.amount] });
}
