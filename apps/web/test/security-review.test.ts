import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeFunctionData, keccak256, toBytes, type Address, type Hash } from "viem";
import { manualApprovalModuleAbi, tokenAbi } from "@tessera/contracts";
import { backends } from "@tessera/db/testing";
import { deployAsset, mint, pause, unpause } from "@tessera/sdk";
import { deployAssetWithModules, grantRole } from "@tessera/sdk/suite";
import { POST as applyPOST } from "../app/api/applications/route";
import { GET as portfolioGET } from "../app/api/portfolio/route";
import { GET as myTransfersGET } from "../app/api/me/transfers/route";
import { GET as appDocsGET } from "../app/api/applications/[id]/documents/route";
import { POST as appDocPOST } from "../app/api/applications/[id]/documents/[documentId]/route";
import { POST as rejectPOST } from "../app/api/applications/[id]/reject/route";
import { POST as myDocsPOST } from "../app/api/applications/mine/documents/route";
import { POST as approvalsPOST } from "../app/api/approvals/route";
import { GET as capTableGET } from "../app/api/assets/[token]/cap-table/route";
import { POST as uploadPOST } from "../app/api/assets/[token]/documents/route";
import { GET as fileGET } from "../app/api/assets/[token]/documents/[id]/file/route";
import { POST as navPOST } from "../app/api/assets/[token]/nav/route";
import { GET as ownershipGET } from "../app/api/assets/[token]/ownership/route";
import { GET as permissionsGET } from "../app/api/assets/[token]/permissions/route";
import { GET as auditGET, POST as auditPOST } from "../app/api/audit/route";
import { POST as verifyPOST } from "../app/api/auth/verify/route";
import { POST as importPreviewPOST } from "../app/api/investors/import/preview/route";
import { POST as kycCheckPOST } from "../app/api/investors/kyc-renewals/check/route";
import { setDocument } from "../lib/issuer/actions";
import { documentNameHex, type UploadDocumentResponse } from "../lib/issuer/documents";
import { listAssets } from "../lib/assets/list-assets";
import { resetServerState } from "../lib/db/prisma";
import type { AuditListResponse } from "../lib/shared/api-types";
import type { ImportPreviewResponse } from "../lib/compliance/types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import { type Browser, devAccount, HOST, ORIGIN } from "./helpers/chain";
import { signedIn } from "./helpers/session";

/**
 * Findings of the security review of the web app (authorization, audit integrity, input handling), each reproduced
 * through the route handlers against a real anvil, a real indexer and PGlite (and PostgreSQL when DATABASE_URL is set).
 * Accounts: 0 issuer of TDF, 1 compliance officer, 2-4 verified investors, 5 an attacker, 6 SUPPLY and 7 ISSUER role
 * holders of an asset made by the wizard's path (deployAssetWithModules + AccessManager grants), 8/9 applicants.
 */
let chain: WebChain;
const w = (i: number) => chain.clients.wallets[i];
const pc = () => chain.clients.publicClient;
const addr = (i: number) => devAccount(i).address.toLowerCase() as Address;

/** A contract of 10 bytes that returns 1 for every call: `isAgent(anyone) == true`, `mint` "succeeds". */
const FAKE_TOKEN = "0x00000000000000000000000000000000000fa4e1" as Address;
const RETURN_ONE = "0x600160005260206000f3";

/** The wizard's asset: account 6 holds SUPPLY, account 7 ISSUER, neither is a token agent. */
let rolesAsset: { token: Address; compliance: Address; accessManager: Address };
/** A look-alike of the demo fund deployed through the (permissionless) factory by the attacker, sent to account 2. */
let lookAlike: Address;
let fakeMintTx: Hash;
let roleMintTx: Hash;
let rolePauseTx: Hash;

