/**
 * ERC-7930 interoperable addresses (https://eips.ethereum.org/EIPS/eip-7930), version 1, for EVM chains: how
 * ERC-7786 gateways and Tessera's AssetBridge name a wallet on another chain. Mirrors OpenZeppelin's
 * `InteroperableAddress.formatEvmV1`/`parseEvmV1` (contracts/utils/draft-InteroperableAddress.sol).
 *
 * Layout: version 0x0001 (2 bytes), chain type 0x0000 = eip155 (2 bytes), chain reference length (1 byte), chain
 * reference (the chain id, big-endian, no leading zero bytes), address length (1 byte, 20), address (20 bytes).
 */
import { type Address, type Hex, getAddress, isAddress } from "viem";
import { TesseraError } from "./errors";

/**
 * The ERC-7930 address of `wallet` on EVM chain `chainId`.
 * @param chainId Positive chain id.
 * @returns Hex bytes, e.g. `0x00010000027a6914<address>` for chain 31337.
 * @throws TesseraError InvalidInput for a non-positive chain id or an invalid address
 */
export function formatEvmInteropAddress(chainId: number | bigint, wallet: Address): Hex {
  const id = BigInt(chainId);
  if (id <= 0n) throw new TesseraError({ message: `invalid chain id ${chainId}`, errorName: "InvalidInput" });
  if (!isAddress(wallet)) throw new TesseraError({ message: `invalid address ${wallet}`, errorName: "InvalidInput" });
  let ref = id.toString(16);
  if (ref.length % 2) ref = `0${ref}`;
  const refLength = (ref.length / 2).toString(16).padStart(2, "0");
  return `0x00010000${refLength}${ref}14${wallet.slice(2).toLowerCase()}` as Hex;
}

/**
 * Reads an EVM ERC-7930 address.
 * @returns The chain id and the (checksummed) address.
 * @throws TesseraError InvalidInput when `value` is not a version-1 eip155 address with a 20-byte address part
 */
export function parseEvmInteropAddress(value: Hex): { chainId: number; address: Address } {
  const hex = value.toLowerCase().replace(/^0x/, "");
  const bad = () => new TesseraError({ message: `not an ERC-7930 EVM address: ${value}`, errorName: "InvalidInput" });
  if (!/^[0-9a-f]*$/.test(hex) || !hex.startsWith("00010000") || hex.length < 12) throw bad();
  const refLength = Number.parseInt(hex.slice(8, 10), 16);
  const refEnd = 10 + refLength * 2;
  if (refLength === 0 || hex.length !== refEnd + 2 + 40 || hex.slice(refEnd, refEnd + 2) !== "14") throw bad();
  const chainId = Number.parseInt(hex.slice(10, refEnd), 16);
  if (!Number.isSafeInteger(chainId) || chainId <= 0) throw bad();
  return { chainId, address: getAddress(`0x${hex.slice(refEnd + 2)}`) };
}
