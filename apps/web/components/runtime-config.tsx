"use client";

import { createContext, useContext } from "react";
import type { RuntimeConfig } from "@/lib/shared/deployments";

const RuntimeConfigContext = createContext<RuntimeConfig | null>(null);

/** Provides the server's runtime configuration to client components. */
export const RuntimeConfigProvider = RuntimeConfigContext.Provider;

/** The runtime configuration (RPC URL, chain id, deployments) passed down by the root layout. */
export function useRuntimeConfig(): RuntimeConfig {
  const rt = useContext(RuntimeConfigContext);
  if (!rt) throw new Error("useRuntimeConfig must be used inside <Providers>");
  return rt;
}
