import { describe, expect, it } from "vitest";
import { formatEvmInteropAddress, parseEvmInteropAddress } from "../src/interop-address";

describe("ERC-7930 interoperable addresses", () => {
  const wallet = "0xd8dA6BF26964aF9D7eEd9e03E53415D37aA96045" as const;

  it("formats as OpenZeppelin's formatEvmV1 does (ERC-7930's example: Ethereum mainnet)", () => {
    // ERC-7930, "Examples": vitalik.eth on Ethereum mainnet.
    expect(formatEvmInteropAddress(1, wallet)).toBe("0x00010000010114d8da6bf26964af9d7eed9e03e53415d37aa96045");
    expect(formatEvmInteropAddress(31337, wallet)).toBe("0x00010000027a6914d8da6bf26964af9d7eed9e03e53415d37aa96045");
  });

  it("parses back what it formats, and refuses anything else in words", () => {
    expect(parseEvmInteropAddress(formatEvmInteropAddress(31338, wallet))).toEqual({ chainId: 31338, address: wallet });
    expect(() => parseEvmInteropAddress("0x0001000001011400")).toThrow(/not an ERC-7930 EVM address/);
    expect(() => parseEvmInteropAddress(`0x00010001010114${wallet.slice(2)}`)).toThrow(/not an ERC-7930/);
    expect(() => formatEvmInteropAddress(0, wallet)).toThrow(/invalid chain id/);
  });
});
