import type { ReactNode } from "react";
import { shortAddress } from "@/lib/client/format";

/**
 * How a transaction hash is abbreviated: "short" 0x1234…abcd, "head" 0x12345678…, "ends" 0x12345678…abcdef,
 * "full" the whole hash. The full hash is always the element's title.
 */
export type TxAbbreviation = "short" | "head" | "ends" | "full";

function abbreviate(hash: string, how: TxAbbreviation): string {
  if (how === "short") return shortAddress(hash);
  if (how === "head") return `${hash.slice(0, 10)}…`;
  if (how === "ends") return `${hash.slice(0, 10)}…${hash.slice(-6)}`;
  return hash;
}

/**
 * A transaction: its hash abbreviated in a `<code>` titled with the whole hash, and its block when given: on the same
 * line ("0x1234…abcd · block 42") or, with `blockBelow`, as a hint line under it. Without a hash: `empty`.
 */
export function TxCell({
  hash,
  block,
  abbreviation = "short",
  blockBelow = false,
  empty = null,
}: {
  hash: string | null | undefined;
  block?: number | string | null;
  abbreviation?: TxAbbreviation;
  blockBelow?: boolean;
  empty?: ReactNode;
}) {
  if (!hash) return <>{empty}</>;
  const text = abbreviate(hash, abbreviation);
  const hasBlock = block !== undefined && block !== null;
  if (hasBlock && blockBelow) {
    return (
      <>
        <code title={hash}>{text}</code>
        <div className="hint">block {block}</div>
      </>
    );
  }
  return <code title={hash}>{hasBlock ? `${text} · block ${block}` : text}</code>;
}
