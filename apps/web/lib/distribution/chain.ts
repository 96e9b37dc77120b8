import { accessManagerAbi, Role, tokenAbi } from "@tessera/contracts";
import { zeroAddress, type Abi, type Address } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { getPublicClient } from "../chain/public-client";
import { chainRead } from "../chain/read";
import { readRuntimeConfig } from "../config/read-deployments";
import { getKnownAsset } from "../permissions/actions";

/**
 * Chain reads of the distributions API: the CORPORATE_ACTIONS role (as the Distributor checks it), ERC-20 metadata,
 * the head's time, the platform's Distributor and payment token. A node failure is CHAIN_UNAVAILABLE (503), never an
 * answer.
 */

async function read<T>(address: Address, abi: Abi | readonly unknown[], functionName: string, args: readonly unknown[] = []): Promise<T | null> {
  return chainRead(() => getPublicClient().readContract({ address, abi, functionName, args } as never) as Promise<T>);
}

/**
 * Whether `wallet` holds CORPORATE_ACTIONS on `token`'s AccessManager without delay (the Distributor's own check).
 * A token without a manager, or one that refuses the reads, grants nothing.
 * @throws ApiError CHAIN_UNAVAILABLE
 */
export async function isCorporateActions(token: Address, wallet: Address): Promise<boolean> {
  const manager = await read<Address>(token, tokenAbi, "authority");
  if (!manager || manager.toLowerCase() === zeroAddress) return false;
  const r = await read<readonly [boolean, number]>(manager, accessManagerAbi, "hasRole", [Role.CORPORATE_ACTIONS, wallet]);
  return r !== null && r[0] === true && Number(r[1]) === 0;
}

/**
 * The route guard of the distribution writes: an asset the platform deployed (indexed from its factory) and a
 * signed-in wallet holding CORPORATE_ACTIONS on it now.
 * @throws ApiError NOT_FOUND (an asset the platform does not know), FORBIDDEN, CHAIN_UNAVAILABLE
 */
export async function requireCorporateActions(session: Session, token: Address): Promise<Session> {
  if (!(await getKnownAsset(token))) throw new ApiError(ErrorCode.NOT_FOUND, `No asset ${token.toLowerCase()} deployed by this platform's factory is indexed.`);
  if (!(await isCorporateActions(token, session.address))) {
    throw new ApiError(ErrorCode.FORBIDDEN, "Only a member of the asset's CORPORATE_ACTIONS role may prepare, post or pay its distributions.");
  }
  return session;
}

/** The platform's Distributor and default payment token from the deployments file (null when absent). */
export async function platformMoneyContracts(): Promise<{ distributor: string | null; paymentToken: string | null }> {
  const { deployments } = await readRuntimeConfig();
  return { distributor: deployments?.distributor?.toLowerCase() ?? null, paymentToken: deployments?.paymentToken?.toLowerCase() ?? null };
}
