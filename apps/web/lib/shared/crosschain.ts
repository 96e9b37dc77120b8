/**
 * Cross-chain transfers in words (browser-safe, pure): the status an investor reads for each transfer, and the list
 * that joins the index's rows with the transfers this browser just sent (not indexed yet).
 */
import { chainNameOf, type ChainInfo } from "./chains";

/** The states an investor sees: sent (confirmed on the source, not in the index yet), in transit, delivered, refused
 * (the destination's rules refused it; the tokens are on their way back), returned (back in the sender's wallet). */
export type TransferStage = "sent" | "in-transit" | "delivered" | "refused" | "returned";

/** A cross-chain transfer as the list shows it (index row or a send of this browser). Amount in token base units. */
export interface TransferRow {
  messageId: string;
  /** The index's status, or null for a send the index has not seen yet. */
  status: "sent" | "delivered" | "refused" | "returned" | null;
  sourceChainId: number;
  destinationChainId: number;
  /** The asset's token on the source chain, when known. */
  sourceToken: string | null;
  amount: string;
  /** Restriction code of a refusal. */
  code: number | null;
  sourceTxHash: string | null;
}

/** The stage of a transfer from its index status (null: not indexed yet, so only "sent"). */
export function transferStage(status: TransferRow["status"]): TransferStage {
  switch (status) {
    case "sent":
      return "in-transit";
    case "delivered":
    case "refused":
    case "returned":
      return status;
    default:
      return "sent";
  }
}

/** True while a transfer can still change (sent, in transit, or refused and on its way back). */
export function transferPending(status: TransferRow["status"]): boolean {
  const stage = transferStage(status);
  return stage === "sent" || stage === "in-transit" || stage === "refused";
}

/**
 * A transfer's status in words: a short label and a sentence, naming the chains. `refusal(code, chainName)` words a
 * refusal's restriction code (the SDK's `crosschainRefusalMessage`).
 * @example { label: "Returned", text: "Refused on L2 (the receiver is not verified on L2); the tokens are back on L1." }
 */
export function transferStatusText(
  t: Pick<TransferRow, "status" | "sourceChainId" | "destinationChainId" | "code">,
  chains: ReadonlyArray<Pick<ChainInfo, "chainId" | "name">>,
  refusal: (code: number, chain: string) => string,
): { label: string; text: string } {
  const from = chainNameOf(chains, t.sourceChainId);
  const to = chainNameOf(chains, t.destinationChainId);
  const reason = t.code === null ? "its rules refused the arrival" : refusal(t.code, to);
  switch (transferStage(t.status)) {
    case "sent":
      return { label: "Sent", text: `Burnt on ${from}; waiting for the index to see it.` };
    case "in-transit":
      return { label: "In transit", text: `Burnt on ${from}; on its way to ${to}.` };
    case "delivered":
      return { label: "Delivered", text: `Minted on ${to}.` };
    case "refused":
      return { label: "Refused", text: `Refused on ${to} (${reason}); the tokens are on their way back to ${from}.` };
    case "returned":
      return { label: "Returned", text: `Refused on ${to} (${reason}); the tokens are back on ${from}.` };
  }
}

/**
 * The list to show: the index's rows, then this browser's sends the index does not have yet (matched by message id,
 * case-insensitively), newest first within each part. Local sends older than the index's oldest row are dropped
 * once the index answers (they are indexed or were never sent).
 */
export function mergeTransfers(indexed: readonly TransferRow[] | null, local: readonly TransferRow[]): TransferRow[] {
  const known = new Set((indexed ?? []).map((t) => t.messageId.toLowerCase()));
  const pending = local.filter((t) => !known.has(t.messageId.toLowerCase()));
  return [...pending, ...(indexed ?? [])];
}
