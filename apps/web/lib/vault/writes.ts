/**
 * The vault writes the apps make from the browser, each through the SDK's one send path (`simulateAndWrite`:
 * simulated first, so a refusal is read in words before anything is signed). Amounts in base units.
 * TODO(lead): switch to the SDK's vault actions (packages/sdk/src/actions/vault.ts) once they are in.
 */
import { tesseraVaultAbi } from "@tessera/contracts";
import { simulateAndWrite, type WriteResult } from "@tessera/sdk";
import { erc20Abi, type Abi, type Address, type PublicClient, type WalletClient } from "viem";

const vaultCall = (vault: Address, functionName: string, args: readonly unknown[]) => ({ address: vault, abi: tesseraVaultAbi as Abi, functionName, args });

function accountOf(wc: WalletClient): Address {
  if (!wc.account) throw new Error("Connect a wallet first.");
  return wc.account.address;
}

/** Approves `spender` for `amount` of `token` when the allowance is short (one transaction, or none). */
async function ensureAllowance(wc: WalletClient, pc: PublicClient, token: Address, spender: Address, amount: bigint): Promise<WriteResult | null> {
  const owner = accountOf(wc);
  const allowance = (await pc.readContract({ address: token, abi: erc20Abi, functionName: "allowance", args: [owner, spender] })) as bigint;
  if (allowance >= amount) return null;
  return simulateAndWrite(wc, pc, { address: token, abi: erc20Abi as Abi, functionName: "approve", args: [spender, amount] }, { label: "approve the vault" });
}

/** Subscribes: approves the vault for `assets` of the payment token if needed, then `requestDeposit(assets, me, me)`. */
export async function requestDeposit(wc: WalletClient, pc: PublicClient, p: { vault: Address; paymentToken: Address; assets: bigint }): Promise<WriteResult> {
  const me = accountOf(wc);
  await ensureAllowance(wc, pc, p.paymentToken, p.vault, p.assets);
  return simulateAndWrite(wc, pc, vaultCall(p.vault, "requestDeposit", [p.assets, me, me]), { label: "request a subscription" });
}

/** Redeems: `requestRedeem(shares, me, me)` (the shares are locked in the wallet until fulfilment or cancelation). */
export async function requestRedeem(wc: WalletClient, pc: PublicClient, p: { vault: Address; shares: bigint }): Promise<WriteResult> {
  const me = accountOf(wc);
  return simulateAndWrite(wc, pc, vaultCall(p.vault, "requestRedeem", [p.shares, me, me]), { label: "request a redemption" });
}

/** Cancels the wallet's Pending subscription or redemption (ERC-7887; before the cut-off). */
export async function cancelRequest(wc: WalletClient, pc: PublicClient, p: { vault: Address; kind: "deposit" | "redeem" }): Promise<WriteResult> {
  const me = accountOf(wc);
  return simulateAndWrite(wc, pc, vaultCall(p.vault, p.kind === "deposit" ? "cancelDepositRequest" : "cancelRedeemRequest", [0n, me]), { label: "cancel the request" });
}

/**
 * Claims what is Claimable: shares of a fulfilled subscription (`deposit(assets, me, me)`), the payout of a fulfilled
 * redemption (`redeem(shares, me, me)`), the refund of a canceled subscription or the release of a canceled redemption.
 * @param amount the Claimable amount (payment-token base units for a subscription, token base units for a redemption)
 */
export async function claim(
  wc: WalletClient,
  pc: PublicClient,
  p: { vault: Address; what: "deposit" | "redeem" | "cancel-deposit" | "cancel-redeem"; amount: bigint },
): Promise<WriteResult> {
  const me = accountOf(wc);
  const call =
    p.what === "deposit"
      ? vaultCall(p.vault, "deposit", [p.amount, me, me])
      : p.what === "redeem"
        ? vaultCall(p.vault, "redeem", [p.amount, me, me])
        : p.what === "cancel-deposit"
          ? vaultCall(p.vault, "claimCancelDepositRequest", [0n, me, me])
          : vaultCall(p.vault, "claimCancelRedeemRequest", [0n, me, me]);
  return simulateAndWrite(wc, pc, call, { label: "claim" });
}

/** NAV_AGENT: `updateNav(navPerShare, valuationDate)` (payment-token base units per whole share, unix seconds). */
export async function updateNav(wc: WalletClient, pc: PublicClient, p: { vault: Address; navPerShare: bigint; valuationDate: bigint }): Promise<WriteResult> {
  return simulateAndWrite(wc, pc, vaultCall(p.vault, "updateNav", [p.navPerShare, p.valuationDate]), { label: "update the NAV" });
}

/** NAV_APPROVER (not the proposer): `approveNav(navPerShare, valuationDate)` restating the pending proposal. */
export async function approveNav(wc: WalletClient, pc: PublicClient, p: { vault: Address; navPerShare: bigint; valuationDate: bigint }): Promise<WriteResult> {
  return simulateAndWrite(wc, pc, vaultCall(p.vault, "approveNav", [p.navPerShare, p.valuationDate]), { label: "approve the NAV" });
}

/**
 * FUND_ADMIN: fulfils the given controllers' Pending requests of one kind at the NAV of `dealingDate`, in one batch
 * transaction. Redemptions pull their payout from the fund administrator: the vault is approved for it first
 * (Σ shares × NAV / 10^decimals, each rounded down as the vault does).
 */
export async function fulfil(
  wc: WalletClient,
  pc: PublicClient,
  p: { vault: Address; kind: "deposit" | "redeem"; dealingDate: bigint; controllers: Address[]; amounts: bigint[]; paymentToken: Address; shareDecimals: number },
): Promise<WriteResult> {
  if (p.kind === "redeem") {
    const nav = (await pc.readContract({ address: p.vault, abi: tesseraVaultAbi as Abi, functionName: "navAt", args: [p.dealingDate] })) as bigint;
    const unit = 10n ** BigInt(p.shareDecimals);
    const payout = p.amounts.reduce((s, shares) => s + (shares * nav) / unit, 0n);
    if (nav > 0n && payout > 0n) await ensureAllowance(wc, pc, p.paymentToken, p.vault, payout);
  }
  return simulateAndWrite(
    wc,
    pc,
    vaultCall(p.vault, p.kind === "deposit" ? "fulfillDeposits" : "fulfillRedeems", [p.dealingDate, p.controllers, p.amounts]),
    { label: p.kind === "deposit" ? "fulfil subscriptions" : "fulfil redemptions" },
  );
}
