import { accessManagerAbi, bondAbi, Role, tokenAbi } from "@tessera/contracts";
import { DAY_COUNTS } from "@tessera/sdk/bond";
import { erc20Abi, zeroAddress, type Address } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import { readRuntimeConfig } from "../config/read-deployments";
import { erc20Info, mustRead } from "../chain/contract-reads";
import type { BondTermsDto, MaturityDto, MaturityState } from "./types";

/**
 * Live reads of the platform's Bond contract for the API. A node failure is CHAIN_UNAVAILABLE (503, lib/chain/read);
 * a contract that refuses a read it must answer is CONFLICT, never read as zero.
 */

/** The deployment's Bond contract and payment token. @throws ApiError NOT_FOUND when the platform has no Bond here. */
export async function bondDeployment(): Promise<{ bond: Address; paymentToken: Address | null }> {
  const { deployments, deploymentsProblem } = await readRuntimeConfig();
  if (!deployments?.bond) throw new ApiError(ErrorCode.NOT_FOUND, deploymentsProblem ?? "The platform has no Bond contract on this chain.");
  return { bond: deployments.bond as Address, paymentToken: (deployments.paymentToken as Address | undefined) ?? null };
}

/** A Bond read. */
export const bondRead = <T>(bond: Address, functionName: string, args: readonly unknown[] = []) => mustRead<T>(bond, bondAbi, functionName, args);

/** The terms as the contract returns them (`paymentToken` zero: not set). */
interface RawTerms {
  paymentToken: Address;
  issueDate: number | bigint;
  couponFrequency: number;
  dayCount: number;
  couponRate: number | bigint;
  faceValue: bigint;
  maturityDate: number | bigint;
}

/** A bond's terms, or null when they are not set. */
export async function bondTerms(bond: Address, token: Address): Promise<BondTermsDto | null> {
  const t = await bondRead<RawTerms>(bond, "terms", [token]);
  if (t.paymentToken === zeroAddress) return null;
  const dayCount = Number(t.dayCount);
  return {
    paymentToken: await erc20Info(t.paymentToken),
    faceValue: t.faceValue.toString(),
    couponRate: Number(t.couponRate),
    couponFrequency: Number(t.couponFrequency),
    dayCount,
    dayCountName: DAY_COUNTS[dayCount] ?? `code ${dayCount}`,
    issueDate: Number(t.issueDate),
    maturityDate: Number(t.maturityDate),
  };
}

/** The terms in the SDK's shape (`couponSchedule`'s input). */
export function sdkTerms(t: BondTermsDto) {
  return {
    paymentToken: t.paymentToken.address as Address,
    faceValue: BigInt(t.faceValue),
    couponRate: t.couponRate,
    couponFrequency: t.couponFrequency as 0 | 1 | 2 | 4 | 12,
    dayCount: t.dayCount as 0 | 1 | 2,
    issueDate: BigInt(t.issueDate),
    maturityDate: BigInt(t.maturityDate),
  };
}

/** The token's supply now (chain). */
export const totalSupplyOf = (token: Address) => mustRead<bigint>(token, erc20Abi, "totalSupply");

/** The redemption accounts of a bond with terms, and its state at `now`. */
export async function maturityOf(bond: Address, token: Address, terms: BondTermsDto, now: number, supply: bigint): Promise<MaturityDto> {
  const [r, required] = await Promise.all([
    bondRead<{ funded: bigint; paid: bigint; reclaimed: bigint; matured: boolean }>(bond, "redemption", [token]),
    bondRead<bigint>(bond, "redemptionRequired", [token]),
  ]);
  const available = r.funded - r.paid - r.reclaimed;
  const state: MaturityState =
    now < terms.maturityDate ? "before-maturity" : !r.matured ? "awaiting-funding" : supply === 0n ? "redeemed" : "redeeming";
  return {
    state,
    maturityDate: terms.maturityDate,
    required: required.toString(),
    funded: r.funded.toString(),
    paid: r.paid.toString(),
    reclaimed: r.reclaimed.toString(),
    available: available.toString(),
    shortfall: (required > available ? required - available : 0n).toString(),
    excess: (available > required ? available - required : 0n).toString(),
    matured: r.matured,
  };
}

/** Whether `wallet` holds `role` without delay on the token's AccessManager (as the Bond checks it). */
export async function holdsRole(token: Address, wallet: Address, role: keyof typeof Role): Promise<boolean> {
  const manager = await mustRead<Address>(token, tokenAbi, "authority");
  if (manager === zeroAddress) return false;
  const [member, delay] = await mustRead<readonly [boolean, number]>(manager, accessManagerAbi, "hasRole", [Role[role], wallet]);
  return member && Number(delay) === 0;
}

/** The ERC-20 facts of the deployment's payment token, or null when it names none. */
export async function defaultPaymentToken(address: Address | null) {
  return address ? erc20Info(address) : null;
}
