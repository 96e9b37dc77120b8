import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Deployments } from "@tessera/contracts";
import { parseDeployments, TesseraError } from "@tessera/sdk";
import { deploymentsFilePath, readDeployments, writeDeployments } from "@tessera/sdk/node";
import { afterAll, describe, expect, it } from "vitest";

const a = (n: number) => `0x${n.toString(16).padStart(40, "0")}` as const;
/** A file as written before the optional keys existed (only the three factory modules). */
const minimal: Deployments = {
  chainId: 31337,
  startBlock: 1,
  identityRegistry: a(1),
  factory: a(2),
  modules: { countryAllow: a(3), maxHolders: a(4), maxBalance: a(5) },
  implementations: { token: a(6), compliance: a(7) },
};

const dir = mkdtempSync(path.join(tmpdir(), "tessera-deployments-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes `text` as the file of chain `chainId` and returns what readDeployments throws. */
function readBroken(chainId: number, text: string): TesseraError {
  writeFileSync(deploymentsFilePath(dir, chainId), text);
  try {
    readDeployments(dir, chainId);
  } catch (err) {
    return err as TesseraError;
  }
  throw new Error("readDeployments accepted a broken file");
}

describe("deployments file", () => {
  it("reads what writeDeployments wrote, and null when there is no file", () => {
    const file = writeDeployments(dir, { ...minimal, demoAsset: { token: a(8), compliance: a(9) } });
    expect(file).toBe(path.join(dir, "31337.json"));
    expect(readDeployments(dir, 31337)).toEqual({ ...minimal, demoAsset: { token: a(8), compliance: a(9) } });
    expect(readDeployments(dir, 1)).toBeNull();
  });

  it("refuses a malformed file, naming the file and the problem", () => {
    const badAddress = readBroken(2, JSON.stringify({ ...minimal, chainId: 2, modules: { ...minimal.modules, maxHolders: "0x1234" } }));
    expect(badAddress).toBeInstanceOf(TesseraError);
    expect(badAddress.errorName).toBe("InvalidDeployments");
    expect(badAddress.message).toContain(path.join(dir, "2.json"));
    expect(badAddress.message).toContain("modules.maxHolders: not a valid address");

    const missing = readBroken(3, JSON.stringify({ ...minimal, chainId: 3, factory: undefined }));
    expect(missing.message).toMatch(/factory: /);

    const notJson = readBroken(4, "{ not json");
    expect(notJson.errorName).toBe("InvalidDeployments");
    expect(notJson.message).toContain(`${path.join(dir, "4.json")} is not valid JSON`);

    const otherChain = readBroken(5, JSON.stringify(minimal));
    expect(otherChain.message).toBe(`${path.join(dir, "5.json")} is for chain 31337, not chain 5`);
  });

  it("parseDeployments (browser-safe) takes the text or the parsed value", () => {
    expect(parseDeployments(JSON.stringify(minimal))).toEqual(minimal);
    expect(parseDeployments(minimal, { chainId: 31337 })).toEqual(minimal);
    expect(() => parseDeployments({ ...minimal, startBlock: -1 }, { source: "deployments/31337.json" })).toThrow(
      /^deployments\/31337\.json does not match the deployments format .*startBlock: /,
    );
  });
});
