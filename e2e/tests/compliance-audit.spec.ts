import { identityRegistryAbi } from "@tessera/contracts";
import { readFileSync } from "node:fs";
import { expect, test } from "./fixtures";
import { artifact, DEV, signInDevAccount, watchConsole } from "./support";

/**
 * The audit log in the compliance console: who did what, when, with which transaction. The officer sends two registry
 * updates that change nothing (the country and identity again of an investor of this journey, registered in France
 * through the SDK) and records them with reasons; then filters the log on the server by action, actor, asset and date
 * range, and exports the filtered rows as CSV.
 */
test("the officer filters the audit log by action, actor, asset and dates and exports the filtered rows as CSV", async ({ page, platform, investor }) => {
  const errors = watchConsole(page);
  const { publicClient, officer, deployments } = platform;
  const subject = (await investor({ country: 250 })).address;
  const registry = deployments.identityRegistry;
  const read = <T>(functionName: string) =>
    publicClient.readContract({ address: registry, abi: identityRegistryAbi, functionName, args: [subject] } as never) as Promise<T>;
  const [country, identity] = await Promise.all([read<number>("investorCountry"), read<`0x${string}`>("identity")]);
  const send = async (functionName: "updateCountry" | "updateIdentity", arg: unknown) => {
    const hash = await officer.writeContract({ address: registry, abi: identityRegistryAbi, functionName, args: [subject, arg] as never });
    await publicClient.waitForTransactionReceipt({ hash });
    return hash;
  };
  const countryTx = await send("updateCountry", country);
  const identityTx = await send("updateIdentity", identity);

  await page.goto("/compliance");
  await signInDevAccount(page, DEV.officer.label);
  // Recorded as the console records them: POST /api/audit with the signed-in session (the server reads the chain).
  for (const [txHash, reason] of [
    [countryTx, "Audit E2E: country confirmed"],
    [identityTx, "Audit E2E: identity confirmed"],
  ]) {
    expect((await page.request.post("/api/audit", { data: { txHash, reason } })).status()).toBe(200);
  }

  const log = page.getByRole("table", { name: "Audit log" });
  const ours = log.getByRole("row").filter({ hasText: "Audit E2E" });
  await expect(ours).toHaveCount(2);
  const country1 = log.getByRole("row").filter({ hasText: "Audit E2E: country confirmed" });
  await expect(country1).toContainText("Updated country");
  await expect(country1).toContainText(countryTx.slice(0, 10));
  await expect(country1).toContainText("compliance officer");

  await page.getByLabel("Action", { exact: true }).selectOption({ label: "Updated identity" });
  await expect(ours).toHaveCount(1);
  await expect(ours).toContainText("Audit E2E: identity confirmed");
  await page.getByLabel("Action", { exact: true }).selectOption({ label: "All actions" });
  await page.getByLabel("Who (actor wallet)").fill(DEV.issuer.address);
  await expect(ours).toHaveCount(0);
  await page.getByLabel("Who (actor wallet)").fill(DEV.officer.address);
  await expect(ours).toHaveCount(2);
  await page.getByLabel("Asset", { exact: true }).selectOption({ label: "TDF (Tessera Demo Fund)" });
  await expect(ours).toHaveCount(0); // registry updates concern no asset
  await page.getByLabel("Asset", { exact: true }).selectOption({ label: "All assets" });
  const today = new Date().toISOString().slice(0, 10);
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  await page.getByLabel("To date").fill(yesterday);
  await expect(log).toContainText("No entries match.");
  await page.getByLabel("To date").fill(today);
  await page.getByLabel("From date").fill(today);
  await page.getByLabel("Affected wallet").fill(subject);
  await expect(ours).toHaveCount(2);
  await page.screenshot({ path: artifact("compliance-audit-filters.png"), fullPage: true });

  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: "Export audit CSV" }).click()]);
  await download.saveAs(artifact("compliance-audit-log.csv"));
  const lines = readFileSync(artifact("compliance-audit-log.csv"), "utf8").trim().split("\r\n");
  expect(lines[0]).toBe("time,actor,role,action,token,subject,amount,tx_hash,block,reason,details");
  const rows = lines.slice(1).filter((l) => l.includes("Audit E2E"));
  expect(rows).toHaveLength(2);
  expect(lines.slice(1).every((l) => l.split(",")[1] === DEV.officer.address.toLowerCase())).toBe(true);
  expect(rows.map((l) => l.split(",")[3]).sort()).toEqual(["update-country", "update-identity"]);
  expect(rows.find((l) => l.includes("country confirmed"))).toContain(countryTx);
  expect(errors).toEqual([]);
});
