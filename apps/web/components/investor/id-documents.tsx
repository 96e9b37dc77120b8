"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { apiGet } from "@/lib/client/api";
import { explainUnknown } from "@/lib/client/errors";
import type { IdDocumentListResponse } from "@/lib/investor/types";
import { apiPostForm, formatBytes, ID_KINDS, idFileProblem, idKindLabel } from "@/lib/investor/upload";

/** The fields of an ID upload (document type and files), shared by the application form and the add form. */
export function IdFileFields({ idPrefix, error }: { idPrefix: string; error: string | null }) {
  return (
    <div className="row">
      <div className="field">
        <label htmlFor={`${idPrefix}-kind`}>Identity document type</label>
        <select id={`${idPrefix}-kind`} name="kind" defaultValue="passport">
          {ID_KINDS.map((k) => (
            <option key={k.value} value={k.value}>
              {k.label}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor={`${idPrefix}-file`}>ID documents (PDF, PNG or JPEG, up to 2 MB each)</label>
        <input
          id={`${idPrefix}-file`}
          name="file"
          type="file"
          multiple
          accept="application/pdf,image/png,image/jpeg,.pdf,.png,.jpg,.jpeg"
          aria-invalid={Boolean(error)}
          aria-describedby={error ? `${idPrefix}-file-error` : undefined}
        />
        {error ? (
          <p id={`${idPrefix}-file-error`} className="hint" style={{ color: "var(--danger)" }}>
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** The first problem with the chosen files, or null (no files is fine for the application form). */
export function chosenFilesProblem(form: FormData): string | null {
  for (const f of form.getAll("file")) {
    if (f instanceof File && f.size + f.name.length > 0) {
      const p = idFileProblem(f);
      if (p) return p;
    }
  }
  return null;
}

/** Drops the empty file part a form sends when no file was chosen. */
export function withoutEmptyFiles(form: FormData): FormData {
  const files = form.getAll("file").filter((f) => f instanceof File && f.name !== "" && f.size > 0);
  form.delete("file");
  for (const f of files) form.append("file", f);
  return form;
}

/**
 * "My ID documents": what the signed-in applicant uploaded with the latest application, and while it is pending a
 * form to add more. Only compliance officers can open the files.
 */
export function MyIdDocuments({ wallet, pending }: { wallet: string; pending: boolean }) {
  const qc = useQueryClient();
  const q = useQuery({
    queryKey: ["applications", "mine", "documents", wallet],
    queryFn: ({ signal }) => apiGet<IdDocumentListResponse>("/api/applications/mine/documents", signal),
  });
  const [error, setError] = useState<string | null>(null);
  const add = useMutation({
    mutationFn: (form: FormData) => apiPostForm<IdDocumentListResponse>("/api/applications/mine/documents", form),
    onSuccess: (data) => qc.setQueryData(["applications", "mine", "documents", wallet], data),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const el = e.currentTarget;
    const form = withoutEmptyFiles(new FormData(el));
    const problem = form.getAll("file").length === 0 ? "Choose a file to upload." : chosenFilesProblem(form);
    setError(problem);
    if (problem) return;
    add.mutate(form, { onSuccess: () => el.reset() });
  }

  const docs = q.data?.documents ?? [];
  return (
    <div className="grid">
      <table aria-label="My ID documents">
        <thead>
          <tr>
            <th scope="col">Type</th>
            <th scope="col">File</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Uploaded</th>
          </tr>
        </thead>
        <tbody>
          {docs.length === 0 ? (
            <tr>
              <td colSpan={4} className="empty">
                {q.isPending ? "Loading…" : "No ID documents uploaded."}
              </td>
            </tr>
          ) : (
            docs.map((d) => (
              <tr key={d.id}>
                <td>{idKindLabel(d.kind)}</td>
                <td>{d.fileName}</td>
                <td className="num">{formatBytes(d.size)}</td>
                <td>{d.createdAt.slice(0, 10)}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
      {pending ? (
        <form className="form" onSubmit={onSubmit} noValidate aria-label="Add ID documents">
          <IdFileFields idPrefix="add-id" error={error} />
          <div className="actions">
            <button type="submit" className="btn-secondary" disabled={add.isPending}>
              Upload documents
            </button>
          </div>
          {add.error ? (
            <p role="alert" aria-label="Upload result" className="notice error">
              {explainUnknown(add.error)}
            </p>
          ) : add.data ? (
            <p role="status" aria-label="Upload result" className="notice ok">
              Uploaded. A compliance officer will review your documents.
            </p>
          ) : null}
        </form>
      ) : null}
    </div>
  );
}

/**
 * Saves an applicant's ID file: POST (same origin, with the session cookie) to the download route, which records the
 * download in the audit log (so it takes no GET), then hands the bytes to the browser as a file.
 * @throws Error with the server's reason (401/403/404)
 */
async function downloadIdFile(url: string, fileName: string): Promise<void> {
  const res = await fetch(url, { method: "POST", cache: "no-store", credentials: "same-origin" });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
    throw new Error(body?.error?.message ?? `Download failed (${res.status}).`);
  }
  const href = URL.createObjectURL(await res.blob());
  const a = document.createElement("a");
  a.href = href;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60_000);
}

/**
 * Compliance officers' list of an application's ID files with download buttons (the download route answers 403 to
 * anyone else and records each download in the audit log).
 */
export function IdDocumentLinks({ applicationId }: { applicationId: string }) {
  const [downloadError, setDownloadError] = useState<string | null>(null);
  const q = useQuery({
    queryKey: ["applications", applicationId, "documents"],
    queryFn: ({ signal }) => apiGet<IdDocumentListResponse>(`/api/applications/${applicationId}/documents`, signal),
  });
  if (q.error) return <p className="notice error">Could not load the ID documents: {q.error.message}</p>;
  const docs = q.data?.documents ?? [];
  return (
    <div style={{ marginBottom: "0.75rem" }}>
      <strong>ID documents</strong>
      {q.isPending ? (
        <p className="hint">Loading…</p>
      ) : docs.length === 0 ? (
        <p className="hint">None uploaded.</p>
      ) : (
        <ul className="rules" aria-label="ID documents">
          {docs.map((d) => (
            <li key={d.id}>
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setDownloadError(null);
                  downloadIdFile(`/api/applications/${applicationId}/documents/${d.id}`, d.fileName).catch((e: unknown) =>
                    setDownloadError(e instanceof Error ? e.message : String(e)),
                  );
                }}
              >
                Download {d.fileName}
              </button>{" "}
              <span className="hint">
                ({idKindLabel(d.kind)}, {formatBytes(d.size)}, SHA-256 {d.sha256.slice(0, 12)}…)
              </span>
            </li>
          ))}
        </ul>
      )}
      {downloadError ? <p className="notice error">Could not download: {downloadError}</p> : null}
    </div>
  );
}
