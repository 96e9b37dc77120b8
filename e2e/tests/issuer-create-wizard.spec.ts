import { expect, test } from "./fixtures";
import { artifact, DEV, openSection, row, signInDevAccount, watchConsole } from "./support";

/**
 * Issue 5, issuer journey 1: the "Create asset" wizard — details, documents, compliance rules, roles, a review of
 * exactly what will be deployed, then one factory transaction (deployAssetWithModules) followed by the role grant
 * and the document, tracked to "indexed".
 */

test("an issuer creates an asset in the wizard: rules, a role and a document, reviewed before one factory transaction", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/issuer");
  await signInDevAccount(page, DEV.issuer.label); // signed in: the document file is stored on Tessera
  const next = page.getByRole("button", { name: "Next" });

  // Step 1: details; a bad symbol is refused in words before moving on.
  await page.getByLabel("Name").fill("Quay Street Equity");
  await page.getByLabel("Symbol").fill("QSE TOO LONG");
  await page.getByLabel("Decimals").fill("2");
  await page.getByLabel("Asset class").selectOption({ label: "Equity" });
  await next.click();
  await expect(page.getByText("Use 1-11 letters or digits.")).toBeVisible();
  await page.getByLabel("Symbol").fill("QSE");
  await next.click();

  // Step 2: one document, stored on Tessera (no URI); its keccak-256 hash is computed from the chosen file.
  await page.getByRole("button", { name: "Add document" }).click();
  await page.getByLabel("Document name").fill("Articles");
  await page.getByLabel("Document file (for its hash)").setInputFiles({ name: "articles.txt", mimeType: "text/plain", buffer: Buffer.from("QSE articles v1") });
  await expect(page.getByText(/keccak-256 0x[0-9a-f]{64}/)).toBeVisible();
  await next.click();

  // Step 3: rules from several modules; an amount finer than the decimals is refused.
  await page.getByLabel("Allowed investor countries").fill("840, 826");
  await page.getByLabel("Blocked investor countries").fill("408");
  await page.getByLabel("Holder limits by country").fill("840:50");
  await page.getByLabel("Max balance per investor").fill("10,000");
  await page.getByLabel("Minimum holding").fill("0.125");
  await next.click();
  await expect(page.getByText("At most 2 decimal places (the token has 2 decimals).")).toBeVisible();
  await page.getByLabel("Minimum holding").fill("1.25");
  await page.getByLabel("Supply cap").fill("1000000");
  await page.getByLabel("Lock-up per issuance (days)").fill("90");
  await page.getByLabel("Transfer volume limit").fill("2500");
  await page.getByLabel("Transfer limit period (days)").fill("30");
  await next.click();

  // Step 4: grant the compliance officer the FREEZER role.
  await page.getByRole("button", { name: "Add role grant" }).click();
  await page.getByLabel("Role", { exact: true }).selectOption({ value: "FREEZER" });
  await page.getByLabel("Grantee wallet").fill(DEV.officer.address);
  await next.click();

  // Step 5: the review lists exactly what will be deployed.
  const modules = page.getByRole("list", { name: "Compliance modules" });
  await expect(modules.getByRole("listitem")).toHaveCount(8);
  await expect(modules).toContainText("Country allow list: Recipients must reside in: 840, 826");
  await expect(modules).toContainText("Max holders: No total holder limit; At most 50 holders in country 840");
  await expect(modules).toContainText("Max balance per wallet: At most 10,000 QSE per wallet");
  await expect(modules).toContainText("Country block list: Recipients residing in 408 are refused");
  await expect(modules).toContainText("Minimum holding: No position below 1.25 QSE");
  await expect(modules).toContainText("Supply cap: Total supply at most 1,000,000 QSE");
  await expect(modules).toContainText("Lock-up per issuance: Each issuance locked for 90 days");
  await expect(modules).toContainText("Transfer volume limit: At most 2,500 QSE sent per investor per 30 days");
  await expect(page.getByRole("list", { name: "Role grants" })).toContainText(`Freezer: ${DEV.officer.address.toLowerCase()}`);
  await expect(page.getByRole("list", { name: "Documents" })).toContainText("Articles: stored on Tessera (articles.txt)");
  await expect(page.getByLabel("Transactions")).toContainText("3 transactions: TokenFactory.deployAssetWithModules");
  await page.screenshot({ path: artifact("issuer-create-wizard-review.png"), fullPage: true });

  await page.getByRole("button", { name: "Create asset" }).click();
  await expect(page.getByRole("status", { name: "Create asset progress" })).toContainText("Asset QSE created.", { timeout: 90_000 });
  await expect(page.getByRole("status", { name: "Create asset progress" })).toContainText("indexed");
  await expect(row(page, "Assets", "QSE")).toBeVisible();
  await page.getByRole("link", { name: "Open QSE" }).click();
  await expect(page.getByRole("heading", { name: "Quay Street Equity (QSE)" })).toBeVisible();
  // The asset's rules are in its Compliance section, its documents in Documents.
  await openSection(page, "Asset sections", "Compliance");
  await expect(page.getByRole("heading", { name: "Rules" })).toBeVisible();
  // The document registered by the wizard points at the stored file.
  await openSection(page, "Asset sections", "Documents");
  await expect(row(page, "Documents", "Articles")).toContainText("articles.txt (15 bytes)");
  expect(errors).toEqual([]);
});
