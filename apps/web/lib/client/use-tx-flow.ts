"use client";

import { useCallback, useRef, useState } from "react";
import type { Hash, PublicClient, WalletClient } from "viem";
import { useConfig, usePublicClient, useWalletClient } from "wagmi";
import { getConnection, getPublicClient, getWalletClient, switchChain } from "wagmi/actions";
import { apiGet } from "./api";
import { explainUnknown } from "./errors";
import type { StatusResponse } from "../shared/api-types";

/** Steps of a write: waiting for the wallet → submitted (hash) → confirmed (block) → indexed (visible in the API). */
export type TxPhase = "idle" | "checking" | "wallet" | "submitted" | "confirmed" | "indexed" | "error";

export interface TxState {
  phase: TxPhase;
  hash?: Hash;
  block?: bigint;
  /** Success text once indexed, or the explained error. */
  message?: string;
  /** True when a pre-check refused the operation before any signature (message = the reason). */
  refused?: boolean;
  /** Set when the indexer did not catch up in time (the transaction itself succeeded). */
  indexTimedOut?: boolean;
}

/**
 * True while a write is under way: a pre-check, the wallet, a submitted transaction, or a confirmed one the index has
 * not shown yet (unless that wait timed out). Buttons that start writes are disabled meanwhile.
 */
export function isTxBusy(s: TxState): boolean {
  return ["checking", "wallet", "submitted"].includes(s.phase) || (s.phase === "confirmed" && !s.indexTimedOut);
}

export interface TxRun<T> {
  /** Performs the write(s) with the SDK; the wallet client passed in reports every transaction hash it sends. */
  send: (walletClient: WalletClient, publicClient: PublicClient) => Promise<T>;
  /** True once the API shows the effect (polled after confirmation). Defaults to "the indexer passed the block". */
  isIndexed?: (ctx: { hash: Hash; block: bigint; result: T }) => Promise<boolean>;
  /** Text shown when indexed. */
  success: (result: T) => string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Wraps a wallet client so that each transaction it sends (directly or through viem actions) reports its hash. */
function trackingWalletClient(wc: WalletClient, onHash: (h: Hash) => void): WalletClient {
  const tracked = new Set(["writeContract", "sendTransaction", "deployContract", "sendRawTransaction"]);
  return new Proxy(wc, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof prop === "string" && tracked.has(prop) && typeof value === "function") {
        return async (...args: unknown[]) => {
          const hash = (await (value as (...a: unknown[]) => Promise<Hash>).apply(target, args)) as Hash;
          if (typeof hash === "string") onHash(hash);
          return hash;
        };
      }
      return value;
    },
  });
}

/** True once the indexer's cursor is at or past `block`. */
export async function indexerReached(block: bigint): Promise<boolean> {
  const s = await apiGet<StatusResponse>("/api/status");
  return s.lastBlock !== null && BigInt(s.lastBlock) >= block;
}

/**
 * The wallet and public clients of chain `chainId`, asking the wallet to switch to it first when it is on another
 * chain (wagmi `switchChain`: a browser wallet asks its user; a dev account switches at once).
 * @throws when the wallet refuses to switch or has no client for that chain
 */
async function clientsOn(config: ReturnType<typeof useConfig>, chainId: number): Promise<{ walletClient: WalletClient; publicClient: PublicClient }> {
  if (getConnection(config).chainId !== chainId) await switchChain(config, { chainId });
  const walletClient = (await getWalletClient(config, { chainId })) as unknown as WalletClient;
  const publicClient = getPublicClient(config, { chainId }) as unknown as PublicClient | undefined;
  if (!publicClient) throw new Error(`The app does not serve chain ${chainId}.`);
  return { walletClient, publicClient };
}

/**
 * Runs an on-chain write through the connected wallet and tracks it to the indexer:
 * wallet → submitted → confirmed → indexed, or error with the SDK's explanation.
 * @param opts.chainId The chain the write goes to when it is not the wallet's current chain (a cross-chain form's
 *   source chain): the wallet is asked to switch there before the write. Without it, the home chain (wagmi's first
 *   chain), as every single-chain form expects: a wallet on another served chain is asked to switch back first.
 */
export function useTxFlow(opts: { chainId?: number } = {}) {
  const config = useConfig();
  const targetChain = opts.chainId;
  const publicClient = usePublicClient();
  const { data: walletClient } = useWalletClient();
  const [state, setState] = useState<TxState>({ phase: "idle" });
  const runId = useRef(0);

  const reset = useCallback(() => {
    runId.current++;
    setState({ phase: "idle" });
  }, []);

  const run = useCallback(
    async <T,>(job: TxRun<T>): Promise<T | undefined> => {
      const id = ++runId.current;
      const set = (s: TxState) => {
        if (runId.current === id) setState(s);
      };
      if (!walletClient || !publicClient) {
        set({ phase: "error", message: "Connect a wallet first." });
        return undefined;
      }
      set({ phase: "wallet" });
      let lastHash: Hash | undefined;
      let result: T;
      let block: bigint;
      let chainClients = { walletClient: walletClient as unknown as WalletClient, publicClient: publicClient as unknown as PublicClient };
      // A form without a chain sends on the home chain (wagmi's first chain): a wallet left on a further chain is asked
      // to switch back first; on the home chain, exactly the hook's clients as always.
      const homeChain = config.chains[0].id;
      const target = targetChain ?? (config.chains.length > 1 && getConnection(config).chainId !== homeChain ? homeChain : undefined);
      try {
        if (target !== undefined) chainClients = await clientsOn(config, target);
      } catch (err) {
        set({ phase: "error", message: explainUnknown(err) });
        return undefined;
      }
      const pc = chainClients.publicClient;
      const wc = trackingWalletClient(chainClients.walletClient, (h) => {
        lastHash = h;
        set({ phase: "submitted", hash: h });
      });
      try {
        result = await job.send(wc, pc);
        const r = result as { hash?: Hash; transactionHash?: Hash; receipt?: { transactionHash?: Hash } } | undefined;
        const hash = lastHash ?? r?.hash ?? r?.transactionHash ?? r?.receipt?.transactionHash;
        if (!hash) throw new Error("The wallet did not return a transaction hash.");
        lastHash = hash;
        const receipt = await pc.waitForTransactionReceipt({ hash });
        if (receipt.status !== "success") throw new Error("The transaction reverted.");
        block = receipt.blockNumber;
        set({ phase: "confirmed", hash, block });
      } catch (err) {
        set({ phase: "error", hash: lastHash, message: explainUnknown(err) });
        return undefined;
      }
      const hash = lastHash;
      const isIndexed = job.isIndexed ?? (() => indexerReached(block));
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        if (runId.current !== id) return result;
        try {
          if (await isIndexed({ hash, block, result })) {
            set({ phase: "indexed", hash, block, message: job.success(result) });
            return result;
          }
        } catch {
          /* API not ready yet: keep polling */
        }
        await sleep(700);
      }
      set({ phase: "confirmed", hash, block, indexTimedOut: true });
      return result;
    },
    [walletClient, publicClient, config, targetChain],
  );

  /** Marks the start of a pre-check (before any signature). */
  const checking = useCallback(() => {
    runId.current++;
    setState({ phase: "checking" });
  }, []);

  /** Shows a failure that happened before any transaction; `refused` marks a pre-check refusal (message = reason). */
  const fail = useCallback((message: string, opts: { refused?: boolean } = {}) => {
    runId.current++;
    setState({ phase: "error", message, refused: opts.refused });
  }, []);

  return { state, run, reset, checking, fail, ready: Boolean(walletClient && publicClient) };
}
