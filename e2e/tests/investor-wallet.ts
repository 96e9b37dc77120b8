/**
 * A stand-in for a browser wallet extension (which cannot run here): an EIP-1193 provider installed as
 * `window.ethereum` by `page.addInitScript(injectWallet, { rpcUrl, account })`. It answers the account requests with
 * `account` and forwards every other JSON-RPC call to anvil, whose dev accounts are unlocked, so anvil signs messages
 * (personal_sign) and sends transactions (eth_sendTransaction) for it. The methods asked for are recorded in
 * `window.__walletCalls`. The app cannot tell it from an extension: it uses wagmi's injected connector.
 * For a wallet anvil holds no key for (a fresh investor of a journey), `signer` names a function exposed on the page
 * (`page.exposeFunction`) that signs `personal_sign` messages (raw hex) with the key in the test; its transactions
 * are sent by anvil for the impersonated account (see fixtures.ts `investor`).
 */
export function injectWallet({ rpcUrl, account, signer }: { rpcUrl: string; account: string; signer?: string }) {
  const listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  const calls: string[] = [];
  let connected = false;
  let nextId = 1;
  const emit = (event: string, ...args: unknown[]) => {
    for (const fn of listeners.get(event) ?? []) fn(...args);
  };
  async function forward(method: string, params: unknown) {
    const res = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: nextId++, method, params: params ?? [] }),
    });
    const body = (await res.json()) as { result?: unknown; error?: { code: number; message: string; data?: unknown } };
    if (body.error) throw Object.assign(new Error(body.error.message), { code: body.error.code, data: body.error.data });
    return body.result;
  }
  const provider = {
    async request({ method, params }: { method: string; params?: unknown }) {
      calls.push(method);
      switch (method) {
        case "eth_requestAccounts":
        case "wallet_requestPermissions":
          if (!connected) {
            connected = true;
            emit("connect", { chainId: await forward("eth_chainId", []) });
            emit("accountsChanged", [account]);
          }
          return method === "eth_requestAccounts" ? [account] : [{ parentCapability: "eth_accounts" }];
        case "eth_accounts":
          return connected ? [account] : [];
        case "wallet_revokePermissions":
          connected = false;
          return null;
        case "personal_sign":
          if (signer) {
            const sign = (window as unknown as Record<string, (raw: unknown) => Promise<string>>)[signer]!;
            return sign((params as unknown[])[0]);
          }
          return forward(method, params);
        case "wallet_switchEthereumChain":
        case "wallet_addEthereumChain":
          return null;
        default:
          return forward(method, params);
      }
    },
    on(event: string, fn: (...args: unknown[]) => void) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event)!.add(fn);
      return provider;
    },
    removeListener(event: string, fn: (...args: unknown[]) => void) {
      listeners.get(event)?.delete(fn);
      return provider;
    },
  };
  Object.assign(window, { ethereum: provider, __walletCalls: calls });
}

