import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testUsdAbi, tokenAbi } from "@tessera/contracts";
import { backends } from "@tessera/db/testing";
import { claim, createDistribution, isClaimed, reclaim, setDistributionPaused } from "@tessera/sdk";
import { rpc } from "@tessera/sdk/node";
import { allocateEntitlements, standardEntitlementTree, verifyEntitlementProof } from "@tessera/sdk/distribution";
import type { Address, Hex } from "viem";
import { GET as detailGET } from "../app/api/assets/[token]/distributions/[root]/route";
import { GET as paymentsGET } from "../app/api/assets/[token]/distributions/[root]/payments/route";
import { GET as reportGET } from "../app/api/assets/[token]/distributions/[root]/report/route";
import { GET as listGET, POST as draftPOST } from "../app/api/assets/[token]/distributions/route";
import { GET as myGET } from "../app/api/me/distributions/route";
import { GET as proofGET } from "../app/api/me/distributions/proof/route";
import type {
  DistributionDetailResponse,
  DistributionListResponse,
  DraftResponse,
  MyDistributionsResponse,
  PaymentsResponse,
  ProofResponse,
} from "../lib/distribution/types";
import { claimRefusal } from "../lib/distribution/writes";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import type { Browser } from "./helpers/chain";

/**
 * Record-date distributions through the API (issue 11): the corporate-actions desk's draft (entitlements at the record
 * date from the index, withholding per country, the tree; stored with its leaves, idempotent by root and record block), its refusals
 * (no role 403, bad terms 400 in words: a record date in the future, a zero amount, a deadline passed), the posting
 * seen through the index, an investor's own entitlements and the proof the server computes from the stored leaves
 * (equal to OpenZeppelin's tree, and accepted by the Distributor), the push payload and the CSV reports, a rate per unit
 * whose deadline passes (expired, then reclaimed); two coupons with equal entitlements at two record blocks (one root:
 * a distribution is identified by root AND record block) drafted, posted and claimed apart, and a true duplicate (409).
 * The demo asset
 * TDF on this file's own anvil: A (840) holds 10,000 TDF, B (826) 5,000; the issuer holds CORPORATE_ACTIONS.
 * Real indexer, PGlite (and PostgreSQL when DATABASE_URL is set).
 */
let chain: WebChain;
let token: string;
let A: Address;
let B: Address;
const TUSD = 10n ** 6n;

const ctx = (p: Record<string, string>) => ({ params: Promise.resolve(p) });
const DAY = 86_400;

