"use client";

import { useQuery } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { keccak256 } from "viem";
import { useConnection } from "wagmi";
import { apiGet } from "@/lib/client/api";
import { LIVE_MS } from "@/lib/client/queries";
import { useRoleGate } from "@/lib/client/use-role-gate";
import { useTxFlow } from "@/lib/client/use-tx-flow";
import { setDocument } from "@/lib/issuer/actions";
import type { DocumentListResponse, UploadDocumentResponse } from "@/lib/issuer/documents";
import type { AssetDto } from "@/lib/shared/api-types";
import { TxProgress } from "../tx-progress";

/** Largest upload (the server enforces the same limit: lib/issuer/documents.ts MAX_DOCUMENT_BYTES). */
const MAX_BYTES = 2 * 1024 * 1024;
const nameBytes = (s: string) => new TextEncoder().encode(s).length;

/** bytes32 of a document name (UTF-8, right-padded). */
function nameHex(name: string): `0x${string}` {
  const b = new TextEncoder().encode(name);
  return `0x${Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("").padEnd(64, "0")}`;
}

/** One document's verification: the browser hashes the chosen file and compares with the on-chain hash. */
function VerifyFile({ name, hash }: { name: string; hash: string }) {
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  return (
    <div>
      <label className="hint" htmlFor={`verify-${name}`}>
        Verify a file against {name}
      </label>
      <input
        id={`verify-${name}`}
        type="file"
        onChange={async (e) => {
          const f = e.target.files?.[0];
          if (!f) return;
          const h = keccak256(new Uint8Array(await f.arrayBuffer()));
          setResult(
            h === hash.toLowerCase()
              ? { ok: true, text: `Match: ${f.name} has the registered keccak-256 hash.` }
              : { ok: false, text: `Mismatch: ${f.name} hashes to ${h.slice(0, 12)}…, the registered hash is ${hash.slice(0, 12)}…. Do not rely on this file.` },
          );
        }}
      />
      <p role={result && !result.ok ? "alert" : "status"} aria-label={`Verification of ${name}`} className={result ? (result.ok ? "notice ok" : "notice error") : undefined}>
        {result?.text ?? ""}
      </p>
    </div>
  );
}

/**
 * ERC-1643 documents of an asset: the on-chain list (indexed) with a download link for files stored here and a
 * browser-side hash check of any file against the registered hash (anyone); for agents of the token, an upload that
 * stores the file on the server and registers it with `setDocument(name, uri, keccak256)` through the wallet.
 */
