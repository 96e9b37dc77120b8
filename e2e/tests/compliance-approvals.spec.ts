import { mint, transfer } from "@tessera/sdk";
import { deployAssetWithModules, moduleSetups } from "@tessera/sdk/suite";
import { expect, test } from "./fixtures";
import { artifact, DEV, signInDevAccount, watchConsole } from "./support";

/**
 * Maker-checker transfer approvals: an asset using the ManualApprovalModule (deployed here with the SDK) whose transfer
 * managers are the compliance officer and Investor C. Investor C's transfer of 100 APF to Investor B is refused by the
 * pre-check, and C requests the approval from the transfer form; in the console C cannot approve its own request (the server refuses, the UI says why); the officer approves it with a
 * reason, which lands in the audit log; C's transfer then uses the approval and the request leaves the queue.
 * (Investor A, whose portfolio and history other journeys read, is not involved.)
 */
test("a transfer approver cannot approve its own request; another approves it with a reason and the transfer goes through", async ({ page, platform }) => {
  const errors = watchConsole(page);
  const { publicClient, issuer, deployments } = platform;
  const requester = platform.devWallet(DEV.investorC.address);
  const { token } = await deployAssetWithModules(
    issuer,
    publicClient,
    deployments,
    { name: "Approval Fund", symbol: "APF", decimals: 0, assetClass: 0, allowedCountries: [], maxHolders: 0n, maxBalance: 0n },
    [moduleSetups.manualApproval(deployments.modules as never, [DEV.officer.address, DEV.investorC.address])],
  );
  await mint(issuer, publicClient, { token, to: DEV.investorC.address, amount: 1_000n });

  // C's transfer is refused by the pre-check until approved; C requests the approval from the transfer form.
  await page.goto("/investor");
  await signInDevAccount(page, DEV.investorC.label);
  await page.getByLabel("Asset", { exact: true }).selectOption({ label: "Approval Fund (APF)" });
  await page.getByLabel("Recipient").fill(DEV.investorB.address);
  await page.getByLabel("Amount").fill("100");
  await page.getByRole("button", { name: "Check transfer" }).click();
  await expect(page.getByLabel("Transfer check")).toContainText("needs an approval from a transfer approver");
  const ask = page.getByRole("group", { name: "Request transfer approval" });
  await ask.getByLabel("Note for the transfer approver (optional)").fill("Moving to my custodian");
  await ask.getByRole("button", { name: "Request approval" }).click();
  await expect(ask.getByRole("status", { name: "Approval request result" })).toHaveText("Recorded in the audit log.", { timeout: 60_000 });
  await page.getByRole("button", { name: "Check transfer" }).click();
  await expect(page.getByLabel("Transfer check")).toContainText(/approval/);

  await page.getByRole("link", { name: "Compliance console" }).click();
  const queue = page.getByRole("table", { name: "Transfer approvals" });
  const request = queue.getByRole("row").filter({ hasText: "Investor B" });
  await expect(request).toContainText("100 APF");
  await expect(request).toContainText("1 pending");
  await request.getByRole("button", { name: "Review" }).click();
  const panel = page.getByRole("region", { name: "Decide on transfer" });
  await panel.getByLabel("Decision reason (audit log)").fill("Approving my own request");
  await panel.getByRole("button", { name: "Approve transfer" }).click();
  await expect(panel.getByRole("alert", { name: "Decision progress" })).toContainText("another transfer approver must decide on it (maker-checker)");

  await signInDevAccount(page, DEV.officer.label);
  await expect(request).toContainText("1 pending");
  await request.getByRole("button", { name: "Review" }).click();
  await panel.getByLabel("Decision reason (audit log)").fill("Custodian change verified");
  await panel.getByRole("button", { name: "Approve transfer" }).click();
  await expect(panel.getByRole("status", { name: "Decision progress" })).toContainText("approved", { timeout: 60_000 });
  await expect(panel.getByRole("status", { name: "Decision result" })).toHaveText("Recorded in the audit log.");
  await expect(request).toContainText("1 approved, not yet used");
  const log = page.getByRole("table", { name: "Audit log" });
  await expect(log.getByRole("row").filter({ hasText: "Custodian change verified" })).toContainText("Approved transfer");
  await page.screenshot({ path: artifact("compliance-approvals.png"), fullPage: true });

  await transfer(requester, publicClient, { token, to: DEV.investorB.address, amount: 100n });
  await expect(queue).toContainText("No transfers waiting for approval.");
  // The one expected failure: the server's 409 to C's own approval (Chromium logs every 4xx response).
  expect(errors.filter((e) => !/status of 409/.test(e))).toEqual([]);
  expect(errors.filter((e) => /status of 409/.test(e)).length).toBeLessThanOrEqual(1);
});
