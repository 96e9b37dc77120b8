import type { AssetDto } from "../shared/api-types";
import { assetClassLabel } from "../shared/countries";
import { decimalToString, hex, type DecimalLike } from "../shared/serialize";

/** The Asset row fields this mapper reads (structural, so it does not depend on the generated client's types). */
export interface AssetRow {
  chainId: number;
  token: string;
  issuer: string;
  compliance: string;
  identityRegistry: string;
  name: string;
  symbol: string;
  decimals: number;
  assetClass: number;
  totalSupply: DecimalLike;
  holderCount: number;
  paused: boolean;
  allowedCountries: number[];
  maxHolders: DecimalLike;
  maxBalance: DecimalLike;
  deployedBlock: bigint;
  deployedTxHash: string;
  deployedAt: Date;
}

/**
 * Maps an Asset row to its API shape (amounts as base-unit strings).
 * @param extra.matured a bond whose redemption at maturity is open (lib/bond/matured)
 */
export function toAssetDto(a: AssetRow, extra: { matured?: boolean } = {}): AssetDto {
  return {
    chainId: a.chainId,
    token: hex(a.token),
    issuer: hex(a.issuer),
    compliance: hex(a.compliance),
    identityRegistry: hex(a.identityRegistry),
    name: a.name,
    symbol: a.symbol,
    decimals: a.decimals,
    assetClass: a.assetClass,
    assetClassName: assetClassLabel(a.assetClass),
    totalSupply: decimalToString(a.totalSupply),
    holderCount: a.holderCount,
    paused: a.paused,
    deployedBlock: a.deployedBlock.toString(),
    deployedTxHash: hex(a.deployedTxHash),
    deployedAt: a.deployedAt.toISOString(),
    rules: {
      allowedCountries: [...a.allowedCountries].sort((x, y) => x - y),
      maxHolders: decimalToString(a.maxHolders),
      maxBalance: decimalToString(a.maxBalance),
    },
    ...(extra.matured ? { matured: true } : {}),
  };
}
