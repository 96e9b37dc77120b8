"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { erc20Abi, zeroAddress, type Address, type PublicClient } from "viem";
import { usePublicClient } from "wagmi";
import { explainUnknown } from "@/lib/client/errors";
import { formatAmount, parseTokenAmount } from "@/lib/client/format";
import { precheckTransfer } from "@/lib/client/sdk";
import { useTxFlow, type TxState } from "@/lib/client/use-tx-flow";
import { useOrders, useVault } from "@/lib/vault/queries";
import type { OrderEventDto, VaultDto, VaultPositionDto } from "@/lib/vault/types";
import { cancelRequest, claim, requestDeposit, requestRedeem } from "@/lib/vault/writes";
import { QueryNotice } from "../query-notice";
import { TxProgress } from "../tx-progress";
import { cash, formatDateTime, navText } from "./format";

const isBusy = (s: TxState) => ["checking", "wallet", "submitted"].includes(s.phase) || (s.phase === "confirmed" && !s.indexTimedOut);
const shares = (p: { decimals: number; symbol: string }, baseUnits: string | bigint) => `${formatAmount(baseUnits, p.decimals)} ${p.symbol}`;

/** One line of "My orders": a request's state now, and the action it allows. */
interface OrderLine {
  key: string;
  kind: "Subscription" | "Redemption";
  status: string;
  amount: string;
  dealingDate: number | null;
  action?: { label: string; run: "cancel-deposit" | "cancel-redeem" | "claim-deposit" | "claim-redeem" | "claim-cancel-deposit" | "claim-cancel-redeem"; amount: bigint };
  note?: string;
}

/** The lines of one vault position (Pending with Cancel before the cut-off, Claimable with Claim, canceled with Claim). */
function linesOf(p: VaultPositionDto, now: number): OrderLine[] {
  const out: OrderLine[] = [];
  const pay = (v: string) => cash(p, v);
  if (BigInt(p.depositPending) > 0n) {
    const open = now <= p.depositDealingDate - p.cutoff;
    out.push({
      key: `${p.token}:dp`,
      kind: "Subscription",
      status: "Pending",
      amount: pay(p.depositPending),
      dealingDate: p.depositDealingDate,
      ...(open
        ? { action: { label: `Cancel subscription to ${p.symbol}`, run: "cancel-deposit", amount: 0n } }
        : { note: `Past the cut-off (${formatDateTime(p.depositDealingDate - p.cutoff)}): waits for fulfilment` }),
    });
  }
  if (BigInt(p.depositClaimableShares) > 0n) {
    out.push({
      key: `${p.token}:dc`,
      kind: "Subscription",
      status: "Claimable",
      amount: `${shares(p, p.depositClaimableShares)} for ${pay(p.depositClaimableAssets)}`,
      dealingDate: null,
      action: { label: `Claim ${p.symbol} shares`, run: "claim-deposit", amount: BigInt(p.depositClaimableAssets) },
    });
  }
  if (BigInt(p.depositCancelClaimable) > 0n) {
    out.push({
      key: `${p.token}:dx`,
      kind: "Subscription",
      status: "Cancelled",
      amount: `${pay(p.depositCancelClaimable)} to claim back`,
      dealingDate: null,
      action: { label: `Claim refund from ${p.symbol}`, run: "claim-cancel-deposit", amount: BigInt(p.depositCancelClaimable) },
    });
  }
  if (BigInt(p.redeemPending) > 0n) {
    const open = now <= p.redeemDealingDate - p.cutoff;
    out.push({
      key: `${p.token}:rp`,
      kind: "Redemption",
      status: "Pending",
      amount: `${shares(p, p.redeemPending)} locked in your wallet`,
      dealingDate: p.redeemDealingDate,
      ...(open
        ? { action: { label: `Cancel redemption of ${p.symbol}`, run: "cancel-redeem", amount: 0n } }
        : { note: `Past the cut-off (${formatDateTime(p.redeemDealingDate - p.cutoff)}): waits for fulfilment` }),
    });
  }
  if (BigInt(p.redeemClaimableAssets) > 0n) {
    out.push({
      key: `${p.token}:rc`,
      kind: "Redemption",
      status: "Claimable",
      amount: `${pay(p.redeemClaimableAssets)} for ${shares(p, p.redeemClaimableShares)}`,
      dealingDate: null,
      action: { label: `Claim ${p.paymentToken.symbol} payout from ${p.symbol}`, run: "claim-redeem", amount: BigInt(p.redeemClaimableShares) },
    });
  }
  if (BigInt(p.redeemCancelClaimable) > 0n) {
    out.push({
      key: `${p.token}:rx`,
      kind: "Redemption",
      status: "Cancelled",
      amount: `${shares(p, p.redeemCancelClaimable)} to unlock`,
      dealingDate: null,
      action: { label: `Unlock ${p.symbol} shares`, run: "claim-cancel-redeem", amount: BigInt(p.redeemCancelClaimable) },
    });
  }
  return out;
}

