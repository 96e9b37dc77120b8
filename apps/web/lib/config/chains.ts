import { z } from "zod";
import type { ChainInfo } from "../shared/chains";

/** Most further chains the web app serves beside the home chain (a guard against a runaway list). */
export const MAX_FURTHER_CHAINS = 8;

const chainIdSchema = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);

const rpcUrlSchema = z.url({ protocol: /^(https?|wss?)$/, error: "an RPC URL must be http(s):// or ws(s)://" });

/**
 * TESSERA_CHAINS: the chains the web app serves beside the home chain, as `chainId=rpcUrl` pairs separated by commas,
 * e.g. `31338=http://127.0.0.1:8546` (the relayer's RELAYER_CHAINS format, without the home chain). Each chain id once.
 * Parsed to `[{ chainId, rpcUrl }]` in the order given; empty or unset: none.
 */
export const furtherChainsSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    if (value === "") return [];
    const out: Array<{ chainId: number; rpcUrl: string }> = [];
    for (const raw of value.split(",")) {
      const entry = raw.trim();
      const eq = entry.indexOf("=");
      if (eq <= 0) {
        ctx.addIssue({ code: "custom", message: `TESSERA_CHAINS entry "${entry}" is not chainId=rpcUrl (e.g. 31338=http://127.0.0.1:8546)` });
        return z.NEVER;
      }
      const id = chainIdSchema.safeParse(entry.slice(0, eq).trim());
      if (!id.success) {
        ctx.addIssue({ code: "custom", message: `TESSERA_CHAINS entry "${entry}": the chain id must be a positive integer` });
        return z.NEVER;
      }
      const url = rpcUrlSchema.safeParse(entry.slice(eq + 1).trim());
      if (!url.success) {
        ctx.addIssue({ code: "custom", message: `TESSERA_CHAINS entry "${entry}": the RPC URL must be http(s):// or ws(s)://` });
        return z.NEVER;
      }
      if (out.some((c) => c.chainId === id.data)) {
        ctx.addIssue({ code: "custom", message: `TESSERA_CHAINS names chain ${id.data} twice` });
        return z.NEVER;
      }
      out.push({ chainId: id.data, rpcUrl: url.data });
    }
    if (out.length > MAX_FURTHER_CHAINS) {
      ctx.addIssue({ code: "custom", message: `TESSERA_CHAINS names ${out.length} chains; at most ${MAX_FURTHER_CHAINS}` });
      return z.NEVER;
    }
    return out;
  });

/**
 * TESSERA_CHAIN_NAMES: optional display names of chains, `chainId=name` pairs separated by commas, e.g.
 * `1=Ethereum,8453=Base`. A name is 1 to 24 letters, digits, spaces, dots or hyphens. Unnamed chains are called L1
 * (the home chain), L2, L3… in TESSERA_CHAINS order.
 */
export const chainNamesSchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const names = new Map<number, string>();
    if (value === "") return names;
    for (const raw of value.split(",")) {
      const entry = raw.trim();
      const eq = entry.indexOf("=");
      const id = chainIdSchema.safeParse(eq > 0 ? entry.slice(0, eq).trim() : "");
      const name = eq > 0 ? entry.slice(eq + 1).trim() : "";
      if (!id.success || !/^[A-Za-z0-9][A-Za-z0-9 .-]{0,23}$/.test(name)) {
        ctx.addIssue({ code: "custom", message: `TESSERA_CHAIN_NAMES entry "${entry}" is not chainId=name (e.g. 31338=L2)` });
        return z.NEVER;
      }
      if (names.has(id.data)) {
        ctx.addIssue({ code: "custom", message: `TESSERA_CHAIN_NAMES names chain ${id.data} twice` });
        return z.NEVER;
      }
      names.set(id.data, name);
    }
    return names;
  });

/**
 * The chains the web app serves, home chain first: the home chain (RPC_URL, CHAIN_ID) and the further chains of
 * TESSERA_CHAINS, each with its display name. Configuration only: no request input ever adds or picks an RPC URL.
 * @throws Error when a further chain repeats the home chain's id
 */
export function buildChains(
  home: { chainId: number; rpcUrl: string },
  further: ReadonlyArray<{ chainId: number; rpcUrl: string }>,
  names: ReadonlyMap<number, string> = new Map(),
): ChainInfo[] {
  if (further.some((c) => c.chainId === home.chainId)) {
    throw new Error(`TESSERA_CHAINS names the home chain ${home.chainId}; list only the further chains (the home chain is RPC_URL, CHAIN_ID)`);
  }
  return [
    { chainId: home.chainId, rpcUrl: home.rpcUrl, name: names.get(home.chainId) ?? "L1", home: true },
    ...further.map((c, i) => ({ chainId: c.chainId, rpcUrl: c.rpcUrl, name: names.get(c.chainId) ?? `L${i + 2}`, home: false })),
  ];
}
