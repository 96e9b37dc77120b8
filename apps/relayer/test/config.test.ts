// The relayer's environment: defaults, the RELAYER_CHAINS format, and errors that name the variable.
import { describe, expect, it } from "vitest";
import { relayerConfig } from "../src/config.ts";

describe("relayerConfig", () => {
  it("defaults to npm start's two local chains, anvil dev account 9, 200 ms polls and no confirmations", () => {
    const c = relayerConfig({});
    expect(c.chains).toEqual([
      { chainId: 31337, rpcUrl: "http://127.0.0.1:8545" },
      { chainId: 31338, rpcUrl: "http://127.0.0.1:8546" },
    ]);
    expect(c).toMatchObject({ privateKey: undefined, pollIntervalMs: 200, confirmations: 0, deploymentsDir: "deployments", dataDir: ".tessera/relayer" });
  });

  it("reads RELAYER_CHAINS with http and ws URLs", () => {
    const c = relayerConfig({ RELAYER_CHAINS: "1=https://rpc.example/a, 10=wss://rpc.example/b", RELAYER_CONFIRMATIONS: "12" });
    expect(c.chains).toEqual([
      { chainId: 1, rpcUrl: "https://rpc.example/a" },
      { chainId: 10, rpcUrl: "wss://rpc.example/b" },
    ]);
    expect(c.confirmations).toBe(12);
  });

  it("refuses malformed settings, naming the variable", () => {
    expect(() => relayerConfig({ RELAYER_CHAINS: "31337=http://127.0.0.1:8545" })).toThrow(/RELAYER_CHAINS: name at least two chains/);
    expect(() => relayerConfig({ RELAYER_CHAINS: "31337=http://a,31337=http://b" })).toThrow(/RELAYER_CHAINS: a chain id is named twice/);
    expect(() => relayerConfig({ RELAYER_CHAINS: "31337=ftp://a,31338=http://b" })).toThrow(/RELAYER_CHAINS: "31337=ftp:\/\/a" is not/);
    expect(() => relayerConfig({ RELAYER_PRIVATE_KEY: "0x12" })).toThrow(/RELAYER_PRIVATE_KEY: must be a 32-byte hex private key/);
    expect(() => relayerConfig({ RELAYER_POLL_MS: "-1" })).toThrow(/RELAYER_POLL_MS/);
    expect(() => relayerConfig({ RELAYER_RETRY_MIN_MS: "5000", RELAYER_RETRY_MAX_MS: "1000" })).toThrow(/RELAYER_RETRY_MAX_MS is below/);
  });
});
