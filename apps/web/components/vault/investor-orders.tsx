"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { erc20Abi, zeroAddress, type Address, type PublicClient, type WalletClient } from "viem";
import { usePublicClient } from "wagmi";
import { explainUnknown } from "@/lib/client/errors";
import { formatAmount, parseTokenAmount } from "@/lib/client/format";
import { precheckTransfer } from "@/lib/client/sdk";
import { isTxBusy, useTxFlow, type TxState } from "@/lib/client/use-tx-flow";
import { useOrders, useVault } from "@/lib/vault/queries";
import type { OrderEventDto, VaultDto, VaultPositionDto } from "@/lib/vault/types";
import { cancelRequest, claim, requestDeposit, requestRedeem } from "@/lib/vault/writes";
import { Pager } from "../data-table";
import { QueryNotice } from "../query-notice";
import { RowsTable } from "../rows-table";
import { TxCell } from "../tx-cell";
import { TxProgress } from "../tx-progress";
import { cash, formatDateTime, navText } from "./format";

const shares = (p: { decimals: number; symbol: string }, baseUnits: string | bigint) => `${formatAmount(baseUnits, p.decimals)} ${p.symbol}`;

type OrderRun = "cancel-deposit" | "cancel-redeem" | "claim-deposit" | "claim-redeem" | "claim-cancel-deposit" | "claim-cancel-redeem";

/** One line of "My orders": a request's state now, and the action it allows. */
interface OrderLine {
  key: string;
  kind: "Subscription" | "Redemption";
  status: string;
  amount: string;
  dealingDate: number | null;
  action?: { label: string; run: OrderRun; amount: bigint };
  note?: string;
}

/** A Pending line: Cancel until the cut-off before its dealing date, then a note that it waits for fulfilment. */
function pendingLine(key: string, kind: OrderLine["kind"], amount: string, dealingDate: number, cutoff: number, now: number, cancel: OrderLine["action"]): OrderLine {
  const line = { key, kind, status: "Pending", amount, dealingDate };
  return now <= dealingDate - cutoff ? { ...line, action: cancel } : { ...line, note: `Past the cut-off (${formatDateTime(dealingDate - cutoff)}): waits for fulfilment` };
}

/** A line to claim (Claimable after fulfilment, or Cancelled with something to claim back): no dealing date, a Claim action. */
function claimLine(key: string, kind: OrderLine["kind"], status: "Claimable" | "Cancelled", amount: string, action: NonNullable<OrderLine["action"]>): OrderLine {
  return { key, kind, status, amount, dealingDate: null, action };
}

/** The lines of one vault position (Pending with Cancel before the cut-off, Claimable with Claim, canceled with Claim). */
function linesOf(p: VaultPositionDto, now: number): OrderLine[] {
  const out: OrderLine[] = [];
  const pay = (v: string) => cash(p, v);
  const k = (suffix: string) => `${p.token}:${suffix}`;
  if (BigInt(p.depositPending) > 0n) {
    out.push(
      pendingLine(k("dp"), "Subscription", pay(p.depositPending), p.depositDealingDate, p.cutoff, now, {
        label: `Cancel subscription to ${p.symbol}`,
        run: "cancel-deposit",
        amount: 0n,
      }),
    );
  }
  if (BigInt(p.depositClaimableShares) > 0n) {
    out.push(
      claimLine(k("dc"), "Subscription", "Claimable", `${shares(p, p.depositClaimableShares)} for ${pay(p.depositClaimableAssets)}`, {
        label: `Claim ${p.symbol} shares`,
        run: "claim-deposit",
        amount: BigInt(p.depositClaimableAssets),
      }),
    );
  }
  if (BigInt(p.depositCancelClaimable) > 0n) {
    out.push(
      claimLine(k("dx"), "Subscription", "Cancelled", `${pay(p.depositCancelClaimable)} to claim back`, {
        label: `Claim refund from ${p.symbol}`,
        run: "claim-cancel-deposit",
        amount: BigInt(p.depositCancelClaimable),
      }),
    );
  }
  if (BigInt(p.redeemPending) > 0n) {
    out.push(
      pendingLine(k("rp"), "Redemption", `${shares(p, p.redeemPending)} locked in your wallet`, p.redeemDealingDate, p.cutoff, now, {
        label: `Cancel redemption of ${p.symbol}`,
        run: "cancel-redeem",
        amount: 0n,
      }),
    );
  }
  if (BigInt(p.redeemClaimableAssets) > 0n) {
    out.push(
      claimLine(k("rc"), "Redemption", "Claimable", `${pay(p.redeemClaimableAssets)} for ${shares(p, p.redeemClaimableShares)}`, {
        label: `Claim ${p.paymentToken.symbol} payout from ${p.symbol}`,
        run: "claim-redeem",
        amount: BigInt(p.redeemClaimableShares),
      }),
    );
  }
  if (BigInt(p.redeemCancelClaimable) > 0n) {
    out.push(
      claimLine(k("rx"), "Redemption", "Cancelled", `${shares(p, p.redeemCancelClaimable)} to unlock`, {
        label: `Unlock ${p.symbol} shares`,
        run: "claim-cancel-redeem",
        amount: BigInt(p.redeemCancelClaimable),
      }),
    );
  }
  return out;
}

