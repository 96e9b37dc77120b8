"use client";

import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";
import { WagmiProvider } from "wagmi";
import { ApiClientError } from "@/lib/client/api";
import { createWagmiConfig } from "@/lib/client/wagmi-config";
import type { RuntimeConfig } from "@/lib/shared/deployments";
import { RuntimeConfigProvider } from "./runtime-config";

/** Client-side providers: runtime config, wagmi (built at run time) and TanStack Query. */
export function Providers({ runtime, children }: { runtime: RuntimeConfig; children: ReactNode }) {
  const [wagmiConfig] = useState(() => createWagmiConfig(runtime));
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          queries: {
            // A 4xx answer (bad input, unknown asset) will not change by retrying at once; polling picks it up later.
            retry: (count, err) => count < 1 && !(err instanceof ApiClientError && err.status < 500),
            refetchOnWindowFocus: false,
            staleTime: 500,
          },
        },
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
