/**
 * JSON shapes of the cash history (GET /api/me/cash). Amounts are decimal strings of payment-token base units, signed:
 * negative when the investor's wallet paid, positive when it received.
 */
import type { Erc20Dto } from "../vault/types";
import type { CashKind } from "./cash-legs";

/** One movement of the payment token for one of the investor's wallets. */
export interface CashMovementDto {
  blockNumber: string;
  logIndex: number;
  /** Index of the leg in CASH_LEGS (an event with two legs, a DvP trade between two own wallets, gives two rows). */
  leg: number;
  /** ISO time of the block. */
  blockTime: string;
  txHash: `0x${string}`;
  /** The asset (its token). */
  token: `0x${string}`;
  /** The asset's symbol ("" when the asset is not indexed). */
  symbol: string;
  /** Which contract moved the cash: vault | distributor | dvp | bond. */
  source: string;
  /** The contract's event, e.g. "DepositRequest". */
  event: string;
  kind: CashKind;
  /** The kind in words. */
  label: string;
  /** The investor's wallet whose balance moved. */
  wallet: `0x${string}`;
  /** Signed payment-token base units: negative when the wallet paid, positive when it received. */
  amount: string;
  paymentToken: Erc20Dto;
}

/** GET /api/me/cash. */
export interface CashHistoryResponse {
  /** The investor's wallets the history covers: the signed-in wallet and the others registered to its identity. */
  wallets: `0x${string}`[];
  movements: CashMovementDto[];
  total: number;
  page: number;
  pageSize: number;
}

