import { erc20Abi, type Abi, type Address } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import type { Erc20Dto } from "../shared/api-types";
import { getPublicClient } from "./public-client";
import { chainRead } from "./read";

/**
 * Live contract reads for the API routes of the money leg (vault, DvP, distributions, bonds). A node failure is
 * CHAIN_UNAVAILABLE (503, ./read); a contract that refuses a read it must answer is CONFLICT (409), never read as zero,
 * "none" or a default.
 */

/**
 * One contract read: its value, never a default.
 * @param refused what a refusal means, appended to the CONFLICT message (e.g. "it is not a working vault of this asset")
 * @throws ApiError CHAIN_UNAVAILABLE (node failure), CONFLICT (the contract refused the read)
 */
export async function mustRead<T>(
  address: Address,
  abi: Abi | readonly unknown[],
  functionName: string,
  args: readonly unknown[] = [],
  refused?: string,
): Promise<T> {
  const v = await chainRead(() => getPublicClient().readContract({ address, abi, functionName, args } as never) as Promise<T>);
  if (v === null) throw new ApiError(ErrorCode.CONFLICT, `The contract ${address} refused ${functionName}${refused ? `: ${refused}` : ""}.`);
  return v;
}

const erc20Cache = new Map<string, Erc20Dto>();

/**
 * Symbol and decimals of an ERC-20 (immutable: cached per address, lower-case).
 * @throws ApiError CHAIN_UNAVAILABLE, CONFLICT (the address does not answer as an ERC-20)
 */
export async function erc20Info(address: string): Promise<Erc20Dto> {
  const key = address.toLowerCase();
  const hit = erc20Cache.get(key);
  if (hit) return hit;
  const notErc20 = "it does not answer as an ERC-20";
  const [symbol, decimals] = await Promise.all([
    mustRead<string>(key as Address, erc20Abi, "symbol", [], notErc20),
    mustRead<number>(key as Address, erc20Abi, "decimals", [], notErc20),
  ]);
  const info = { address: key, symbol, decimals: Number(decimals) };
  erc20Cache.set(key, info);
  return info;
}

/** A wallet's ERC-20 balance now, in the token's base units. @throws ApiError CHAIN_UNAVAILABLE, CONFLICT */
export const erc20Balance = (token: Address, wallet: Address) => mustRead<bigint>(token, erc20Abi, "balanceOf", [wallet]);

/** The chain head's time, unix seconds. @throws ApiError CHAIN_UNAVAILABLE */
export async function chainNow(): Promise<number> {
  const b = await chainRead(() => getPublicClient().getBlock({ blockTag: "latest" }));
  if (!b) throw new ApiError(ErrorCode.CHAIN_UNAVAILABLE, "The blockchain node is unavailable.");
  return Number(b.timestamp);
}
