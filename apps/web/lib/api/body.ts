import { ApiError, ErrorCode } from "./errors";

/**
 * The one way route handlers read a request body: streamed, counted, and stopped at a limit.
 *
 * A `Content-Length` above the limit is refused before anything is read; a body without one (chunked) or one that
 * lies about its length is read chunk by chunk and the stream is cancelled as soon as the count passes the limit, so
 * no more than `limit` bytes (plus one chunk) are ever held in memory. Both answer 413 PAYLOAD_TOO_LARGE.
 */

/** Default cap of a JSON body, bytes (64 KiB: every JSON route's fields fit many times over). */
export const JSON_BODY_LIMIT = 64 * 1024;

/** Multipart bodies carry form fields and boundaries besides the files: this much is allowed on top of the files. */
export const MULTIPART_OVERHEAD = 64 * 1024;

function tooLarge(limit: number): ApiError {
  const size = limit >= 1024 * 1024 ? `${(limit / 1024 / 1024).toFixed(limit % (1024 * 1024) ? 1 : 0)} MiB` : `${Math.round(limit / 1024)} KiB`;
  return new ApiError(ErrorCode.PAYLOAD_TOO_LARGE, `The request body is larger than ${size}.`);
}

/**
 * The raw body of `req`, at most `limit` bytes.
 * @param limit bytes (inclusive)
 * @returns the bytes (empty for a request without a body)
 * @throws ApiError PAYLOAD_TOO_LARGE (declared or streamed size over `limit`), BAD_REQUEST (the stream failed)
 */
export async function readBodyBytes(req: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const declared = req.headers.get("content-length");
  if (declared !== null && /^\d+$/.test(declared.trim()) && Number(declared) > limit) throw tooLarge(limit);
  if (!req.body) return new Uint8Array(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > limit) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof ApiError) throw err;
    throw new ApiError(ErrorCode.BAD_REQUEST, "The request body could not be read.");
  } finally {
    reader.releaseLock();
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.byteLength;
  }
  return out;
}

/**
 * The JSON body of `req`, at most `limit` bytes (default {@link JSON_BODY_LIMIT}).
 * @returns the parsed value; `undefined` for an empty body (the caller's zod schema then answers 400 in words)
 * @throws ApiError PAYLOAD_TOO_LARGE, BAD_REQUEST (not valid UTF-8 JSON)
 */
export async function readJson(req: Request, limit: number = JSON_BODY_LIMIT): Promise<unknown> {
  const bytes = await readBodyBytes(req, limit);
  if (bytes.byteLength === 0) return undefined;
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new ApiError(ErrorCode.BAD_REQUEST, "The request body is not valid UTF-8.");
  }
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(ErrorCode.BAD_REQUEST, "The request body is not valid JSON.");
  }
}

/**
 * The multipart/form-data body of `req`, read with {@link readBodyBytes} (at most `limit` bytes) before it is parsed.
 * @param limit bytes of the whole body: files plus fields (add {@link MULTIPART_OVERHEAD} to the files' total)
 * @throws ApiError PAYLOAD_TOO_LARGE, BAD_REQUEST (not multipart/form-data, or malformed)
 */
export async function readForm(req: Request, limit: number): Promise<FormData> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\s*;/i.test(type)) throw new ApiError(ErrorCode.BAD_REQUEST, "Send the body as multipart/form-data.");
  const bytes = await readBodyBytes(req, limit);
  try {
    return await new Response(bytes, { headers: { "content-type": type } }).formData();
  } catch {
    throw new ApiError(ErrorCode.BAD_REQUEST, "The body could not be read as multipart/form-data.");
  }
}
