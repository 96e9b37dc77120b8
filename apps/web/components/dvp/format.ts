import { formatAmount, shortAddress } from "@/lib/client/format";
import type { OfferDto } from "@/lib/dvp/types";

/** Token base units of an offer's asset as "10 DVT". */
export const tokens = (o: { decimals: number; symbol: string }, baseUnits: string | bigint) => `${formatAmount(baseUnits, o.decimals)} ${o.symbol}`;

/** Payment-token base units as "100 TUSD". */
export const cashOf = (p: { decimals: number; symbol: string }, baseUnits: string | bigint) => `${formatAmount(baseUnits, p.decimals)} ${p.symbol}`;

/** A wallet in a table: "you" for the signed-in wallet, else shortened (the full address in the title). */
export const party = (wallet: string | null, me: string, none = "any verified buyer") =>
  wallet === null ? none : wallet.toLowerCase() === me.toLowerCase() ? "you" : shortAddress(wallet);

/** "1.5 TUSD per DVT". */
export const perToken = (o: OfferDto) => `${cashOf(o.paymentToken, o.pricePerToken)} per ${o.symbol}`;
