import { explainError } from "./sdk";

/** User text for any error: the SDK's explanation of reverts and wallet errors, else the error's own short message. */
export function explainUnknown(err: unknown): string {
  try {
    const text = explainError(err);
    if (text) return text;
  } catch {
    /* fall through */
  }
  if (err && typeof err === "object") {
    const e = err as { shortMessage?: unknown; message?: unknown };
    if (typeof e.shortMessage === "string") return e.shortMessage;
    if (typeof e.message === "string") return e.message.split("\n")[0];
  }
  return "Something went wrong.";
}
