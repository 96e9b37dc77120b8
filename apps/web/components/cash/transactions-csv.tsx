"use client";

/**
 * Transactions › "Download transactions CSV": every indexed transaction of the asset (token movements and money-leg
 * events, in chain order) as a CSV the server streams (GET /api/assets/[token]/transactions?format=csv; the cap table's
 * readers only).
 */
export function TransactionsCsv({ token, symbol }: { token: string; symbol: string }) {
  return (
    <section className="card" aria-labelledby="transactions-csv-heading">
      <div className="card-head">
        <h2 id="transactions-csv-heading">All transactions</h2>
        <a className="btn-secondary" href={`/api/assets/${token}/transactions?format=csv`} download>
          Download transactions CSV
        </a>
      </div>
      <p className="hint">
        Every issuance, transfer and redemption of {symbol} and every subscription, redemption, distribution, DvP and bond event, in
        chain order, with amounts in base units.
      </p>
    </section>
  );
}
