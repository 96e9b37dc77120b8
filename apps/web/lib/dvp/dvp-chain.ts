import { dvpAbi } from "@tessera/contracts";
import type { Abi, Address } from "viem";
import { mustRead } from "../chain/contract-reads";
import { readRuntimeConfig } from "../config/read-deployments";
import type { OfferStatusDto } from "./types";

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

const STATUS: Record<number, OfferStatusDto | "None"> = { 0: "None", 1: "Open", 2: "Taken", 3: "Cancelled", 4: "Released" };

/** Offer `id`'s status on the chain now (`getOffer(id).status`). */
export async function chainOfferStatus(dvp: Address, id: bigint): Promise<OfferStatusDto | "None"> {
  const o = await mustRead<{ status: number }>(dvp, dvpAbi as Abi, "getOffer", [id]);
  return STATUS[Number(o.status)] ?? "None";
}
