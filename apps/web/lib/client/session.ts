"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { createSiweMessage } from "viem/siwe";
import { useConnection, useSignMessage } from "wagmi";
import { apiGet, apiPost } from "./api";
import type { NonceResponse, SessionResponse } from "../shared/api-types";
import { useRuntimeConfig } from "@/components/runtime-config";

/** The session (Sign-In with Ethereum) with roles; `token` adds that token's roles even before it is indexed. */
export function useSession(token?: string) {
  return useQuery({
    queryKey: ["session", token?.toLowerCase() ?? null],
    queryFn: ({ signal }) => apiGet<SessionResponse>(token ? `/api/auth/session?token=${token}` : "/api/auth/session", signal),
    refetchInterval: 15_000,
    staleTime: 2_000,
  });
}

/**
 * The session only when it belongs to the connected wallet (after switching wallets, the old session no longer
 * counts in the UI; the server still judges every request by its own cookie).
 */
export function useActiveSession(token?: string) {
  const q = useSession(token);
  const { address } = useConnection();
  const s = q.data?.session ?? null;
  const active = s && address && s.address === address.toLowerCase() ? s : null;
  return { ...q, session: active };
}

/** Sign in: nonce from the server → EIP-4361 message → wallet signature → server verifies and sets the cookie. */
export function useSignIn() {
  const { chainId, publicOrigin } = useRuntimeConfig();
  const { address } = useConnection();
  const { signMessageAsync } = useSignMessage();
  const qc = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      if (!address) throw new Error("Connect a wallet first.");
      // The server accepts sign-in messages for its configured origin only (never the Host the request names).
      if (window.location.origin !== publicOrigin) throw new Error(`Open Tessera at ${publicOrigin} to sign in.`);
      const { nonce } = await apiGet<NonceResponse>("/api/auth/nonce");
      const issuedAt = new Date();
      const message = createSiweMessage({
        domain: new URL(publicOrigin).host,
        address,
        statement: "Sign in to Tessera. This request costs nothing and sends no transaction.",
        uri: publicOrigin,
        version: "1",
        chainId,
        nonce,
        issuedAt,
        expirationTime: new Date(issuedAt.getTime() + 10 * 60_000),
      });
      const signature = await signMessageAsync({ message, account: address });
      return apiPost<SessionResponse>("/api/auth/verify", { message, signature });
    },
    onSuccess: async (data) => {
      qc.setQueryData(["session", null], data);
      await qc.invalidateQueries({ queryKey: ["session"] });
    },
  });
}

/**
 * Sign out: the server ends the session (it no longer works, even if a copy of the cookie is kept) and deletes the
 * cookie. Before the request leaves, the UI drops the session (role-gated queries turn off) and cancels every query
 * in flight, so no signed-in request (audit log, cap table…) is answered 401 after the session ended.
 */
export function useSignOut() {
  const qc = useQueryClient();
  return useMutation({
    onMutate: async () => {
      // Cancel first: a cancelled fetch reverts its query to the state before it, which must not undo the null below.
      await qc.cancelQueries();
      qc.setQueriesData({ queryKey: ["session"] }, { session: null });
    },
    mutationFn: () => apiPost<SessionResponse>("/api/auth/logout", {}),
    onSettled: async () => {
      await qc.invalidateQueries({ queryKey: ["session"] });
    },
  });
}