/** Amount of a history event in words. */
function eventAmount(e: OrderEventDto, p: VaultPositionDto | undefined): string {
  if (!p) return "";
  const parts: string[] = [];
  if (e.assets !== null) parts.push(cash(p, e.assets));
  if (e.shares !== null) parts.push(shares(p, e.shares));
  return parts.join(" · ");
}

/** The subscribe and redeem forms of one vault, with its terms. */
function OrderForms({ wallet, vault: v, onChanged }: { wallet: Address; vault: VaultDto; onChanged: () => void }) {
  const publicClient = usePublicClient();
  const sub = useTxFlow();
  const red = useTxFlow();
  const [subError, setSubError] = useState<string>();
  const [redError, setRedError] = useState<string>();
  const minDeposit = BigInt(v.terms.minDeposit);
  const minRedeem = BigInt(v.terms.minRedeem);

  async function onSubscribe(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const text = String(new FormData(e.currentTarget).get("assets") ?? "");
    const amount = parseTokenAmount(text, v.paymentToken.decimals);
    setSubError(amount.ok ? undefined : amount.error);
    if (!amount.ok || !publicClient) return;
    if (amount.value < minDeposit) {
      sub.fail(`below the minimum subscription of ${cash(v, minDeposit)}`, { refused: true });
      return;
    }
    sub.checking();
    try {
      const pc = publicClient as unknown as PublicClient;
      const balance = (await pc.readContract({ address: v.paymentToken.address as Address, abi: erc20Abi, functionName: "balanceOf", args: [wallet] })) as bigint;
      if (balance < amount.value) {
        sub.fail(`your ${v.paymentToken.symbol} balance (${cash(v, balance)}) is below the amount`, { refused: true });
        return;
      }
      const estimate = (amount.value * 10n ** BigInt(v.share.decimals)) / BigInt(v.nav.navPerShare);
      const check = await precheckTransfer(pc, { token: v.token as Address, from: zeroAddress, to: wallet, amount: estimate > 0n ? estimate : 1n });
      if (!check.ok) {
        sub.fail(check.code === 5 ? "you are not verified for this asset" : `you cannot hold ${v.share.symbol}: ${check.reason}`, { refused: true });
        return;
      }
    } catch (err) {
      sub.fail(explainUnknown(err));
      return;
    }
    const dealing = v.nextDealingDate;
    await sub.run({
      send: (wc, pc) => requestDeposit(wc, pc, { vault: v.vault as Address, assets: amount.value }),
      success: (r) => {
        onChanged();
        return `Subscription of ${cash(v, amount.value)} requested for the dealing date ${formatDateTime(Number(r.dealingDate) || dealing)}.`;
      },
    });
  }

  async function onRedeem(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const text = String(new FormData(e.currentTarget).get("shares") ?? "");
    const amount = parseTokenAmount(text, v.share.decimals);
    setRedError(amount.ok ? undefined : amount.error);
    if (!amount.ok) return;
    if (amount.value < minRedeem) {
      red.fail(`below the minimum redemption of ${formatAmount(minRedeem, v.share.decimals)} ${v.share.symbol}`, { refused: true });
      return;
    }
    const dealing = v.nextDealingDate;
    await red.run({
      send: (wc, pc) => requestRedeem(wc, pc, { vault: v.vault as Address, shares: amount.value }),
      success: (r) => {
        onChanged();
        return `Redemption of ${formatAmount(amount.value, v.share.decimals)} ${v.share.symbol} requested for the dealing date ${formatDateTime(Number(r.dealingDate) || dealing)}: the shares are locked in your wallet until then.`;
      },
    });
  }

  return (
    <>
      <p role="status" aria-label="Order terms" className="notice">
        NAV per share {navText(v, v.nav.navPerShare)}, valued {formatDateTime(v.nav.valuationDate)}. An order placed now joins the dealing date{" "}
        {formatDateTime(v.nextDealingDate)} (cut-off {formatDateTime(v.nextCutoff)}) and deals at the NAV valued then. Minimum subscription{" "}
        {cash(v, minDeposit)}; minimum redemption {formatAmount(minRedeem, v.share.decimals)} {v.share.symbol}.
      </p>
      <div className="grid halves">
        <form className="form" onSubmit={onSubscribe} noValidate aria-label="Subscribe">
          <h3>Subscribe</h3>
          <div className="field">
            <label htmlFor="subscribe-assets">Amount ({v.paymentToken.symbol})</label>
            <input id="subscribe-assets" name="assets" inputMode="decimal" placeholder="1000" aria-invalid={Boolean(subError)} aria-describedby="subscribe-hint" />
            <p id="subscribe-hint" className="hint" style={subError ? { color: "var(--danger)" } : undefined}>
              {subError ?? `Whole ${v.paymentToken.symbol}: approved to the vault, then held there until fulfilment.`}
            </p>
          </div>
          <div className="actions">
            <button type="submit" disabled={isBusy(sub.state)}>
              Subscribe
            </button>
          </div>
          <TxProgress state={sub.state} label="Subscription progress" />
        </form>
        <form className="form" onSubmit={onRedeem} noValidate aria-label="Redeem">
          <h3>Redeem</h3>
          <div className="field">
            <label htmlFor="redeem-shares">Shares ({v.share.symbol})</label>
            <input id="redeem-shares" name="shares" inputMode="decimal" placeholder="100" aria-invalid={Boolean(redError)} aria-describedby="redeem-hint" />
            <p id="redeem-hint" className="hint" style={redError ? { color: "var(--danger)" } : undefined}>
              {redError ?? "Whole tokens: they stay in your wallet, locked, until the redemption is fulfilled or cancelled."}
            </p>
          </div>
          <div className="actions">
            <button type="submit" disabled={isBusy(red.state)}>
              Redeem
            </button>
          </div>
          <TxProgress state={red.state} label="Redemption progress" />
        </form>
      </div>
    </>
  );
}

