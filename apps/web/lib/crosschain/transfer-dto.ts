import type { CrosschainTransferRow } from "@tessera/db";
import { restrictionMessage } from "@tessera/sdk";
import type { CrosschainHalfDto, CrosschainTransferDto } from "../shared/api-types";
import { hex } from "../shared/serialize";

/** AssetBridge.IDENTITY_MISMATCH: the bridge's own refusal code, beyond the shared restriction codes. */
export const IDENTITY_MISMATCH = 120;

/** A refusal's restriction code in words (the shared table, plus the bridge's IDENTITY_MISMATCH). */
export function refusalReason(code: number): string {
  return code === IDENTITY_MISMATCH ? "the receiver is not a wallet of the sender's identity on that chain" : restrictionMessage(code);
}

const halfDto = (h: CrosschainTransferRow["sent"]): CrosschainHalfDto | null =>
  h ? { block: h.block.toString(), txHash: hex(h.txHash), at: h.at.toISOString() } : null;
/** Lower-case hex, or null. */
export const orNull = (s: string | null) => (s === null ? null : hex(s));

/** A transfer of the index as the API answers it (amounts as decimal strings, a refusal's reason in words). */
export function toTransferDto(t: CrosschainTransferRow): CrosschainTransferDto {
  return {
    messageId: hex(t.messageId),
    status: t.status,
    sourceChainId: t.sourceChainId,
    sourceToken: orNull(t.sourceToken),
    destinationChainId: t.destinationChainId,
    destinationToken: orNull(t.destinationToken),
    from: hex(t.from),
    to: hex(t.to),
    identity: orNull(t.identity),
    amount: t.amount.toString(),
    code: t.code,
    reason: t.code === null ? null : refusalReason(t.code),
    returnId: orNull(t.returnId),
    sent: halfDto(t.sent),
    arrived: halfDto(t.arrived),
    returned: halfDto(t.returned),
  };
}
