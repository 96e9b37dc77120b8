import { describe, expect, it } from "vitest";
import { chainInteropAddress } from "../lib/client/asset-routes";
import { crosschainRefusalMessage } from "../lib/client/bridge-sdk";
import { isMissingRoute } from "../lib/client/crosschain-api";
import { ApiClientError } from "../lib/client/api";
import { mergeTransfers, transferPending, transferStage, transferStatusText, type TransferRow } from "../lib/shared/crosschain";

const CHAINS = [
  { chainId: 31337, name: "L1" },
  { chainId: 31338, name: "L2" },
];

const row = (messageId: string, status: TransferRow["status"], code: number | null = null): TransferRow => ({
  messageId,
  status,
  sourceChainId: 31337,
  destinationChainId: 31338,
  sourceToken: "0x00000000000000000000000000000000000000aa",
  amount: "400",
  code,
  sourceTxHash: null,
});

describe("cross-chain transfer status in words", () => {
  it("maps the index's status to the stage an investor reads: sent, in transit, delivered, refused, returned", () => {
    expect(transferStage(null)).toBe("sent");
    expect(transferStage("sent")).toBe("in-transit");
    expect(transferStage("delivered")).toBe("delivered");
    expect(transferStage("refused")).toBe("refused");
    expect(transferStage("returned")).toBe("returned");
    expect([null, "sent", "refused"].every((s) => transferPending(s as TransferRow["status"]))).toBe(true);
    expect(transferPending("delivered") || transferPending("returned")).toBe(false);
  });

  it("names both chains and gives a refusal's reason in words (the receiver is not verified on L2)", () => {
    const say = (t: TransferRow) => transferStatusText(t, CHAINS, crosschainRefusalMessage);
    expect(say(row("0x1", null))).toEqual({ label: "Sent", text: "Burnt on L1; waiting for the index to see it." });
    expect(say(row("0x1", "sent"))).toEqual({ label: "In transit", text: "Burnt on L1; on its way to L2." });
    expect(say(row("0x1", "delivered"))).toEqual({ label: "Delivered", text: "Minted on L2." });
    expect(say(row("0x1", "refused", 5)).text).toBe("Refused on L2 (the receiver is not verified on L2); the tokens are on their way back to L1.");
    expect(say(row("0x1", "returned", 5))).toEqual({
      label: "Returned",
      text: "Refused on L2 (the receiver is not verified on L2); the tokens are back on L1.",
    });
    expect(say(row("0x1", "returned", 120)).text).toContain("the receiver is not a wallet of the sender's identity on L2");
    expect(say({ ...row("0x1", "delivered"), destinationChainId: 10 }).text).toBe("Minted on chain 10.");
  });

  it("lists this browser's sends the index does not show yet before the index's rows, once each", () => {
    const indexed = [row("0xAB", "delivered"), row("0xcd", "sent")];
    const local = [row("0xef", null), row("0xab", null)];
    expect(mergeTransfers(indexed, local).map((t) => [t.messageId, t.status])).toEqual([
      ["0xef", null],
      ["0xAB", "delivered"],
      ["0xcd", "sent"],
    ]);
    // Without the index (no route yet), the local sends alone.
    expect(mergeTransfers(null, local)).toHaveLength(2);
  });
});

describe("cross-chain adapters", () => {
  it("tells a route that does not exist yet (Next's plain 404) from an API's NOT_FOUND answer", () => {
    expect(isMissingRoute(new ApiClientError(404, "HTTP_ERROR", "Request failed (404)."))).toBe(true);
    expect(isMissingRoute(new ApiClientError(404, "NOT_FOUND", "Unknown asset."))).toBe(false);
    expect(isMissingRoute(new ApiClientError(503, "HTTP_ERROR", "down"))).toBe(false);
    expect(isMissingRoute(new Error("x"))).toBe(false);
  });

  it("names a chain alone as ERC-7930 (chain reference, empty address), as AssetBridge.getLink takes it", () => {
    expect(chainInteropAddress(31337)).toBe("0x00010000027a6900");
    expect(chainInteropAddress(31338)).toBe("0x00010000027a6a00");
    expect(chainInteropAddress(1)).toBe("0x000100000101" + "00");
  });
});