/**
 * Each action of "My orders": its transaction (the SDK's cancel or claim on the position's vault) and its success text
 * for the line `l` (whose amount text it reuses).
 */
const ORDER_RUNS: Record<OrderRun, { send: (wc: WalletClient, pc: PublicClient, vault: Address) => ReturnType<typeof claim>; done: (l: OrderLine & { p: VaultPositionDto }) => string }> = {
  "cancel-deposit": {
    send: (wc, pc, vault) => cancelRequest(wc, pc, { vault, kind: "deposit" }),
    done: (l) => `Subscription to ${l.p.symbol} cancelled: claim your ${l.p.paymentToken.symbol} back below.`,
  },
  "cancel-redeem": {
    send: (wc, pc, vault) => cancelRequest(wc, pc, { vault, kind: "redeem" }),
    done: (l) => `Redemption of ${l.p.symbol} cancelled: unlock your shares below.`,
  },
  "claim-deposit": { send: (wc, pc, vault) => claim(wc, pc, { vault, what: "deposit" }), done: (l) => `Claimed ${l.amount.split(" for ")[0]}: they are in your portfolio.` },
  "claim-redeem": { send: (wc, pc, vault) => claim(wc, pc, { vault, what: "redeem" }), done: (l) => `Claimed ${l.amount.split(" for ")[0]}.` },
  "claim-cancel-deposit": {
    send: (wc, pc, vault) => claim(wc, pc, { vault, what: "cancel-deposit" }),
    done: (l) => `Refund of ${l.amount.replace(" to claim back", "")} claimed.`,
  },
  "claim-cancel-redeem": { send: (wc, pc, vault) => claim(wc, pc, { vault, what: "cancel-redeem" }), done: (l) => `${l.amount.replace(" to unlock", "")} unlocked.` },
};

/** Amount of a history event in words. */
function eventAmount(e: OrderEventDto, p: VaultPositionDto | undefined): string {
  if (!p) return "";
  const parts: string[] = [];
  if (e.assets !== null) parts.push(cash(p, e.assets));
  if (e.shares !== null) parts.push(shares(p, e.shares));
  return parts.join(" · ");
}

/**
 * One order form (Subscribe, Redeem): a form named and headed `title` with one amount field (`label`, its hint or, in
 * red, the input error), its submit button (disabled while the write runs) and the write's progress.
 */
