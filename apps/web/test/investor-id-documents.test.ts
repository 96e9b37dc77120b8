import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backends } from "@tessera/db/testing";
import { GET as auditGET } from "../app/api/audit/route";
import { GET as appDocsGET } from "../app/api/applications/[id]/documents/route";
import * as downloadRoute from "../app/api/applications/[id]/documents/[documentId]/route";
import { GET as mineDocsGET, POST as mineDocsPOST } from "../app/api/applications/mine/documents/route";
import { GET as mineGET } from "../app/api/applications/mine/route";
import { POST as submitPOST } from "../app/api/applications/route";
import type { ApplicationResponse, AuditListResponse } from "../lib/shared/api-types";
import type { IdDocumentListResponse } from "../lib/investor/types";
import { startWebChain, startWebDatabase, type Browsers, type WebChain, type WebDatabase } from "./helpers/backend";
import { type Browser, devAccount, ORIGIN } from "./helpers/chain";

/**
 * Onboarding ID documents (issue 5, investor part 4): the applicant uploads ID files with the application (one
 * transaction) or later while it is pending; type, content and size are checked; the applicant sees the list;
 * only compliance officers download a file, and each download is audit-logged. Real anvil (roles), PGlite/PostgreSQL.
 */
let chain: WebChain;
beforeAll(async () => {
  chain = await startWebChain();
});
afterAll(async () => {
  await chain?.stop();
});

/** A multipart POST as a browser on this origin sends it (FormData sets the boundary). */
function multipart(b: Browser, pathname: string, fields: Record<string, string>, files: File[]): Request {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  for (const f of files) form.append("file", f);
  const headers = new Headers({ host: new URL(ORIGIN).host, origin: ORIGIN });
  if (b.cookies.size) headers.set("cookie", [...b.cookies].map(([k, v]) => `${k}=${v}`).join("; "));
  return new Request(`${ORIGIN}${pathname}`, { method: "POST", headers, body: form });
}

const PDF = new Uint8Array([...Buffer.from("%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")]);
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70]);
const file = (bytes: Uint8Array, name: string, type: string) => new File([new Uint8Array(bytes)], name, { type });
const profile = { name: "Ida Document", country: "250", investorType: "individual", accredited: "true", email: "ida@example.test" };
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

