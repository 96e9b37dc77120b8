"use client";

import { ApiClientError } from "../client/api";

/** Client-side limits mirroring the server's (lib/applications/id-documents.ts); the server checks again. */
export const ID_FILE_TYPES = ["application/pdf", "image/png", "image/jpeg"] as const;
export const ID_FILE_MAX_BYTES = 2 * 1024 * 1024;

/** Why a chosen file cannot be uploaded, in words, or null. */
export function idFileProblem(f: File): string | null {
  if (!(ID_FILE_TYPES as readonly string[]).includes(f.type)) return `${f.name}: choose a PDF, PNG or JPEG file.`;
  if (f.size === 0) return `${f.name} is empty.`;
  if (f.size > ID_FILE_MAX_BYTES) return `${f.name} is larger than 2 MB.`;
  return null;
}

/** POSTs multipart form data to the web API (same origin, session cookie); non-2xx answers throw ApiClientError. */
export async function apiPostForm<T>(path: string, form: FormData): Promise<T> {
  const res = await fetch(path, { method: "POST", cache: "no-store", credentials: "same-origin", headers: { accept: "application/json" }, body: form });
  if (!res.ok) {
    let body: { error?: { code?: string; message?: string } } | undefined;
    try {
      body = (await res.json()) as typeof body;
    } catch {
      body = undefined;
    }
    throw new ApiClientError(res.status, body?.error?.code ?? "HTTP_ERROR", body?.error?.message ?? `Request failed (${res.status}).`);
  }
  return (await res.json()) as T;
}

/** "1.2 MB", "830 KB", "512 B". */
export function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

/** Document kinds in words. */
export const ID_KINDS: ReadonlyArray<{ value: string; label: string }> = [
  { value: "passport", label: "Passport" },
  { value: "national-id", label: "National ID card" },
  { value: "proof-of-address", label: "Proof of address" },
  { value: "other", label: "Other" },
];
export const idKindLabel = (k: string) => ID_KINDS.find((x) => x.value === k)?.label ?? k;