/**
 * Investor › Orders: subscribe and redeem on a fund's vault, the wallet's orders now (Pending with Cancel before the
 * cut-off, Claimable with Claim, cancelled with Claim back) and its order history, every step with progress and
 * refusals in words.
 */
export function InvestorOrdersView({ wallet, signedIn }: { wallet: Address | undefined; signedIn: boolean }) {
  const [page, setPage] = useState(1);
  const orders = useOrders(wallet, page, signedIn);
  const positions = orders.data?.positions ?? [];
  const [chosen, setChosen] = useState<string>();
  const token = chosen ?? positions[0]?.token;
  const vault = useVault(token ?? "", signedIn && token ? wallet?.toLowerCase() : null);
  const act = useTxFlow();
  const client = useQueryClient();
  const refresh = () => {
    void client.invalidateQueries({ queryKey: ["orders"] });
    void client.invalidateQueries({ queryKey: ["vault"] });
  };

  if (!signedIn || !wallet) {
    return (
      <section className="card" aria-labelledby="orders-heading">
        <h2 id="orders-heading">Subscriptions and redemptions</h2>
        <p className="notice" aria-label="Orders access">
          Sign in with your wallet to subscribe to a fund (paying in its payment token), redeem your shares, and follow each order: pending, fulfilled at
          the NAV, ready to claim, or cancelled.
        </p>
      </section>
    );
  }

  const now = orders.data?.now ?? 0;
  const lines = positions.flatMap((p) => linesOf(p, now).map((l) => ({ ...l, p })));
  const byToken = new Map(positions.map((p) => [p.token, p]));
  const history = orders.data?.history;

  async function onAction(l: OrderLine & { p: VaultPositionDto }) {
    const a = l.action;
    if (!a) return;
    const vaultAddress = l.p.vault as Address;
    await act.run({
      send: (wc, pc) => {
        switch (a.run) {
          case "cancel-deposit":
            return cancelRequest(wc, pc, { vault: vaultAddress, kind: "deposit" });
          case "cancel-redeem":
            return cancelRequest(wc, pc, { vault: vaultAddress, kind: "redeem" });
          case "claim-deposit":
            return claim(wc, pc, { vault: vaultAddress, what: "deposit" });
          case "claim-redeem":
            return claim(wc, pc, { vault: vaultAddress, what: "redeem" });
          case "claim-cancel-deposit":
            return claim(wc, pc, { vault: vaultAddress, what: "cancel-deposit" });
          default:
            return claim(wc, pc, { vault: vaultAddress, what: "cancel-redeem" });
        }
      },
      success: () => {
        refresh();
        switch (a.run) {
          case "cancel-deposit":
            return `Subscription to ${l.p.symbol} cancelled: claim your ${l.p.paymentToken.symbol} back below.`;
          case "cancel-redeem":
            return `Redemption of ${l.p.symbol} cancelled: unlock your shares below.`;
          case "claim-deposit":
            return `Claimed ${l.amount.split(" for ")[0]}: they are in your portfolio.`;
          case "claim-redeem":
            return `Claimed ${l.amount.split(" for ")[0]}.`;
          case "claim-cancel-deposit":
            return `Refund of ${l.amount.replace(" to claim back", "")} claimed.`;
          default:
            return `${l.amount.replace(" to unlock", "")} unlocked.`;
        }
      },
    });
  }

  return (
    <div className="grid">
      <section className="card" aria-labelledby="orders-heading">
        <h2 id="orders-heading">Subscriptions and redemptions</h2>
        <QueryNotice isPending={orders.isPending} error={orders.error} what="your orders" />
        {orders.data && positions.length === 0 ? (
          <p className="hint">No fund offers subscriptions yet: none of the assets has a subscription and redemption vault.</p>
        ) : null}
        {positions.length ? (
          <div className="field">
            <label htmlFor="orders-fund">Fund</label>
            <select id="orders-fund" value={token} onChange={(e) => setChosen(e.target.value)}>
              {positions.map((p) => (
                <option key={p.token} value={p.token}>
                  {p.name} ({p.symbol})
                </option>
              ))}
            </select>
          </div>
        ) : null}
        {token ? <QueryNotice isPending={vault.isPending} error={vault.error} what="the fund's vault" /> : null}
        {vault.data?.vault ? <OrderForms wallet={wallet} vault={vault.data.vault} onChanged={refresh} /> : null}
      </section>
      <section className="card" aria-labelledby="my-orders-heading">
        <h2 id="my-orders-heading">My orders</h2>
        {orders.data && lines.length === 0 ? (
          <p className="hint" role="status" aria-label="Orders status">
            No orders yet. When you subscribe to a fund or redeem your shares, each request appears here with its amount, its dealing date and where it
            stands: pending, fulfilled at the NAV, ready to claim, or cancelled.
          </p>
        ) : null}
        {lines.length ? (
          <div className="table-wrap">
            <table aria-label="My orders">
              <thead>
                <tr>
                  <th scope="col">Asset</th>
                  <th scope="col">Order</th>
                  <th scope="col">Status</th>
                  <th scope="col">Amount</th>
                  <th scope="col">Dealing date</th>
                  <th scope="col">Action</th>
                </tr>
              </thead>
              <tbody>
                {lines.map((l) => (
                  <tr key={l.key}>
                    <td>{l.p.symbol}</td>
                    <td>{l.kind}</td>
                    <td>{l.status}</td>
                    <td>{l.amount}</td>
                    <td>{formatDateTime(l.dealingDate)}</td>
                    <td>
                      {l.action ? (
                        <button type="button" className="btn-secondary" disabled={isBusy(act.state)} onClick={() => onAction(l)}>
                          {l.action.label}
                        </button>
                      ) : (
                        <span className="hint">{l.note}</span>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <TxProgress state={act.state} label="Order progress" />
      </section>
      <section className="card" aria-labelledby="order-history-heading">
        <h2 id="order-history-heading">Order history</h2>
        {history && history.total === 0 ? <p className="hint">Nothing yet.</p> : null}
        {history?.rows.length ? (
          <>
            <div className="table-wrap">
              <table aria-label="Order history">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Asset</th>
                    <th scope="col">Event</th>
                    <th scope="col">Amount</th>
                    <th scope="col">Dealing date</th>
                    <th scope="col">Transaction</th>
                  </tr>
                </thead>
                <tbody>
                  {history.rows.map((e) => (
                    <tr key={`${e.blockNumber}:${e.txHash}:${e.event}`}>
                      <td>{e.blockTime.slice(0, 16).replace("T", " ")}</td>
                      <td>{e.symbol}</td>
                      <td>{e.label}</td>
                      <td>{eventAmount(e, byToken.get(e.token))}</td>
                      <td>{formatDateTime(e.dealingDate)}</td>
                      <td>
                        <code title={e.txHash}>{e.txHash.slice(0, 10)}…</code>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {history.total > history.pageSize ? (
              <div className="pager">
                <button type="button" className="btn-secondary" disabled={page <= 1} onClick={() => setPage((x) => x - 1)}>
                  Previous
                </button>
                <span role="status" aria-label="Order history page">
                  Page {page} of {Math.ceil(history.total / history.pageSize)} · {history.total} events
                </span>
                <button type="button" className="btn-secondary" disabled={page * history.pageSize >= history.total} onClick={() => setPage((x) => x + 1)}>
                  Next
                </button>
              </div>
            ) : null}
          </>
        ) : null}
      </section>
    </div>
  );
}