export function AssetDocuments({ asset }: { asset: AssetDto }) {
  const gate = useRoleGate({ token: asset.token, actions: ["setDocument"], who: "the owner of this token", also: "or a holder of a role it accepts for setDocument, such as ISSUER" }, "add documents");
  const { isConnected } = useConnection();
  const tx = useTxFlow();
  const [errors, setErrors] = useState<{ name?: string; file?: string }>({});
  const [uploading, setUploading] = useState(false);
  const q = useQuery({
    queryKey: ["documents", asset.token],
    queryFn: ({ signal }) => apiGet<DocumentListResponse>(`/api/assets/${asset.token}/documents`, signal),
    refetchInterval: LIVE_MS * 2,
  });
  const busy = uploading || ["wallet", "submitted"].includes(tx.state.phase) || (tx.state.phase === "confirmed" && !tx.state.indexTimedOut);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const name = String(form.get("name") ?? "").trim();
    const file = form.get("file");
    const next: { name?: string; file?: string } = {};
    if (!name) next.name = "Enter a document name.";
    else if (nameBytes(name) > 32) next.name = "At most 32 bytes (the on-chain name is a bytes32).";
    if (!(file instanceof File) || file.size === 0) next.file = "Choose a non-empty file.";
    else if (file.size > MAX_BYTES) next.file = "The file is larger than 2 MiB.";
    setErrors(next);
    if (Object.keys(next).length) return;
    form.set("name", name);

    setUploading(true);
    let uploaded: UploadDocumentResponse["document"];
    try {
      const res = await fetch(`/api/assets/${asset.token}/documents`, { method: "POST", body: form });
      const body = (await res.json()) as UploadDocumentResponse | { error: { message: string } };
      if (!res.ok || "error" in body) {
        tx.fail("error" in body ? body.error.message : `Upload failed (${res.status}).`);
        return;
      }
      uploaded = body.document;
    } catch {
      tx.fail("The upload did not reach the server.");
      return;
    } finally {
      setUploading(false);
    }
    await tx.run({
      send: (wc, pc) => setDocument(wc, pc, { token: asset.token, name: nameHex(name), uri: uploaded.uri, hash: uploaded.hash }),
      isIndexed: async () => {
        const list = await apiGet<DocumentListResponse>(`/api/assets/${asset.token}/documents`);
        return list.documents.some((d) => d.name === name && d.hash === uploaded.hash);
      },
      success: () => `Document "${name}" registered on-chain (setDocument).`,
    });
    void q.refetch();
  }

  const docs = q.data?.documents ?? [];
  return (
    <section className="card" aria-labelledby="documents-heading">
      <h2 id="documents-heading">Documents</h2>
      <p className="hint">ERC-1643 documents registered on the token, with the keccak-256 hash of each file. Check a copy you hold against it.</p>
      {q.error ? <p role="alert" className="notice error">Could not load the documents.</p> : null}
      {docs.length === 0 && q.data ? <p className="hint">No documents yet.</p> : null}
      {docs.length ? (
        <div className="table-wrap">
          <table aria-label="Documents">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">File</th>
                <th scope="col">Hash (keccak-256)</th>
                <th scope="col">Updated in block</th>
                <th scope="col">Verify</th>
              </tr>
            </thead>
            <tbody>
              {docs.map((d) => (
                <tr key={d.nameHex}>
                  <td>{d.name}</td>
                  <td>
                    <a href={d.uri} rel="noopener noreferrer" download={d.file?.fileName}>
                      {d.file ? `${d.file.fileName} (${d.file.size.toLocaleString("en-US")} bytes)` : d.uri}
                    </a>
                  </td>
                  <td>
                    <code title={d.hash}>
                      {d.hash.slice(0, 10)}…{d.hash.slice(-6)}
                    </code>
                  </td>
                  <td>{d.updatedBlock}</td>
                  <td>
                    <VerifyFile name={d.name} hash={d.hash} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {gate.blocked || gate.checking ? (
        <p className="notice" aria-label="Documents access">
          {gate.checking ? "Checking your roles…" : gate.blocked}
        </p>
      ) : (
        <form className="form" onSubmit={onSubmit} noValidate aria-label="Add a document">
          <div className="row">
            <div className="field">
              <label htmlFor="doc-upload-name">Document name</label>
              <input id="doc-upload-name" name="name" placeholder="Prospectus" aria-invalid={Boolean(errors.name)} aria-describedby={errors.name ? "doc-upload-name-error" : undefined} />
              {errors.name ? (
                <p id="doc-upload-name-error" className="hint" style={{ color: "var(--danger)" }}>
                  {errors.name}
                </p>
              ) : null}
            </div>
            <div className="field">
              <label htmlFor="doc-upload-file">Document file</label>
              <input id="doc-upload-file" name="file" type="file" aria-invalid={Boolean(errors.file)} aria-describedby={errors.file ? "doc-upload-file-error" : "doc-upload-file-hint"} />
              {errors.file ? (
                <p id="doc-upload-file-error" className="hint" style={{ color: "var(--danger)" }}>
                  {errors.file}
                </p>
              ) : (
                <p id="doc-upload-file-hint" className="hint">
                  Up to 2 MiB. Stored by Tessera; its download address and hash are registered on-chain.
                </p>
              )}
            </div>
          </div>
          <div className="actions">
            <button type="submit" disabled={!isConnected || busy}>
              Upload and register
            </button>
          </div>
          <TxProgress state={tx.state} label="Document progress" />
        </form>
      )}
    </section>
  );
}