for (const backend of backends()) {
  describe(`distributions on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "officer" | "investorA" | "investorB">;
    let head: bigint;
    let deadline: number;

    // A chain per backend: the same holdings give the same entitlements and so the same root, and a root posted by
    // the other backend's run would be another distribution's (the draft refuses it: 409).
    beforeAll(async () => {
      chain = await startWebChain();
      token = chain.demo.token.toLowerCase();
      [A, B] = chain.demo.investors.map((i) => i.wallet) as [Address, Address];
      db = await startWebDatabase(backend, { chain, indexer: true });
      as = await db.signIn({ issuer: 0, officer: 1, investorA: 2, investorB: 3 });
      head = await chain.clients.publicClient.getBlockNumber();
      await db.waitForIndex(head);
      deadline = Number((await chain.clients.publicClient.getBlock()).timestamp) + 30 * DAY;
    });
    afterAll(async () => {
      await db?.stop();
      await chain?.stop();
    });

    const draft = (b: Browser, body: unknown, t = token) =>
      draftPOST(b.request(`/api/assets/${t}/distributions`, { method: "POST", body }), ctx({ token: t }));
    const list = (b: Browser) => listGET(b.request(`/api/assets/${token}/distributions`), ctx({ token }));
    // A distribution is (root, record block): the per-distribution routes take `?recordBlock=` (`at`; null: left out).
    const q = (at: bigint | null, qs: string) => `?${[at === null ? "" : `recordBlock=${at}`, qs.replace(/^\?/, "")].filter(Boolean).join("&")}`;
    const detail = (b: Browser, root: string, at: bigint | null = head, qs = "") =>
      detailGET(b.request(`/api/assets/${token}/distributions/${root}${q(at, qs)}`), ctx({ token, root }));
    const payments = (b: Browser, root: string, at: bigint | null = head, qs = "") =>
      paymentsGET(b.request(`/api/assets/${token}/distributions/${root}/payments${q(at, qs)}`), ctx({ token, root }));
    const report = (b: Browser, root: string, at: bigint | null = head, qs = "") =>
      reportGET(b.request(`/api/assets/${token}/distributions/${root}/report${q(at, qs)}`), ctx({ token, root }));
    const mine = (b: Browser) => myGET(b.request("/api/me/distributions"));
    const proof = (b: Browser, root: string, index: number, at: bigint | null = head) =>
      proofGET(b.request(`/api/me/distributions/proof${q(at, `token=${token}&root=${root}&index=${index}`)}`));
    const message = async (res: Response) => ((await res.json()) as { error: { message: string } }).error.message;
    const terms = () => ({ paymentToken: chain.demo.paymentToken, recordBlock: head.toString(), totalAmount: (1_500n * TUSD).toString(), withholdingBps: { "826": 2_000 }, claimDeadline: deadline });

    it("refuses without the role (403), signed out (401), for an unknown asset (404) and bad terms in words (400)", async () => {
      expect((await draft(as.anonymous, terms())).status).toBe(401);
      const officer = await draft(as.officer, terms());
      expect(officer.status).toBe(403);
      expect(await message(officer)).toContain("CORPORATE_ACTIONS");
      expect((await draft(as.investorA, terms())).status).toBe(403);
      expect((await draft(as.issuer, terms(), `0x${"ab".repeat(20)}`)).status).toBe(404);

      const zero = await draft(as.issuer, { ...terms(), totalAmount: "0" });
      expect(zero.status).toBe(400);
      expect(await message(zero)).toContain("the total amount must be greater than zero");
      const future = await draft(as.issuer, { ...terms(), recordBlock: (head + 1_000n).toString() });
      expect(future.status).toBe(400);
      expect(await message(future)).toMatch(/the record date \(block \d+\) is after the indexed head/);
      const tomorrow = new Date(Date.now() + 2 * DAY * 1000).toISOString().slice(0, 10);
      const futureDay = await draft(as.issuer, { ...terms(), recordBlock: undefined, recordDate: tomorrow });
      expect(futureDay.status).toBe(400);
      expect(await message(futureDay)).toContain("is in the future");
      const both = await draft(as.issuer, { ...terms(), ratePerUnit: "5" });
      expect(both.status).toBe(400);
      expect(await message(both)).toContain("give exactly one amount");
      const passed = await draft(as.issuer, { ...terms(), claimDeadline: 1_000 });
      expect(passed.status).toBe(400);
      expect(await message(passed)).toContain("The claim deadline must be in the future");
      expect((await draft(as.issuer, { ...terms(), withholdingBps: { "826": 10_001 } })).status).toBe(400);
      expect((await draft(as.issuer, { ...terms(), extra: 1 })).status).toBe(400);
      const nobody = await draft(as.issuer, { ...terms(), recordBlock: "1" });
      expect(nobody.status).toBe(400);
      expect(await message(nobody)).toContain("nobody is entitled");
    });

    let root: Hex;
    // Investor A's leaf: leaves are in identity order, so A's index follows from the identities' addresses.
    let aIndex = 0;

    it("drafts: entitlements per identity with withholding by country, equal to the SDK's arithmetic; stored once per root", async () => {
      const res = await draft(as.issuer, terms());
      expect(res.status).toBe(200);
      const d = (await res.json()) as DraftResponse;
      const [a, b] = chain.demo.investors;
      const holdings = await Promise.all(
        chain.demo.investors.map(async (i) => ({
          wallet: i.wallet,
          identity: i.identity,
          country: i.country,
          balance: (await chain.clients.publicClient.readContract({ address: token as Address, abi: tokenAbi, functionName: "balanceOf", args: [i.wallet], blockNumber: head })) as bigint,
        })),
      );
      const expected = allocateEntitlements(holdings, { totalAmount: 1_500n * TUSD, withholdingBps: { "826": 2_000 } }, 18);
      root = standardEntitlementTree(expected).root as Hex;
      expect(d.existed).toBe(false);
      expect(d.offHomeChain).toBeNull(); // an asset on its home chain only
      expect(d.distribution).toMatchObject({ root, status: "draft", complete: true, recordBlock: head.toString(), kind: "dividend", id: null });
      expect(d.distribution.totals).toEqual({ holders: 2, units: (15_000n * 10n ** 18n).toString(), gross: (1_500n * TUSD).toString(), withholding: (100n * TUSD).toString(), net: (1_400n * TUSD).toString() });
      expect(d.entitlements.map((e) => [e.identity, e.country, e.gross, e.withholding, e.net, e.claimed])).toEqual(
        expected.map((e) => [e.identity, e.country, e.gross.toString(), e.withholding.toString(), e.net.toString(), false]),
      );
      expect(d.entitlements.find((e) => e.identity === b!.identity.toLowerCase())).toMatchObject({ country: 826, net: (400n * TUSD).toString() });
      expect(d.entitlements.find((e) => e.identity === a!.identity.toLowerCase())).toMatchObject({ country: 840, withholding: "0", net: (1_000n * TUSD).toString() });
      aIndex = d.entitlements.find((e) => e.identity === a!.identity.toLowerCase())!.index;

      // Again, as a coupon with another deadline: the same root, stored once, the new terms kept.
      const again = (await (await draft(as.issuer, { ...terms(), kind: "coupon", couponNumber: 3, claimDeadline: deadline + DAY })).json()) as DraftResponse;
      expect(again.existed).toBe(true);
      expect(again.distribution).toMatchObject({ root, kind: "coupon", couponNumber: 3, claimDeadline: deadline + DAY });
      const { rows } = await db.pool.query(`SELECT count(*)::int AS n FROM "DistributionEntitlement" WHERE "root" = $1`, [root]);
      expect(rows[0].n).toBe(2);
      const listed = (await (await list(as.issuer)).json()) as DistributionListResponse;
      expect(listed.corporateActions).toBe(true);
      expect(listed.distributions.filter((x) => x.root === root)).toHaveLength(1);
      expect((await list(as.investorA)).status).toBe(403);
    });

    it("once posted (the index has its DistributionCreated), the investor sees only their entitlement, and the proof served equals the tree", async () => {
      const { publicClient, wallets } = chain.clients;
      const before = (await (await detail(as.issuer, root)).json()) as DistributionDetailResponse;
      expect((await proof(as.investorA, root, aIndex)).status).toBe(409); // not posted yet
      const fund = await wallets[0].writeContract({ address: chain.demo.paymentToken, abi: testUsdAbi, functionName: "mint", args: [wallets[0].account.address, 1_400n * TUSD] });
      await publicClient.waitForTransactionReceipt({ hash: fund });
      const posted = await createDistribution(wallets[0], publicClient, {
        distributor: chain.deployments.distributor!,
        token: token as Address,
        paymentToken: chain.demo.paymentToken,
        root,
        total: BigInt(before.distribution.totals.net),
        recordDate: head,
        claimDeadline: BigInt(before.distribution.claimDeadline),
      });
      await db.waitForIndex(posted.receipt.blockNumber);
      const after = (await (await detail(as.issuer, root)).json()) as DistributionDetailResponse;
      expect(after.distribution).toMatchObject({ id: posted.id.toString(), status: "open", total: (1_400n * TUSD).toString(), claimed: "0", remaining: (1_400n * TUSD).toString() });

      const a = chain.demo.investors[0]!;
      const my = (await (await mine(as.investorA)).json()) as MyDistributionsResponse;
      expect(my.entitlements).toHaveLength(1);
      expect(my.entitlements[0]).toMatchObject({ identity: a.identity.toLowerCase(), net: (1_000n * TUSD).toString(), status: "claimable", id: posted.id.toString(), kind: "coupon" });
      const leaf = my.entitlements[0]!;
      const other = after.entitlements.find((e) => e.index !== leaf.index)!;
      const forbidden = await proof(as.investorA, root, other.index);
      expect(forbidden.status).toBe(403);
      expect(await message(forbidden)).toContain("belongs to another investor");

      const p = (await (await proof(as.investorA, root, leaf.index)).json()) as ProofResponse;
      const expectedTree = standardEntitlementTree(after.entitlements.map((e) => ({ ...e, units: BigInt(e.units), gross: BigInt(e.gross), withholding: BigInt(e.withholding), net: BigInt(e.net) })));
      expect(p.proof).toEqual(expectedTree.getProof(leaf.index));
      expect(verifyEntitlementProof(root, { index: leaf.index, identity: leaf.identity, amount: BigInt(leaf.net) }, p.proof as Hex[])).toBe(true);

      const paid = await claim(wallets[2], publicClient, { distributor: p.distributor as Address, id: BigInt(p.id), index: p.index, identity: p.identity as Address, amount: BigInt(p.amount), proof: p.proof as Hex[] });
      await db.waitForIndex(paid.receipt.blockNumber);
      expect(await isClaimed(publicClient, { distributor: p.distributor as Address, id: BigInt(p.id), index: p.index })).toBe(true);
      const claimedNow = (await (await mine(as.investorA)).json()) as MyDistributionsResponse;
      expect(claimedNow.entitlements[0]).toMatchObject({ status: "claimed", txHash: paid.hash, paidTo: A.toLowerCase() });
      const seen = (await (await detail(as.issuer, root)).json()) as DistributionDetailResponse;
      expect(seen.distribution).toMatchObject({ claimed: (1_000n * TUSD).toString(), remaining: (400n * TUSD).toString(), claimedCount: 1 });
      expect(seen.entitlements.find((e) => e.index === leaf.index)).toMatchObject({ claimed: true, txHash: paid.hash });
    });

    it("serves the push payload (unpaid leaves and proofs) to the desk only, and the CSV reports with both rows", async () => {
      expect((await payments(as.investorB, root)).status).toBe(403);
      expect((await payments(as.issuer, root, head, "limit=201")).status).toBe(400);
      const push = (await (await payments(as.issuer, root)).json()) as PaymentsResponse;
      expect(push.unpaid).toBe(1);
      expect(push.payments[0]).toMatchObject({ wallet: B.toLowerCase(), amount: (400n * TUSD).toString() });
      expect(verifyEntitlementProof(root, { index: push.payments[0]!.index, identity: push.payments[0]!.identity, amount: 400n * TUSD }, push.payments[0]!.proof as Hex[])).toBe(true);

      const ent = await report(as.issuer, root);
      expect(ent.headers.get("content-type")).toContain("text/csv");
      const entText = await ent.text();
      expect(entText.split("\r\n").filter(Boolean)).toHaveLength(3);
      expect(entText).toContain("400");
      const pay = await (await report(as.issuer, root, head, "type=payments")).text();
      const lines = pay.split("\r\n").filter(Boolean);
      expect(lines[0]).toContain("claimed_base_units");
      expect(lines.find((l) => l.includes(A.toLowerCase()) && l.includes("0x"))).toContain(String(1_000n * TUSD));
      expect((await report(as.investorA, root)).status).toBe(403);
      expect((await detail(as.issuer, root, head, "pageSize=101")).status).toBe(400);
      expect((await detail(as.issuer, `0x${"12".repeat(32)}`)).status).toBe(404);
    });

    it("paused by the desk: the issuer and the investor see it paused and a claim is refused in words; resumed, it is open again", async () => {
      const { publicClient, wallets } = chain.clients;
      const distributor = chain.deployments.distributor!;
      const d = ((await (await detail(as.issuer, root)).json()) as DistributionDetailResponse).distribution;
      const id = BigInt(d.id!);
      await expect(setDistributionPaused(wallets[3], publicClient, { distributor, id, paused: true })).rejects.toThrow("does not hold the corporate actions role");

      const paused = await setDistributionPaused(wallets[0], publicClient, { distributor, id, paused: true });
      await db.waitForIndex(paused.receipt.blockNumber);
      expect(((await (await detail(as.issuer, root)).json()) as DistributionDetailResponse).distribution.status).toBe("paused");
      const b = ((await (await mine(as.investorB)).json()) as MyDistributionsResponse).entitlements[0]!;
      expect(b.status).toBe("paused");
      expect(await claimRefusal(publicClient, B, b)).toBe("claims of this distribution are paused by the issuer");

      const resumed = await setDistributionPaused(wallets[0], publicClient, { distributor, id, paused: false });
      await db.waitForIndex(resumed.receipt.blockNumber);
      expect(((await (await detail(as.issuer, root)).json()) as DistributionDetailResponse).distribution.status).toBe("open");
      expect(((await (await mine(as.investorB)).json()) as MyDistributionsResponse).entitlements[0]!.status).toBe("claimable");
      expect(await claimRefusal(publicClient, B, b)).toBeNull();
    });

    it("a rate per unit: after its deadline the distribution is expired for the desk and the investor, then reclaimed", async () => {
      const { publicClient, wallets } = chain.clients;
      const now = Number((await publicClient.getBlock()).timestamp);
      const res = await draft(as.issuer, { paymentToken: chain.demo.paymentToken, recordBlock: head.toString(), ratePerUnit: (TUSD / 10n).toString(), claimDeadline: now + 3_600 });
      expect(res.status).toBe(200);
      const d = ((await res.json()) as DraftResponse).distribution;
      expect(d).toMatchObject({ ratePerUnit: (TUSD / 10n).toString(), totalAmount: null, totals: { holders: 2, net: (1_500n * TUSD).toString(), withholding: "0" } });
      const fund = await wallets[0].writeContract({ address: chain.demo.paymentToken, abi: testUsdAbi, functionName: "mint", args: [wallets[0].account.address, 1_500n * TUSD] });
      await publicClient.waitForTransactionReceipt({ hash: fund });
      const posted = await createDistribution(wallets[0], publicClient, {
        distributor: chain.deployments.distributor!,
        token: token as Address,
        paymentToken: chain.demo.paymentToken,
        root: d.root as Hex,
        total: 1_500n * TUSD,
        recordDate: head,
        claimDeadline: BigInt(d.claimDeadline),
      });
      await rpc(chain.anvil.rpcUrl, "evm_increaseTime", [7_200]);
      await rpc(chain.anvil.rpcUrl, "evm_mine", []);
      await db.waitForIndex();
      const listed = (await (await list(as.issuer)).json()) as DistributionListResponse;
      expect(listed.distributions.find((x) => x.id === posted.id.toString())).toMatchObject({ status: "expired", remaining: (1_500n * TUSD).toString() });
      const my = (await (await mine(as.investorB)).json()) as MyDistributionsResponse;
      expect(my.entitlements.find((e) => e.id === posted.id.toString())).toMatchObject({ status: "expired", net: (500n * TUSD).toString() });
      const back = await reclaim(wallets[0], publicClient, { distributor: chain.deployments.distributor!, id: posted.id });
      expect(back.amount).toBe(1_500n * TUSD);
      await db.waitForIndex(back.receipt.blockNumber);
      const after = (await (await list(as.issuer)).json()) as DistributionListResponse;
      expect(after.distributions.find((x) => x.id === posted.id.toString())).toMatchObject({ status: "reclaimed", remaining: "0", reclaimed: (1_500n * TUSD).toString() });
      const closed = (await (await mine(as.investorB)).json()) as MyDistributionsResponse;
      expect(closed.entitlements.find((e) => e.id === posted.id.toString())).toMatchObject({ status: "reclaimed" });
    });

    it("identifies a distribution by root AND record block: without a record block, or with a bad one, the routes answer 400 in words", async () => {
      const missing = await detail(as.issuer, root, null);
      expect(missing.status).toBe(400);
      expect(await message(missing)).toContain("give the distribution's record block");
      const bad = await detail(as.issuer, root, null, "recordBlock=12x");
      expect(bad.status).toBe(400);
      expect(await message(bad)).toContain("the record block must be a block number");
      expect((await payments(as.issuer, root, null)).status).toBe(400);
      expect((await report(as.issuer, root, null)).status).toBe(400);
      expect((await proof(as.investorA, root, 0, null)).status).toBe(400);
      // The same root at a record block it was never drafted or posted at is no distribution.
      expect((await detail(as.issuer, root, head - 1n)).status).toBe(404);
      expect((await proof(as.investorA, root, 0, head - 1n)).status).toBe(404);
    });

    it("two coupons with equal entitlements at two record blocks (one root) are two distributions: drafted, posted, claimed apart", async () => {
      const { publicClient, wallets } = chain.clients;
      // No TDF moved since `head`: the holdings, so the entitlements and the root, are the same at a later block.
      const later = await publicClient.getBlockNumber();
      expect(later).toBeGreaterThan(head);
      await db.waitForIndex(later);
      const couponDeadline = Number((await publicClient.getBlock()).timestamp) + 30 * DAY;
      const coupon = (n: number, at: bigint) => ({
        kind: "coupon",
        couponNumber: n,
        paymentToken: chain.demo.paymentToken,
        recordBlock: at.toString(),
        ratePerUnit: (TUSD / 20n).toString(),
        withholdingBps: { "826": 2_000 },
        claimDeadline: couponDeadline,
      });
      const first = await draft(as.issuer, coupon(1, head));
      expect(first.status).toBe(200);
      const one = (await first.json()) as DraftResponse;
      const second = await draft(as.issuer, coupon(2, later));
      expect(second.status).toBe(200);
      const two = (await second.json()) as DraftResponse;
      expect(two.distribution.root).toBe(one.distribution.root);
      expect([one.existed, two.existed]).toEqual([false, false]);
      expect(one.distribution).toMatchObject({ recordBlock: head.toString(), couponNumber: 1, status: "draft", totals: { holders: 2, net: (700n * TUSD).toString() } });
      expect(two.distribution).toMatchObject({ recordBlock: later.toString(), couponNumber: 2, status: "draft", totals: { holders: 2, net: (700n * TUSD).toString() } });
      const couponRoot = one.distribution.root as Hex;
      const stored = await db.pool.query(`SELECT "recordBlock"::text AS at, count(*)::int AS n FROM "DistributionEntitlement" WHERE "root" = $1 GROUP BY 1 ORDER BY 1`, [couponRoot]);
      expect(stored.rows).toEqual([{ at: head.toString(), n: 2 }, { at: later.toString(), n: 2 }].sort((a, b) => a.at.localeCompare(b.at)));

      const fund = await wallets[0].writeContract({ address: chain.demo.paymentToken, abi: testUsdAbi, functionName: "mint", args: [wallets[0].account.address, 1_400n * TUSD] });
      await publicClient.waitForTransactionReceipt({ hash: fund });
      const post = (at: bigint) =>
        createDistribution(wallets[0], publicClient, {
          distributor: chain.deployments.distributor!,
          token: token as Address,
          paymentToken: chain.demo.paymentToken,
          root: couponRoot,
          total: 700n * TUSD,
          recordDate: at,
          claimDeadline: BigInt(couponDeadline),
        });
      // Posted in the other order than drafted: each posting still finds its own distribution by its record date.
      const posted2 = await post(later);
      const posted1 = await post(head);
      expect(posted1.id).not.toBe(posted2.id);
      await db.waitForIndex(posted1.receipt.blockNumber);

      const d1 = (await (await detail(as.issuer, couponRoot, head)).json()) as DistributionDetailResponse;
      const d2 = (await (await detail(as.issuer, couponRoot, later)).json()) as DistributionDetailResponse;
      expect(d1.distribution).toMatchObject({ id: posted1.id.toString(), couponNumber: 1, recordBlock: head.toString(), status: "open", claimed: "0" });
      expect(d2.distribution).toMatchObject({ id: posted2.id.toString(), couponNumber: 2, recordBlock: later.toString(), status: "open", claimed: "0" });
      const listed = (await (await list(as.issuer)).json()) as DistributionListResponse;
      const rows = listed.distributions.filter((x) => x.root === couponRoot);
      expect(rows.map((x) => [x.recordBlock, x.id, x.couponNumber]).sort()).toEqual(
        [
          [head.toString(), posted1.id.toString(), 1],
          [later.toString(), posted2.id.toString(), 2],
        ].sort(),
      );

      // Investor A claims coupon 1 only, with the proof for (root, record block of coupon 1): coupon 2 stays claimable.
      const a = chain.demo.investors[0]!;
      const before = (await (await mine(as.investorA)).json()) as MyDistributionsResponse;
      const mineOf = (r: MyDistributionsResponse, id: bigint) => r.entitlements.find((e) => e.id === id.toString());
      expect(mineOf(before, posted1.id)).toMatchObject({ root: couponRoot, recordBlock: head.toString(), couponNumber: 1, status: "claimable", net: (500n * TUSD).toString() });
      expect(mineOf(before, posted2.id)).toMatchObject({ root: couponRoot, recordBlock: later.toString(), couponNumber: 2, status: "claimable", net: (500n * TUSD).toString() });
      const leaf = mineOf(before, posted1.id)!;
      const p1 = (await (await proof(as.investorA, couponRoot, leaf.index, head)).json()) as ProofResponse;
      const p2 = (await (await proof(as.investorA, couponRoot, leaf.index, later)).json()) as ProofResponse;
      expect([p1.id, p2.id]).toEqual([posted1.id.toString(), posted2.id.toString()]);
      expect(p2.proof).toEqual(p1.proof); // one root, one tree
      expect(p1.identity).toBe(a.identity.toLowerCase());
      const paid = await claim(wallets[2], publicClient, { distributor: p1.distributor as Address, id: BigInt(p1.id), index: p1.index, identity: p1.identity as Address, amount: BigInt(p1.amount), proof: p1.proof as Hex[] });
      await db.waitForIndex(paid.receipt.blockNumber);

      const after = (await (await mine(as.investorA)).json()) as MyDistributionsResponse;
      expect(mineOf(after, posted1.id)).toMatchObject({ status: "claimed", txHash: paid.hash });
      expect(mineOf(after, posted2.id)).toMatchObject({ status: "claimable", txHash: null });
      const c1 = (await (await detail(as.issuer, couponRoot, head)).json()) as DistributionDetailResponse;
      const c2 = (await (await detail(as.issuer, couponRoot, later)).json()) as DistributionDetailResponse;
      expect(c1.distribution).toMatchObject({ claimed: (500n * TUSD).toString(), claimedCount: 1, remaining: (200n * TUSD).toString() });
      expect(c1.entitlements.find((e) => e.index === leaf.index)).toMatchObject({ claimed: true, txHash: paid.hash });
      expect(c2.distribution).toMatchObject({ claimed: "0", claimedCount: 0, remaining: (700n * TUSD).toString(), status: "open" });
      expect(c2.entitlements.every((e) => !e.claimed)).toBe(true);
      const due1 = (await (await payments(as.issuer, couponRoot, head)).json()) as PaymentsResponse;
      const due2 = (await (await payments(as.issuer, couponRoot, later)).json()) as PaymentsResponse;
      expect([due1.id, due1.unpaid, due2.id, due2.unpaid]).toEqual([posted1.id.toString(), 1, posted2.id.toString(), 2]);
      const pay2 = await (await report(as.issuer, couponRoot, later, "type=payments")).text();
      expect(pay2.split("\r\n").filter(Boolean)).toHaveLength(3);
      expect(pay2).not.toContain(paid.hash);

      // Investor B claims coupon 1 too: it is paid; coupon 2 stays open.
      const pb = (await (await proof(as.investorB, couponRoot, 1 - leaf.index, head)).json()) as ProofResponse;
      const paidB = await claim(wallets[3], publicClient, { distributor: pb.distributor as Address, id: BigInt(pb.id), index: pb.index, identity: pb.identity as Address, amount: BigInt(pb.amount), proof: pb.proof as Hex[] });
      await db.waitForIndex(paidB.receipt.blockNumber);
      const statuses = (await (await list(as.issuer)).json()) as DistributionListResponse;
      expect(statuses.distributions.find((x) => x.id === posted1.id.toString())).toMatchObject({ status: "paid", remaining: "0" });
      expect(statuses.distributions.find((x) => x.id === posted2.id.toString())).toMatchObject({ status: "open", remaining: (700n * TUSD).toString() });
    });

    it("refuses a true duplicate (the same root at the same record block, already posted) with 409 in words", async () => {
      const res = await draft(as.issuer, terms());
      expect(res.status).toBe(409);
      expect(await message(res)).toMatch(/This distribution is already posted \(distribution \d+\): the same entitlements at the same record date \(block \d+\)/);
    });
  });
}
