"use client";

import { useQueryClient } from "@tanstack/react-query";
import type { Address } from "viem";
import { useInvestorBonds } from "@/lib/bond/queries";
import type { InvestorBondDto } from "@/lib/bond/types";
import { redeem } from "@/lib/bond/writes";
import { formatAmount } from "@/lib/client/format";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import { QueryNotice } from "../query-notice";
import { TxProgress } from "../tx-progress";
import { formatDateTime } from "../vault/format";
import { money } from "./format";


function statusText(b: InvestorBondDto): string {
  if (b.state === "before-maturity") return `Matures ${formatDateTime(b.maturityDate)}`;
  if (!b.open) return "Matured: waiting for the issuer to fund the redemption";
  return "Matured: redeem at face value";
}

/**
 * "Bonds" (Portfolio): the bonds the signed-in wallet holds, their face value and maturity, and from maturity, once
 * the issuer funded the redemption, "Redeem at face value" (redeemAtMaturity: the tokens are burned and the face
 * value paid to the wallet in the payment token). Nothing when the wallet holds no bond.
 */
export function InvestorBonds({ wallet, signedIn }: { wallet: string | undefined; signedIn: boolean }) {
  const q = useInvestorBonds(wallet, signedIn);
  const tx = useTxFlow();
  const client = useQueryClient();
  const bonds = q.data?.bonds ?? [];
  const showProgress = tx.state.phase !== "idle";
  // Nothing while loading or when the wallet holds no bond: the portfolio of a wallet without bonds is unchanged.
  if (!signedIn || !wallet || (bonds.length === 0 && !showProgress && !q.error)) return null;

  async function onRedeem(b: InvestorBondDto) {
    const payment = money(b.paymentToken, b.payment);
    const amount = `${formatAmount(b.redeemable, b.decimals)} ${b.symbol}`;
    await tx.run({
      send: (wc, pc) => redeem(wc, pc, { bond: b.bond as Address, token: b.token as Address }),
      success: () => {
        void client.invalidateQueries({ queryKey: ["investor-bonds"] });
        void client.invalidateQueries({ queryKey: ["portfolio"] });
        return `Redeemed ${amount} at face value: ${payment} paid to your wallet.`;
      },
    });
  }

  return (
    <section className="card" aria-labelledby="bonds-heading">
      <h2 id="bonds-heading">Bonds</h2>
      <QueryNotice isPending={q.isPending} error={q.error} what="your bonds" />
      {bonds.length ? (
        <div className="table-wrap">
          <table aria-label="My bonds">
            <thead>
              <tr>
                <th scope="col">Bond</th>
                <th scope="col" className="num">
                  Balance
                </th>
                <th scope="col" className="num">
                  Face value per unit
                </th>
                <th scope="col">Maturity</th>
                <th scope="col">Redemption</th>
              </tr>
            </thead>
            <tbody>
              {bonds.map((b) => (
                <tr key={b.token}>
                  <td>
                    {b.name} ({b.symbol})
                  </td>
                  <td className="num">
                    {formatAmount(b.balance, b.decimals)} {b.symbol}
                  </td>
                  <td className="num">{money(b.paymentToken, b.faceValue)}</td>
                  <td>{statusText(b)}</td>
                  <td>
                    {b.open && BigInt(b.redeemable) > 0n ? (
                      <button
                        type="button"
                        aria-label={`Redeem ${b.symbol} at face value`}
                        onClick={() => onRedeem(b)}
                        disabled={isTxBusy(tx.state)}
                      >
                        Redeem at face value ({money(b.paymentToken, b.payment)})
                      </button>
                    ) : (
                      <span className="hint">—</span>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <TxProgress state={tx.state} label="Bond redemption progress" />
    </section>
  );
}