beforeAll(async () => {
  chain = await startWebChain();
  await pc().request({ method: "anvil_setCode" as never, params: [FAKE_TOKEN, RETURN_ONE] as never });
  fakeMintTx = await w(5).sendTransaction({
    to: FAKE_TOKEN,
    data: encodeFunctionData({ abi: tokenAbi, functionName: "mint", args: [devAccount(5).address, 10n ** 24n] }),
    chain: w(5).chain,
    account: w(5).account!,
  });
  await pc().waitForTransactionReceipt({ hash: fakeMintTx });

  rolesAsset = await deployAssetWithModules(
    w(0),
    pc(),
    chain.deployments,
    { name: "Roles Fund", symbol: "RLF", decimals: 0, assetClass: 0, allowedCountries: [], maxHolders: 0n, maxBalance: 0n },
    [],
  );
  await grantRole(w(0), pc(), { accessManager: rolesAsset.accessManager, role: "SUPPLY", account: devAccount(6).address });
  await grantRole(w(0), pc(), { accessManager: rolesAsset.accessManager, role: "ISSUER", account: devAccount(7).address });
  roleMintTx = (await mint(w(6), pc(), { token: rolesAsset.token, to: devAccount(3).address, amount: 100n })).hash;
  rolePauseTx = (await pause(w(7), pc(), { token: rolesAsset.token })).hash;
  await unpause(w(7), pc(), { token: rolesAsset.token });
  ({ token: lookAlike } = await deployAsset(w(5), pc(), chain.deployments, {
    name: "Tessera Demo Fund",
    symbol: "TDF",
    decimals: 18,
    assetClass: 0,
    allowedCountries: [],
    maxHolders: 0n,
    maxBalance: 0n,
  }));
  await mint(w(5), pc(), { token: lookAlike, to: devAccount(2).address, amount: 10n ** 24n });
});
afterAll(async () => {
  await chain?.stop();
});

const ctx = <T extends Record<string, string>>(p: T) => ({ params: Promise.resolve(p) });
const errorOf = async (r: Response) => ((await r.json()) as { error: { code: string; message: string } }).error;

/** A multipart upload with the jar's cookies (same origin). */
function form(b: Browser, pathname: string, fields: Record<string, string | File | File[]>): Request {
  const f = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
  const headers = new Headers({ host: HOST, origin: ORIGIN });
  if (b.cookies.size) headers.set("cookie", [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
  return new Request(`${ORIGIN}${pathname}`, { method: "POST", headers, body: f });
}

/** A streamed body without Content-Length (chunked), counting what the server pulled from it. */
function chunked(b: Browser, pathname: string, total: number, contentType: string) {
  const chunk = new Uint8Array(64 * 1024).fill(0x41);
  const pulled = { bytes: 0 };
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (pulled.bytes >= total) return c.close();
      pulled.bytes += chunk.byteLength;
      c.enqueue(chunk);
    },
  });
  const headers = new Headers({ host: HOST, origin: ORIGIN, "content-type": contentType });
  if (b.cookies.size) headers.set("cookie", [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
  const req = new Request(`${ORIGIN}${pathname}`, { method: "POST", headers, body, duplex: "half" } as RequestInit);
  return { req, pulled };
}

const profile = (name: string) => ({ name, country: 840, investorType: "individual", accredited: true });
const pdf = (n: number) => new File([new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, n])], `id-${n}.pdf`, { type: "application/pdf" });

