import Link from "next/link";

/** Home: the three areas of the app. */
export default function Home() {
  return (
    <main className="page">
      <h1>Tessera</h1>
      <p className="lead">Compliant ERC-3643 security tokens: issue, verify investors, hold and transfer.</p>
      <div className="grid" style={{ gridTemplateColumns: "repeat(auto-fit, minmax(260px, 1fr))" }}>
        <section className="card">
          <h2>
            <Link href="/issuer">Issuer portal</Link>
          </h2>
          <p className="hint">Create assets with their compliance rules, issue tokens, watch the cap table.</p>
        </section>
        <section className="card">
          <h2>
            <Link href="/compliance">Compliance console</Link>
          </h2>
          <p className="hint">Register investors in the identity registry with their country and KYC expiry.</p>
        </section>
        <section className="card">
          <h2>
            <Link href="/investor">Investor app</Link>
          </h2>
          <p className="hint">See your holdings, check a transfer against the rules, then send it.</p>
        </section>
      </div>
    </main>
  );
}