for (const backend of backends()) {
  describe(`onboarding ID documents on ${backend.name}`, () => {
    let db: WebDatabase;
    let as: Browsers<"issuer" | "officer" | "applicant" | "other">;
    const [applicantIndex, otherIndex] = backend.name === "pglite" ? [6, 7] : [8, 9];
    let appId = "";
    let docs: IdDocumentListResponse["documents"] = [];

    beforeAll(async () => {
      db = await startWebDatabase(backend, { chain });
      as = await db.signIn({ issuer: 0, officer: 1, applicant: applicantIndex, other: otherIndex });
    });
    afterAll(async () => {
      await db?.stop();
    });

    it("POST /api/applications (multipart): 401 anonymous; a bad file is refused (400) and no application is left behind", async () => {
      const pdf = file(PDF, "passport.pdf", "application/pdf");
      expect((await submitPOST(multipart(as.anonymous, "/api/applications", { ...profile, kind: "passport" }, [pdf]))).status).toBe(401);
      const bad: Array<[Record<string, string>, File[], RegExp]> = [
        [{ ...profile, kind: "passport" }, [file(Buffer.from("hello"), "id.txt", "text/plain")], /PDF, PNG or JPEG/],
        [{ ...profile, kind: "passport" }, [file(Buffer.from("not a png"), "id.png", "image/png")], /not a valid PNG/],
        [{ ...profile, kind: "passport" }, [file(new Uint8Array(2 * 1024 * 1024 + 1).fill(0x25), "big.pdf", "application/pdf")], /larger than 2 MB/],
        [{ ...profile, kind: "passport" }, [file(new Uint8Array(0), "empty.pdf", "application/pdf")], /empty/],
        [{ ...profile, kind: "selfie" }, [pdf], /kind/],
        [{ ...profile, kind: "passport" }, [], /at least one file/],
        [{ ...profile, name: "I", kind: "passport" }, [pdf], /name/],
      ];
      for (const [fields, files, message] of bad) {
        const r = await submitPOST(multipart(as.applicant, "/api/applications", fields, files));
        expect(r.status, String(message)).toBe(400);
        expect(((await r.json()) as { error: { message: string } }).error.message).toMatch(message);
      }
      const mine = (await (await mineGET(as.applicant.request("/api/applications/mine"))).json()) as { applications: unknown[] };
      expect(mine.applications).toEqual([]);
    });

    it("the applicant applies with a passport and a photo ID in one request, and sees what was uploaded", async () => {
      const r = await submitPOST(
        multipart(as.applicant, "/api/applications", { ...profile, kind: "passport" }, [file(PDF, "passport.pdf", "application/pdf"), file(PNG, "passport-photo.png", "image/png")]),
      );
      expect(r.status).toBe(200);
      const body = (await r.json()) as ApplicationResponse & IdDocumentListResponse;
      expect(body.application).toMatchObject({ status: "pending", name: "Ida Document", country: 250, accredited: true });
      appId = body.application.id;
      expect(body.documents.map((d) => [d.kind, d.fileName, d.contentType, d.size, d.sha256])).toEqual([
        ["passport", "passport.pdf", "application/pdf", PDF.length, sha(PDF)],
        ["passport", "passport-photo.png", "image/png", PNG.length, sha(PNG)],
      ]);
      expect((await mineDocsGET(as.anonymous.request("/api/applications/mine/documents"))).status).toBe(401);
      const mine = (await (await mineDocsGET(as.applicant.request("/api/applications/mine/documents"))).json()) as IdDocumentListResponse;
      expect([mine.applicationId, mine.documents.map((d) => d.fileName)]).toEqual([appId, ["passport.pdf", "passport-photo.png"]]);
      const none = (await (await mineDocsGET(as.other.request("/api/applications/mine/documents"))).json()) as IdDocumentListResponse;
      expect(none).toEqual({ applicationId: null, documents: [] });
    });

    it("POST /api/applications/mine/documents: adds to the pending application, up to 6 files; 409 without one", async () => {
      const jpeg = file(JPEG, "utility-bill.jpg", "image/jpeg");
      expect((await mineDocsPOST(multipart(as.anonymous, "/api/applications/mine/documents", { kind: "proof-of-address" }, [jpeg]))).status).toBe(401);
      expect((await mineDocsPOST(multipart(as.other, "/api/applications/mine/documents", { kind: "proof-of-address" }, [jpeg]))).status).toBe(409);
      const cross = multipart(as.applicant, "/api/applications/mine/documents", { kind: "proof-of-address" }, [jpeg]);
      cross.headers.set("origin", "http://evil.test");
      expect((await mineDocsPOST(cross)).status).toBe(403);
      const r = await mineDocsPOST(multipart(as.applicant, "/api/applications/mine/documents", { kind: "proof-of-address" }, [jpeg]));
      expect(r.status).toBe(200);
      docs = ((await r.json()) as IdDocumentListResponse).documents;
      expect(docs.map((d) => d.kind)).toEqual(["passport", "passport", "proof-of-address"]);
      const four = Array.from({ length: 4 }, (_, i) => file(PDF, `extra-${i}.pdf`, "application/pdf"));
      expect((await mineDocsPOST(multipart(as.applicant, "/api/applications/mine/documents", { kind: "other" }, four))).status).toBe(409);
      expect((await mineDocsPOST(new Request(`${ORIGIN}/api/applications/mine/documents`, { method: "POST", headers: { host: new URL(ORIGIN).host, cookie: [...as.applicant.cookies].map(([k, v]) => `${k}=${v}`).join("; "), "content-type": "application/json" }, body: "{}" }))).status).toBe(400);
    });

    it("GET /api/applications/[id]/documents: the applicant and officers 200; other wallets 403; anonymous 401; 404", async () => {
      const get = (b: Browser, id = appId) => appDocsGET(b.request(`/api/applications/${id}/documents`), { params: Promise.resolve({ id }) });
      expect((await get(as.anonymous)).status).toBe(401);
      expect((await get(as.other)).status).toBe(403);
      expect((await get(as.issuer)).status).toBe(403);
      expect(((await (await get(as.applicant)).json()) as IdDocumentListResponse).documents).toHaveLength(3);
      expect(((await (await get(as.officer)).json()) as IdDocumentListResponse).documents).toHaveLength(3);
      expect((await get(as.officer, "999999")).status).toBe(404);
      expect((await get(as.officer, "abc")).status).toBe(400);
    });

    it("download: compliance officers only, as an attachment with the stored bytes; each download is audit-logged", async () => {
      const dl = (b: Browser, documentId: string, id = appId, origin?: string) =>
        downloadRoute.POST(b.request(`/api/applications/${id}/documents/${documentId}`, { method: "POST", origin }), { params: Promise.resolve({ id, documentId }) });
      const pdfDoc = docs[0]!;
      expect((await dl(as.anonymous, pdfDoc.id)).status).toBe(401);
      expect((await dl(as.applicant, pdfDoc.id)).status).toBe(403);
      expect((await dl(as.issuer, pdfDoc.id)).status).toBe(403);
      expect((await dl(as.officer, "999999")).status).toBe(404);
      expect((await dl(as.officer, pdfDoc.id, "999999")).status).toBe(404);
      const r = await dl(as.officer, pdfDoc.id);
      expect(r.status).toBe(200);
      expect(r.headers.get("content-type")).toBe("application/pdf");
      expect(r.headers.get("content-disposition")).toBe('attachment; filename="passport.pdf"');
      expect(r.headers.get("x-content-type-options")).toBe("nosniff");
      expect(new Uint8Array(await r.arrayBuffer())).toEqual(PDF);
      const audit = (await (await auditGET(as.officer.request(`/api/audit?action=id-document-downloaded&subject=${devAccount(applicantIndex).address}`))).json()) as AuditListResponse;
      expect(audit.entries.map((e) => [e.actor, e.reason])).toEqual([[devAccount(1).address.toLowerCase(), "Downloaded passport passport.pdf for review"]]);

      // The audited download is not reachable by a cross-site navigation: no GET handler (Next answers 405), and a
      // POST from another origin is refused, with nothing written to the audit log.
      expect((downloadRoute as Record<string, unknown>).GET).toBeUndefined();
      expect((await dl(as.officer, pdfDoc.id, appId, "https://evil.example")).status).toBe(403);
      const after = (await (await auditGET(as.officer.request(`/api/audit?action=id-document-downloaded&subject=${devAccount(applicantIndex).address}`))).json()) as AuditListResponse;
      expect(after.entries).toHaveLength(1);
    });
  });
}
