import { deployAsset } from "@tessera/sdk";
import { expect, test } from "./fixtures";
import { artifact, connectDevAccount, DEV, openSection, row, signInDevAccount, watchConsole } from "./support";

/**
 * Issue 5, issuer journey 4: ERC-1643 documents. The issuer uploads a file (stored by the server, hashed) and its
 * wallet registers it with setDocument, tracked to "indexed"; then an investor sees the list, and the browser
 * verifies a file against the on-chain hash: the same file matches, an altered one does not.
 */

const TERM_SHEET = Buffer.from("Harbor Notes term sheet\nCoupon 5.25% semi-annual\nMaturity 2031-06-30\n");

test("the issuer uploads and registers a document; an investor verifies a copy against the on-chain hash", async ({ page, platform }) => {
  const errors = watchConsole(page);
  const { publicClient, issuer, deployments } = platform;
  const asset = await deployAsset(issuer, publicClient, deployments, {
    name: "Harbor Notes 2031",
    symbol: "HN31",
    decimals: 2,
    assetClass: 1,
    allowedCountries: [],
    maxHolders: 0n,
    maxBalance: 0n,
  });

  // Wait for the indexer from here (a 404 in the page would be logged as a console error).
  await expect.poll(async () => (await page.request.get(`/api/assets/${asset.token.toLowerCase()}`)).status(), { timeout: 30_000 }).toBe(200);
  await page.goto(`/issuer/assets/${asset.token.toLowerCase()}`);
  await expect(page.getByRole("heading", { name: "Harbor Notes 2031 (HN31)" })).toBeVisible({ timeout: 30_000 });
  await signInDevAccount(page, DEV.issuer.label);
  await openSection(page, "Asset sections", "Documents");

  await page.getByLabel("Document name").fill("A name that is longer than thirty-two bytes");
  await page.getByLabel("Document file").setInputFiles({ name: "term-sheet.txt", mimeType: "text/plain", buffer: TERM_SHEET });
  await page.getByRole("button", { name: "Upload and register" }).click();
  await expect(page.getByText("At most 32 bytes (the on-chain name is a bytes32).")).toBeVisible();

  await page.getByLabel("Document name").fill("Term sheet");
  await page.getByRole("button", { name: "Upload and register" }).click();
  await expect(page.getByRole("status", { name: "Document progress" })).toContainText('Document "Term sheet" registered on-chain (setDocument).', { timeout: 60_000 });
  await expect(page.getByRole("status", { name: "Document progress" })).toContainText("indexed");
  await expect(row(page, "Documents", "Term sheet")).toContainText(`term-sheet.txt (${TERM_SHEET.length} bytes)`);

  // An investor: no upload form, but the list and the check.
  await connectDevAccount(page, DEV.investorA.label);
  await expect(page.getByLabel("Documents access")).toBeVisible();
  const verify = page.getByLabel("Verify a file against Term sheet");
  await verify.setInputFiles({ name: "my-copy.txt", mimeType: "text/plain", buffer: TERM_SHEET });
  await expect(page.getByRole("status", { name: "Verification of Term sheet" })).toContainText("Match: my-copy.txt has the registered keccak-256 hash.");
  await page.screenshot({ path: artifact("issuer-documents.png"), fullPage: true });
  await verify.setInputFiles({ name: "altered.txt", mimeType: "text/plain", buffer: Buffer.from(TERM_SHEET.toString().replace("5.25%", "6.25%")) });
  await expect(page.getByRole("alert", { name: "Verification of Term sheet" })).toContainText("Mismatch: altered.txt hashes to");

  // The registered URI serves the very bytes (what any holder downloads).
  const href = await row(page, "Documents", "Term sheet").getByRole("link").getAttribute("href");
  const res = await page.request.get(href!);
  expect(res.status()).toBe(200);
  expect(Buffer.from(await res.body()).equals(TERM_SHEET)).toBe(true);
  expect(errors).toEqual([]);
});