for (const backend of backends()) {
  describe(`security review on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "officer" | "investor" | "attacker" | "supply" | "issuerRole">;
    const tdf = () => chain.demo.token.toLowerCase() as Address;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain, indexer: true });
      as = await db.signIn({ issuer: 0, officer: 1, investor: 2, attacker: 5, supply: 6, issuerRole: 7 });
    });
    afterAll(async () => {
      await db?.stop();
    });

    const auditEntries = async (qs: string) => ((await (await auditGET(as.officer.request(`/api/audit?${qs}`))).json()) as AuditListResponse).entries;

    describe("fake token agents: only assets the platform knows grant roles", () => {
      it("a contract answering isAgent(x) == true lets no one store a file or write a token-agent audit entry", async () => {
        const html = new File([new TextEncoder().encode("<script>alert(document.cookie)</script>")], "x.html", { type: "text/html" });
        const upload = await uploadPOST(form(as.attacker, `/api/assets/${FAKE_TOKEN}/documents`, { name: "Prospectus", file: html }), ctx({ token: FAKE_TOKEN }));
        expect(upload.status).toBe(404);
        const audit = await auditPOST(as.attacker.request("/api/audit", { method: "POST", body: { txHash: fakeMintTx, reason: "token-agent mint" } }));
        expect(audit.status).toBe(404);
        expect(await auditEntries("")).toEqual([]);
        const perms = (await (await permissionsGET(as.attacker.request(`/api/assets/${FAKE_TOKEN}/permissions`), ctx({ token: FAKE_TOKEN }))).json()) as {
          known: boolean;
          can: Record<string, boolean>;
        };
        expect(perms.known).toBe(false);
        expect(Object.values(perms.can).some(Boolean)).toBe(false);
      });

      it("documents: HTML and other active types are refused; downloads are attachments with a safe type and nosniff", async () => {
        const html = new File([new TextEncoder().encode("<html><script>1</script></html>")], "p.html", { type: "text/html" });
        const refused = await uploadPOST(form(as.issuer, `/api/assets/${tdf()}/documents`, { name: "Page", file: html }), ctx({ token: tdf() }));
        expect(refused.status).toBe(400);
        const svg = new File([new TextEncoder().encode("<svg onload='1'/>")], "p.svg", { type: "image/svg+xml" });
        expect((await uploadPOST(form(as.issuer, `/api/assets/${tdf()}/documents`, { name: "Logo", file: svg }), ctx({ token: tdf() }))).status).toBe(400);
        const fakePdf = new File([new TextEncoder().encode("<html>")], "p.pdf", { type: "application/pdf" });
        expect((await uploadPOST(form(as.issuer, `/api/assets/${tdf()}/documents`, { name: "Terms", file: fakePdf }), ctx({ token: tdf() }))).status).toBe(400);

        // A row stored before the allowlist (text/html) is served as opaque bytes, as an attachment.
        const { rows } = await db.pool.query<{ id: string }>(
          `INSERT INTO "DocumentFile" ("chainId", token, name, "fileName", "contentType", size, hash, content, "uploadedBy")
           VALUES (31337, $1, 'Old', 'old.html', 'text/html', 6, $2, $3, $4) RETURNING id::text`,
          [tdf(), keccak256(toBytes("<html>")), Buffer.from("<html>"), addr(0)],
        );
        const r = await fileGET(as.issuer.request(`/api/assets/${tdf()}/documents/${rows[0].id}/file`), ctx({ token: tdf(), id: rows[0].id }));
        expect(r.status).toBe(200);
        expect(r.headers.get("content-type")).toBe("application/octet-stream");
        expect(r.headers.get("content-disposition")).toMatch(/^attachment;/);
        expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      });

      it("files never registered on-chain are not public: anonymous 404, the uploader 200; public once setDocument is indexed", async () => {
        const bytes = toBytes(`Draft terms ${backend.name}\n`);
        const up = await uploadPOST(
          form(as.issuer, `/api/assets/${tdf()}/documents`, { name: `Draft ${backend.name}`, file: new File([bytes as Uint8Array<ArrayBuffer>], "draft.txt", { type: "text/plain" }) }),
          ctx({ token: tdf() }),
        );
        expect(up.status).toBe(200);
        const { document } = (await up.json()) as UploadDocumentResponse;
        const get = (b: Browser) => fileGET(b.request(`/api/assets/${tdf()}/documents/${document.id}/file`), ctx({ token: tdf(), id: document.id }));
        expect((await get(as.anonymous)).status).toBe(404);
        expect((await get(as.investor)).status).toBe(404);
        expect((await get(as.issuer)).status).toBe(200);
        const tx = await setDocument(w(0), pc(), { token: tdf(), name: documentNameHex(`Draft ${backend.name}`), uri: document.uri, hash: document.hash });
        await db.waitForIndex(tx.receipt.blockNumber);
        const pub = await get(as.anonymous);
        expect(pub.status).toBe(200);
        expect(keccak256(new Uint8Array(await pub.arrayBuffer()))).toBe(document.hash);
      });
    });

    describe("wizard-granted AccessManager roles work as the contracts accept them", () => {
      it("a SUPPLY holder records its mint and an ISSUER holder its pause (POST /api/audit), named by their role", async () => {
        const m = await auditPOST(as.supply.request("/api/audit", { method: "POST", body: { txHash: roleMintTx, reason: "Subscription round 1" } }));
        expect(m.status).toBe(200);
        expect(((await m.json()) as { entry: { actorRole: string; action: string } }).entry).toMatchObject({ action: "mint", actorRole: "supply-role" });
        const p = await auditPOST(as.issuerRole.request("/api/audit", { method: "POST", body: { txHash: rolePauseTx, reason: "Corporate action" } }));
        expect(p.status).toBe(200);
        expect(((await p.json()) as { entry: { actorRole: string } }).entry.actorRole).toBe("issuer-role");
        // Someone else's transaction, and a role the wallet does not hold, stay refused.
        expect((await auditPOST(as.supply.request("/api/audit", { method: "POST", body: { txHash: rolePauseTx, reason: "mine" } }))).status).toBe(403);
      });

      it("permissions follow canCall: SUPPLY may mint, not pause or set documents; ISSUER may pause and upload documents", async () => {
        const t = rolesAsset.token.toLowerCase();
        const perms = async (b: Browser) =>
          ((await (await permissionsGET(b.request(`/api/assets/${t}/permissions`), ctx({ token: t }))).json()) as { known: boolean; can: Record<string, boolean> });
        const supply = await perms(as.supply);
        expect(supply).toMatchObject({ known: true, can: { mint: true, batchMint: true, burn: true, pause: false, setDocument: false, setAddressFrozen: false } });
        const issuer = await perms(as.issuerRole);
        expect(issuer.can).toMatchObject({ pause: true, unpause: true, setDocument: true, mint: false });
        expect((await permissionsGET(as.anonymous.request(`/api/assets/${t}/permissions`), ctx({ token: t }))).status).toBe(401);
        const doc = new File([toBytes("Fact sheet") as Uint8Array<ArrayBuffer>], "facts.txt", { type: "text/plain" });
        expect((await uploadPOST(form(as.issuerRole, `/api/assets/${t}/documents`, { name: "Facts", file: doc }), ctx({ token: t }))).status).toBe(200);
        expect((await uploadPOST(form(as.supply, `/api/assets/${t}/documents`, { name: "Facts", file: doc }), ctx({ token: t }))).status).toBe(403);
      });
    });

    describe("look-alike assets of unknown issuers", () => {
      it("are not listed and do not appear in an investor's portfolio (the demo issuer is the default allowlist)", async () => {
        const listed = (await listAssets()).assets.map((a) => a.token as string);
        expect(listed).toContain(tdf());
        expect(listed).toContain(rolesAsset.token.toLowerCase());
        expect(listed).not.toContain(lookAlike.toLowerCase());
        const portfolio = (await (await portfolioGET(as.investor.request("/api/portfolio"))).json()) as { positions: { token: string }[] };
        expect(portfolio.positions.map((p) => p.token)).toContain(tdf());
        expect(portfolio.positions.map((p) => p.token)).not.toContain(lookAlike.toLowerCase());
        const history = (await (await myTransfersGET(as.investor.request("/api/me/transfers?pageSize=200"))).json()) as { transfers: { token: string }[] };
        expect(history.transfers.map((t) => t.token)).toContain(tdf());
        expect(history.transfers.map((t) => t.token)).not.toContain(lookAlike.toLowerCase());
      });
    });

    describe("audit log injection through manual-approval requests", () => {
      it("a request under a compliance of no known asset, or of an asset without the module, is not recorded", async () => {
        const module = chain.deployments.modules.manualApproval as Address;
        const request = async (compliance: Address, amount: bigint) => {
          const hash = await w(5).writeContract({
            address: module,
            abi: manualApprovalModuleAbi,
            functionName: "requestTransfer",
            args: [compliance, devAccount(2).address, amount],
            chain: w(5).chain,
            account: w(5).account!,
          });
          await pc().waitForTransactionReceipt({ hash });
          return hash;
        };
        const own = await request("0x00000000000000000000000000000000000c0417", backend.name === "pglite" ? 1n : 2n);
        const r1 = await approvalsPOST(as.attacker.request("/api/approvals", { method: "POST", body: { txHash: own, reason: "URGENT: send funds to 0xabc" } }));
        expect(r1.status).toBe(404);
        const real = await request(chain.demo.compliance, backend.name === "pglite" ? 3n : 4n);
        const r2 = await approvalsPOST(as.attacker.request("/api/approvals", { method: "POST", body: { txHash: real, reason: "Issuer approved this" } }));
        expect(r2.status).toBe(400);
        expect(await auditEntries("action=transfer-requested")).toEqual([]);
      });
    });

    describe("bodies are read with a limit", () => {
      it("a chunked 14 MB upload is refused with 413 before it is read whole", async () => {
        const { req, pulled } = chunked(as.investor, "/api/applications/mine/documents", 14 * 1024 * 1024, "multipart/form-data; boundary=x");
        const r = await myDocsPOST(req);
        expect(r.status).toBe(413);
        expect(pulled.bytes).toBeLessThan(14 * 1024 * 1024 + 1);
        expect(pulled.bytes).toBeLessThanOrEqual(13 * 1024 * 1024);
      });

      it("JSON routes, the signed-out /api/auth/verify included, refuse a large body with 413", async () => {
        const big = { message: "a".repeat(1024 * 1024), signature: "0x" };
        expect((await verifyPOST(as.anonymous.request("/api/auth/verify", { method: "POST", body: big }))).status).toBe(413);
        expect((await kycCheckPOST(as.officer.request("/api/investors/kyc-renewals/check", { method: "POST", body: big }))).status).toBe(413);
        const { req, pulled } = chunked(as.issuer, "/api/audit", 4 * 1024 * 1024, "application/json");
        expect((await auditPOST(req)).status).toBe(413);
        expect(pulled.bytes).toBeLessThan(1024 * 1024);
      });
    });

    describe("bad input answers 4xx, never 500", () => {
      it("cap table and ownership: asOfBlock=1e20 and asOfDate=0000-01-01 are 400", async () => {
        const t = tdf();
        const cap = (qs: string) => capTableGET(as.issuer.request(`/api/assets/${t}/cap-table?${qs}`), ctx({ token: t }));
        expect((await cap("asOfBlock=1e20")).status).toBe(400);
        expect((await cap("asOfBlock=100000000000000000000")).status).toBe(400);
        expect((await cap("asOfDate=0000-01-01")).status).toBe(400);
        expect((await cap("asOfBlock=1")).status).toBe(200);
        expect((await ownershipGET(as.issuer.request(`/api/assets/${t}/ownership?asOfBlock=1e20`), ctx({ token: t }))).status).toBe(400);
      });

      it("application ids of 10^23 are 400 in both document routes", async () => {
        const huge = "100000000000000000000000";
        expect((await appDocsGET(as.officer.request(`/api/applications/${huge}/documents`), ctx({ id: huge }))).status).toBe(400);
        expect((await appDocPOST(as.officer.request(`/api/applications/1/documents/${huge}`, { method: "POST" }), ctx({ id: "1", documentId: huge }))).status).toBe(400);
      });

      it("NAV valuationDate 0000-01-01 and a NUL byte in an applicant name are 400", async () => {
        const t = tdf();
        const nav = await navPOST(
          as.issuer.request(`/api/assets/${t}/nav`, { method: "POST", body: { navPerUnit: "1.5", currency: "USD", valuationDate: "0000-01-01" } }),
          ctx({ token: t }),
        );
        expect(nav.status).toBe(400);
        const applicant = await signedIn(8);
        expect((await applyPOST(applicant.request("/api/applications", { method: "POST", body: profile("Ann\u0000Lee") }))).status).toBe(400);
      });

      it("the allowlist import refuses an impossible date (2027-02-30) instead of rolling it to March", async () => {
        const r = await importPreviewPOST(as.officer.request("/api/investors/import/preview", { method: "POST", body: { csv: `${devAccount(9).address},840,2027-02-30\n` } }));
        expect(r.status).toBe(200);
        const { rows } = (await r.json()) as ImportPreviewResponse;
        expect(rows[0]).toMatchObject({ status: "skipped", reason: "bad-expiry" });
      });

      it("a failing node is reported as 503 CHAIN_UNAVAILABLE, not 403", async () => {
        const server: Server = createServer((req, res) => {
          let body = "";
          req.on("data", (c) => (body += c));
          req.on("end", () => {
            const id = (() => {
              try {
                return (JSON.parse(body) as { id?: number }).id ?? 1;
              } catch {
                return 1;
              }
            })();
            res.setHeader("content-type", "application/json");
            res.end(JSON.stringify({ jsonrpc: "2.0", id, error: { code: -32603, message: "upstream overloaded" } }));
          });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        try {
          process.env.RPC_URL = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
          await resetServerState();
          const t = tdf();
          const r = await capTableGET(as.issuer.request(`/api/assets/${t}/cap-table`), ctx({ token: t }));
          expect(r.status).toBe(503);
          expect((await errorOf(r)).code).toBe("CHAIN_UNAVAILABLE");
        } finally {
          process.env.RPC_URL = chain.anvil.rpcUrl;
          await resetServerState();
          await new Promise<void>((resolve) => server.close(() => resolve()));
        }
      });
    });

    describe("check-then-write races are closed by the database", () => {
      it("a second open application of one wallet is refused by a unique index", async () => {
        const insert = () =>
          db.pool.query(
            `INSERT INTO "OnboardingApplication" ("chainId", wallet, name, country, "investorType", accredited, "updatedAt")
             VALUES (31337, $1, 'Race', 840, 'individual', true, now())`,
            [addr(9)],
          );
        await insert();
        await expect(insert()).rejects.toMatchObject({ code: "23505" });
        await db.pool.query(`UPDATE "OnboardingApplication" SET status = 'rejected' WHERE wallet = $1`, [addr(9)]);
        await insert(); // a rejected applicant may apply again
      });

      it("concurrent uploads never pass six files per application; concurrent rejections record one decision", async () => {
        const applicant = await signedIn(4);
        const r = await applyPOST(applicant.request("/api/applications", { method: "POST", body: profile(`Race ${backend.name}`) }));
        expect(r.status).toBe(200);
        const { application } = (await r.json()) as { application: { id: string } };
        const results = await Promise.all(
          Array.from({ length: 8 }, (_, i) => myDocsPOST(form(applicant, "/api/applications/mine/documents", { kind: "passport", file: pdf(i) }))),
        );
        expect(results.map((x) => x.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 409, 409]);
        const { rows } = await db.pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM "ApplicationDocument" WHERE "applicationId" = $1`, [application.id]);
        expect(rows[0].n).toBe("6");

        const decisions = await Promise.all(
          ["Documents unreadable", "Sanctions list match"].map((reason) =>
            rejectPOST(as.officer.request(`/api/applications/${application.id}/reject`, { method: "POST", body: { reason } }), ctx({ id: application.id })),
          ),
        );
        expect(decisions.map((d) => d.status).sort()).toEqual([200, 409]);
        expect(await auditEntries(`action=application-rejected&subject=${addr(4)}`)).toHaveLength(1);
      });
    });
  });
}
