import type { ErrorBody } from "../api/errors";

/** An API error as seen by the browser, with the server's code and message. */
export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiClientError";
  }
}

async function failure(res: Response): Promise<ApiClientError> {
  let body: Partial<ErrorBody> | undefined;
  try {
    body = (await res.json()) as Partial<ErrorBody>;
  } catch {
    body = undefined;
  }
  return new ApiClientError(res.status, body?.error?.code ?? "HTTP_ERROR", body?.error?.message ?? `Request failed (${res.status}).`);
}

/** POSTs JSON to the web API (same origin, with the session cookie); non-2xx answers throw ApiClientError. */
export async function apiPost<T>(path: string, body: unknown): Promise<T> {
  const res = await fetch(path, {
    method: "POST",
    cache: "no-store",
    credentials: "same-origin",
    headers: { accept: "application/json", "content-type": "application/json" },
    body: JSON.stringify(body ?? {}),
  });
  if (!res.ok) throw await failure(res);
  return (await res.json()) as T;
}

/** GETs a JSON document from the web API; non-2xx answers throw ApiClientError with the server's message. */
export async function apiGet<T>(path: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(path, { signal, cache: "no-store", headers: { accept: "application/json" } });
  if (!res.ok) {
    let body: Partial<ErrorBody> | undefined;
    try {
      body = (await res.json()) as Partial<ErrorBody>;
    } catch {
      body = undefined;
    }
    throw new ApiClientError(res.status, body?.error?.code ?? "HTTP_ERROR", body?.error?.message ?? `Request failed (${res.status}).`);
  }
  return (await res.json()) as T;
}
