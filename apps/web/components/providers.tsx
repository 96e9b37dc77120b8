"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { WagmiProvider } from "wagmi";
import { createWagmiConfig } from "@/lib/client/wagmi-config";
import type { RuntimeConfig } from "@/lib/shared/deployments";
import { RuntimeConfigProvider } from "./runtime-config";

/** Client-side providers: runtime config, wagmi (built at run time) and TanStack Query. */
export function Providers({ runtime, children }: { runtime: RuntimeConfig; children: ReactNode }) {
  const [wagmiConfig] = useState(() => createWagmiConfig(runtime));
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry: 1, refetchOnWindowFocus: false, staleTime: 500 } },
      }),
  );
  return (
    <RuntimeConfigProvider value={runtime}>
      <WagmiProvider config={wagmiConfig} reconnectOnMount>
        <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
      </WagmiProvider>
    </RuntimeConfigProvider>
  );
}
