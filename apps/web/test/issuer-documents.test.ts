import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { keccak256, toBytes } from "viem";
import { tokenAbi } from "@tessera/contracts";
import { backends } from "@tessera/db/testing";
import { GET as listGET, POST as uploadPOST } from "../app/api/assets/[token]/documents/route";
import { GET as fileGET } from "../app/api/assets/[token]/documents/[id]/file/route";
import { setDocument } from "../lib/issuer/actions";
import { documentNameHex, MAX_DOCUMENT_BYTES, type DocumentListResponse, type UploadDocumentResponse } from "../lib/issuer/documents";
import { startWebChain, startWebDatabase, type WebChain, type WebDatabase } from "./helpers/backend";
import { Browser, HOST, ORIGIN } from "./helpers/chain";
import { signedIn } from "./helpers/session";

/**
 * ERC-1643 documents (issue 5, issuer journey 4): an issuer or agent uploads a file (multipart; stored as bytea,
 * size-limited), the server answers its download URI and keccak256, the issuer's wallet calls setDocument with them,
 * and the indexed document lists the stored file; anyone downloads the same bytes. 401/403/400 per route and role.
 * Real anvil, real indexer, PGlite (and PostgreSQL).
 */
let chain: WebChain;

beforeAll(async () => {
  chain = await startWebChain();
});
afterAll(async () => {
  await chain?.stop();
});

/** A multipart upload as the browser's fetch(FormData) sends it, with the jar's cookies. */
function upload(b: Browser, token: string, fields: { name?: string; file?: { bytes: Uint8Array; fileName: string; type: string } }, origin = ORIGIN) {
  const form = new FormData();
  if (fields.name !== undefined) form.set("name", fields.name);
  if (fields.file) form.set("file", new File([fields.file.bytes as Uint8Array<ArrayBuffer>], fields.file.fileName, { type: fields.file.type }));
  const headers = new Headers({ host: HOST, origin });
  if (b.cookies.size) headers.set("cookie", [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
  return uploadPOST(new Request(`${ORIGIN}/api/assets/${token}/documents`, { method: "POST", headers, body: form }), { params: Promise.resolve({ token: token }) });
}
const code = async (r: Response) => ((await r.json()) as { error: { code: string; message: string } }).error;

let round = 0;
for (const backend of backends()) {
  describe(`documents on ${backend.name}`, () => {
    let db: WebDatabase;
    let tdf: `0x${string}`;
    const prospectus = toBytes(`Tessera Demo Fund prospectus, edition ${backend.name}\n`);

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain, indexer: true });
      round++;
      tdf = chain.demo.token.toLowerCase() as `0x${string}`;
    });
    afterAll(async () => {
      await db?.stop();
    });

    it("POST: anonymous 401, an investor 403, another site 403; bad input 400 in words, nothing stored", async () => {
      const file = { bytes: prospectus, fileName: "prospectus.txt", type: "text/plain" };
      expect((await upload(new Browser(), tdf, { name: "Prospectus", file })).status).toBe(401);
      const investor = await signedIn(2);
      expect((await upload(investor, tdf, { name: "Prospectus", file })).status).toBe(403);
      const issuer = await signedIn(0);
      expect((await upload(issuer, tdf, { name: "Prospectus", file }, "http://evil.test")).status).toBe(403);

      const tooLong = await upload(issuer, tdf, { name: "A name far longer than thirty-two bytes", file });
      expect(tooLong.status).toBe(400);
      expect((await code(tooLong)).message).toMatch(/at most 32 bytes/);
      const noFile = await upload(issuer, tdf, { name: "Prospectus" });
      expect(noFile.status).toBe(400);
      expect((await code(noFile)).message).toBe("Attach the document file (field file).");
      const empty = await upload(issuer, tdf, { name: "Prospectus", file: { ...file, bytes: new Uint8Array() } });
      expect((await code(empty)).message).toBe("The file is empty.");
      const big = await upload(issuer, tdf, { name: "Prospectus", file: { ...file, bytes: new Uint8Array(MAX_DOCUMENT_BYTES + 1) } });
      expect(big.status).toBe(400);
      expect((await code(big)).message).toBe("The file is larger than 2 MiB.");

      const list = (await (await listGET(new Request(`${ORIGIN}/api/assets/${tdf}/documents`), { params: Promise.resolve({ token: tdf }) })).json()) as DocumentListResponse;
      expect(list.documents.filter((d) => d.file)).toEqual([]); // nothing stored by the refused uploads
    });

    it("the issuer uploads, registers it with setDocument, and anyone lists and downloads the same bytes", async () => {
      const issuer = await signedIn(0);
      const r = await upload(issuer, tdf, { name: "Prospectus", file: { bytes: prospectus, fileName: "prospectus.txt", type: "text/plain" } });
      expect(r.status).toBe(200);
      const { document } = (await r.json()) as UploadDocumentResponse;
      expect(document.hash).toBe(keccak256(prospectus));
      expect(document.size).toBe(prospectus.length);
      expect(document.uri).toBe(`${ORIGIN}/api/assets/${tdf}/documents/${document.id}/file`);

      const { wallets, publicClient } = chain.clients;
      const tx = await setDocument(wallets[0], publicClient, { token: tdf, name: documentNameHex("Prospectus"), uri: document.uri, hash: document.hash });
      await db.waitForIndex(tx.receipt.blockNumber);
      const [uri, hash] = await publicClient.readContract({ address: tdf, abi: tokenAbi, functionName: "getDocument", args: [documentNameHex("Prospectus")] });
      expect([uri, hash]).toEqual([document.uri, document.hash]);

      const list = (await (await listGET(new Request(`${ORIGIN}/api/assets/${tdf}/documents`), { params: Promise.resolve({ token: tdf }) })).json()) as DocumentListResponse;
      const doc = list.documents.find((d) => d.name === "Prospectus");
      expect(doc).toMatchObject({ uri: document.uri, hash: document.hash, file: { id: document.id, fileName: "prospectus.txt", size: prospectus.length } });

      const download = await fileGET(new Request(document.uri), { params: Promise.resolve({ token: tdf, id: document.id }) });
      expect(download.status).toBe(200);
      expect(download.headers.get("content-type")).toBe("text/plain; charset=utf-8");
      expect(download.headers.get("content-disposition")).toMatch(/^attachment;/);
      expect(download.headers.get("x-content-type-options")).toBe("nosniff");
      const bytes = new Uint8Array(await download.arrayBuffer());
      expect(keccak256(bytes)).toBe(doc!.hash); // what the browser's "verify" recomputes
      const missing = await fileGET(new Request(`${ORIGIN}/x`), { params: Promise.resolve({ token: tdf, id: String(Number(document.id) + 1000) }) });
      expect(missing.status).toBe(404);
      const bad = await fileGET(new Request(`${ORIGIN}/x`), { params: Promise.resolve({ token: tdf, id: "abc" }) });
      expect(bad.status).toBe(400);
      expect(round).toBeGreaterThan(0);
    });
  });
}
