import { dvpAbi } from "@tessera/contracts";
import { erc20Abi, type Abi, type Address } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import { chainRead } from "../chain/read";
import { getPublicClient } from "../chain/public-client";
import { readRuntimeConfig } from "../config/read-deployments";
import type { DvpErc20Dto, OfferStatusDto } from "./types";

/**
 * Live reads of the DvP for the API. A node failure is CHAIN_UNAVAILABLE (503, lib/chain/read); a contract that refuses
 * a read it must answer is CONFLICT, never read as zero or "no offer".
 */

/** The platform's DvP and payment token from the deployments file (null when the chain has none). */
export async function dvpDeployments(): Promise<{ dvp: Address | null; paymentToken: Address | null }> {
  const { deployments } = await readRuntimeConfig();
  const dvp = deployments?.dvp ? (deployments.dvp.toLowerCase() as Address) : null;
  const paymentToken = deployments?.paymentToken ? (deployments.paymentToken.toLowerCase() as Address) : null;
  return { dvp, paymentToken };
}

/**
 * One contract read: its value, never a default.
 * @throws ApiError CHAIN_UNAVAILABLE (node failure), CONFLICT (the contract refused the read)
 */
async function mustRead<T>(address: Address, abi: Abi | readonly unknown[], functionName: string, args: readonly unknown[] = []): Promise<T> {
  const v = await chainRead(() => getPublicClient().readContract({ address, abi, functionName, args } as never) as Promise<T>);
  if (v === null) throw new ApiError(ErrorCode.CONFLICT, `The contract ${address} refused ${functionName}.`);
  return v;
}

const erc20Cache = new Map<string, DvpErc20Dto>();

/** Symbol and decimals of an ERC-20 (immutable: cached per address). */
export async function erc20Of(address: Address): Promise<DvpErc20Dto> {
  const key = address.toLowerCase();
  const hit = erc20Cache.get(key);
  if (hit) return hit;
  const [symbol, decimals] = await Promise.all([mustRead<string>(address, erc20Abi, "symbol"), mustRead<number>(address, erc20Abi, "decimals")]);
  const info = { address: key, symbol, decimals: Number(decimals) };
  erc20Cache.set(key, info);
  return info;
}

/** A wallet's ERC-20 balance now (base units). */
export const erc20Balance = (token: Address, wallet: Address) => mustRead<bigint>(token, erc20Abi, "balanceOf", [wallet]);

const STATUS: Record<number, OfferStatusDto | "None"> = { 0: "None", 1: "Open", 2: "Taken", 3: "Cancelled", 4: "Released" };

/** Offer `id`'s status on the chain now (`getOffer(id).status`). */
export async function chainOfferStatus(dvp: Address, id: bigint): Promise<OfferStatusDto | "None"> {
  const o = await mustRead<{ status: number }>(dvp, dvpAbi as Abi, "getOffer", [id]);
  return STATUS[Number(o.status)] ?? "None";
}
