import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tokenAbi } from "@tessera/contracts";
import { backends } from "@tessera/db/testing";
import { transfer } from "@tessera/sdk";
import { keccak256, stringToHex, zeroAddress } from "viem";
import { GET as documentsGET } from "../app/api/me/documents/route";
import { GET as transfersGET } from "../app/api/me/transfers/route";
import type { MyDocumentsResponse, MyTransfersResponse } from "../lib/investor/types";
import { documentNameText } from "../lib/me/my-documents";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import { type Browser, devAccount } from "./helpers/chain";

/**
 * The investor's own history (issue 5, investor part 2): transfers, issuances and redemptions of the signed-in wallet
 * from the indexed Transfer rows (server paging, filters, CSV), and the ERC-1643 documents of the assets it holds.
 * Chain (real anvil, real indexer): seed mints 10,000 TDF to account 2 and 5,000 to account 3; then account 2 sends
 * 100 to account 3, the issuer burns 50 of account 2's, and states two documents (one removed again).
 */
let chain: WebChain;
const E18 = 10n ** 18n;
const PROSPECTUS = { name: stringToHex("Prospectus", { size: 32 }), uri: "https://docs.example.test/tdf/prospectus.pdf", hash: keccak256(stringToHex("prospectus v1")) };

beforeAll(async () => {
  chain = await startWebChain();
  const { wallets, publicClient } = chain.clients;
  const token = chain.demo.token;
  await transfer(wallets[2], publicClient, { token, to: devAccount(3).address, amount: 100n * E18 });
  const send = async (functionName: "burn" | "setDocument" | "removeDocument", args: readonly unknown[]) => {
    const hash = await wallets[0].writeContract({ address: token, abi: tokenAbi, functionName, args } as never);
    expect((await publicClient.waitForTransactionReceipt({ hash })).status).toBe("success");
  };
  await send("burn", [devAccount(2).address, 50n * E18]);
  await send("setDocument", [PROSPECTUS.name, PROSPECTUS.uri, PROSPECTUS.hash]);
  const old = stringToHex("Old terms", { size: 32 });
  await send("setDocument", [old, "https://docs.example.test/tdf/old.pdf", keccak256(stringToHex("old"))]);
  await send("removeDocument", [old]);
});
afterAll(async () => {
  await chain?.stop();
});

it("documentNameText: bytes32 names as text, non-text names as hex", () => {
  expect(documentNameText(stringToHex("Prospectus", { size: 32 }))).toBe("Prospectus");
  const binary = keccak256("0x01");
  expect(documentNameText(binary)).toBe(binary);
});

for (const backend of backends()) {
  describe(`investor history and documents on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"a" | "b" | "outsider">;

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain, indexer: true });
      as = await db.signIn({ a: 2, b: 3, outsider: 5 });
    });
    afterAll(async () => {
      await db?.stop();
    });

    const list = async (b: Browser, qs = "") => transfersGET(b.request(`/api/me/transfers${qs}`));
    const rows = async (b: Browser, qs = "") => (await (await list(b, qs)).json()) as MyTransfersResponse;

    it("GET /api/me/transfers: 401 without a session, 400 on a bad query", async () => {
      expect((await list(as.anonymous)).status).toBe(401);
      for (const qs of ["?kind=swap", "?pageSize=0", "?pageSize=201", "?token=0x12", "?direction=both", "?format=xml", "?page=0"]) {
        expect((await list(as.a, qs)).status, qs).toBe(400);
      }
    });

    it("each wallet sees only its own issuances, transfers and redemptions, newest first, paged and filtered", async () => {
      const a = await rows(as.a);
      expect(a.wallet).toBe(devAccount(2).address.toLowerCase());
      expect(a.total).toBe(3);
      expect(a.transfers.map((t) => [t.kind, t.direction, t.counterparty, t.amount, t.symbol])).toEqual([
        ["burn", "out", zeroAddress, (50n * E18).toString(), "TDF"],
        ["transfer", "out", devAccount(3).address.toLowerCase(), (100n * E18).toString(), "TDF"],
        ["mint", "in", zeroAddress, (10_000n * E18).toString(), "TDF"],
      ]);
      const page2 = await rows(as.a, "?page=2&pageSize=1");
      expect([page2.total, page2.transfers.map((t) => t.kind)]).toEqual([3, ["transfer"]]);
      expect((await rows(as.a, "?kind=mint")).transfers.map((t) => t.amount)).toEqual([(10_000n * E18).toString()]);
      expect((await rows(as.a, "?direction=in")).total).toBe(1);
      expect((await rows(as.a, `?token=${chain.demo.token}&direction=out`)).total).toBe(2);
      expect((await rows(as.a, "?token=0x00000000000000000000000000000000000000aa")).total).toBe(0);

      const b = await rows(as.b);
      expect(b.transfers.map((t) => [t.kind, t.direction, t.counterparty])).toEqual([
        ["transfer", "in", devAccount(2).address.toLowerCase()],
        ["mint", "in", zeroAddress],
      ]);
      expect((await rows(as.outsider)).total).toBe(0);
    });

    it("format=csv downloads every matching row with amounts in base units and tokens", async () => {
      const r = await list(as.a, "?format=csv&pageSize=1");
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toContain("text/csv");
      expect(r.headers.get("content-disposition")).toContain(`transfers-${devAccount(2).address.toLowerCase()}.csv`);
      const lines = (await r.text()).trim().split("\r\n");
      expect(lines[0]).toBe("date,block,logIndex,transaction,asset,token,type,direction,counterparty,amountBaseUnits,amountTokens");
      expect(lines.slice(1).map((l) => l.split(",").slice(6).join(","))).toEqual([
        `Redemption,out,${zeroAddress},${50n * E18},50`,
        `Sent,out,${devAccount(3).address.toLowerCase()},${100n * E18},100`,
        `Issuance,in,${zeroAddress},${10_000n * E18},10000`,
      ]);
      expect((await list(as.anonymous, "?format=csv")).status).toBe(401);
    });

    it("GET /api/me/documents: 401 without a session; holders see the asset's current documents with links", async () => {
      expect((await documentsGET(as.anonymous.request("/api/me/documents"))).status).toBe(401);
      const docs = (await (await documentsGET(as.a.request("/api/me/documents"))).json()) as MyDocumentsResponse;
      expect(docs.documents).toEqual([
        {
          token: chain.demo.token.toLowerCase(), assetName: "Tessera Demo Fund", symbol: "TDF", name: "Prospectus",
          uri: PROSPECTUS.uri, documentHash: PROSPECTUS.hash, updatedBlock: expect.any(String),
        },
      ]);
      const none = (await (await documentsGET(as.outsider.request("/api/me/documents"))).json()) as MyDocumentsResponse;
      expect(none.documents).toEqual([]);
    });
  });
}
