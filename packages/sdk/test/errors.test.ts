import { BaseError, ContractFunctionRevertedError, encodeErrorResult, UserRejectedRequestError, type Abi, type Hex } from "viem";
import { z } from "zod";
import { describe, expect, it } from "vitest";
import { TesseraError, toTesseraError } from "../src/errors";
import { parseInput } from "../src/schemas";

/** A revert with a reason string (`require(cond, "…")`), as viem raises it. */
function revertString(reason: string): BaseError {
  const data = encodeErrorResult({ abi: [{ type: "error", name: "Error", inputs: [{ type: "string" }] }] as Abi, errorName: "Error", args: [reason] }) as Hex;
  return new BaseError("call reverted", { cause: new ContractFunctionRevertedError({ abi: [] as Abi, data, functionName: "f" }) });
}

describe("the one error decoding", () => {
  it("turns ONCHAINID's revert strings into words for every action, and keeps other revert strings", () => {
    const refused = toTesseraError(revertString("Permissions: Sender does not have management key"));
    expect(refused).toMatchObject({ errorName: "OnchainIdRefused", message: "your wallet has no management key on this identity" });
    expect(toTesseraError(revertString("something else"))).toMatchObject({ errorName: "Error", message: "something else" });
  });

  it("names a wallet's refusal, and passes a TesseraError through", () => {
    const rejected = new BaseError("rejected", { cause: new UserRejectedRequestError(new Error("User rejected the request.")) });
    expect(toTesseraError(rejected)).toMatchObject({ errorName: "UserRejected", message: "you rejected the request in your wallet" });
    const own = new TesseraError({ message: "connect a wallet first", errorName: "NoAccount" });
    expect(toTesseraError(own)).toBe(own);
  });
});

describe("the one input check", () => {
  it("says which input is wrong, in one wording", () => {
    const schema = z.object({ wallets: z.array(z.string().min(5)) });
    const err = (() => {
      try {
        parseInput(schema, { wallets: ["0x1"] });
      } catch (e) {
        return e as TesseraError;
      }
    })();
    expect(err).toBeInstanceOf(TesseraError);
    expect(err?.errorName).toBe("InvalidInput");
    expect(err?.message).toMatch(/^invalid input: wallets\.0: /);
    expect(parseInput(schema, { wallets: ["0x1234"] })).toEqual({ wallets: ["0x1234"] });
  });
});