function AmountForm(f: {
  title: string;
  onSubmit: (e: FormEvent<HTMLFormElement>) => void;
  id: string;
  name: string;
  label: string;
  placeholder: string;
  error: string | undefined;
  hint: string;
  hintId: string;
  tx: TxState;
  progressLabel: string;
}) {
  return (
    <form className="form" onSubmit={f.onSubmit} noValidate aria-label={f.title}>
      <h3>{f.title}</h3>
      <div className="field">
        <label htmlFor={f.id}>{f.label}</label>
        <input id={f.id} name={f.name} inputMode="decimal" placeholder={f.placeholder} aria-invalid={Boolean(f.error)} aria-describedby={f.hintId} />
        <p id={f.hintId} className="hint" style={f.error ? { color: "var(--danger)" } : undefined}>
          {f.error ?? f.hint}
        </p>
      </div>
      <div className="actions">
        <button type="submit" disabled={isTxBusy(f.tx)}>
          {f.title}
        </button>
      </div>
      <TxProgress state={f.tx} label={f.progressLabel} />
    </form>
  );
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
        <AmountForm
          title="Subscribe"
          onSubmit={onSubscribe}
          id="subscribe-assets"
          name="assets"
          hintId="subscribe-hint"
          label={`Amount (${v.paymentToken.symbol})`}
          placeholder="1000"
          error={subError}
          hint={`Whole ${v.paymentToken.symbol}: approved to the vault, then held there until fulfilment.`}
          tx={sub.state}
          progressLabel="Subscription progress"
        />
        <AmountForm
          title="Redeem"
          onSubmit={onRedeem}
          id="redeem-shares"
          name="shares"
          hintId="redeem-hint"
          label={`Shares (${v.share.symbol})`}
          placeholder="100"
          error={redError}
          hint="Whole tokens: they stay in your wallet, locked, until the redemption is fulfilled or cancelled."
          tx={red.state}
          progressLabel="Redemption progress"
        />
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
    const run = ORDER_RUNS[a.run];
    await act.run({
      send: (wc, pc) => run.send(wc, pc, l.p.vault as Address),
      success: () => {
        refresh();
        return run.done(l);
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
          <RowsTable
            label="My orders"
            rows={lines}
            rowKey={(l) => l.key}
            columns={[
              { header: "Asset", cell: (l) => l.p.symbol },
              { header: "Order", cell: (l) => l.kind },
              { header: "Status", cell: (l) => l.status },
              { header: "Amount", cell: (l) => l.amount },
              { header: "Dealing date", cell: (l) => formatDateTime(l.dealingDate) },
              {
                header: "Action",
                cell: (l) =>
                  l.action ? (
                    <button type="button" className="btn-secondary" disabled={isTxBusy(act.state)} onClick={() => onAction(l)}>
                      {l.action.label}
                    </button>
                  ) : (
                    <span className="hint">{l.note}</span>
                  ),
              },
            ]}
          />
        ) : null}
        <TxProgress state={act.state} label="Order progress" />
      </section>
      <section className="card" aria-labelledby="order-history-heading">
        <h2 id="order-history-heading">Order history</h2>
        {history && history.total === 0 ? <p className="hint">Nothing yet.</p> : null}
        {history?.rows.length ? (
          <>
            <RowsTable
              label="Order history"
              rows={history.rows}
              rowKey={(e) => `${e.blockNumber}:${e.txHash}:${e.event}`}
              columns={[
                { header: "Date", cell: (e) => e.blockTime.slice(0, 16).replace("T", " ") },
                { header: "Asset", cell: (e) => e.symbol },
                { header: "Event", cell: (e) => e.label },
                { header: "Amount", cell: (e) => eventAmount(e, byToken.get(e.token)) },
                { header: "Dealing date", cell: (e) => formatDateTime(e.dealingDate) },
                { header: "Transaction", cell: (e) => <TxCell hash={e.txHash} abbreviation="head" /> },
              ]}
            />
            {history.total > history.pageSize ? (
              <Pager page={page} pageCount={Math.ceil(history.total / history.pageSize)} onPage={setPage} statusLabel="Order history page">
                {` · ${history.total} events`}
              </Pager>
            ) : null}
          </>
        ) : null}
      </section>
    </div>
  );
}
