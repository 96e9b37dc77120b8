import { readFileSync } from "node:fs";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { expect, signInWithBrowserWallet, test, useBrowserWallet } from "./fixtures";
import { artifact, DEV, openSection, row, signInDevAccount, watchConsole } from "./support";

/**
 * Onboarding ID documents (issue 5, investor part 4): a newcomer (a fresh key, through a browser wallet) applies
 * with a passport scan; a file of another type is refused before anything is sent; a proof of address is added while
 * the application is pending; the applicant sees both. The compliance officer opens the review and downloads the
 * passport (the download route answers officers only).
 */
const NEWCOMER = privateKeyToAccount(generatePrivateKey());
/** The applicant's name (no other journey applies under it: the officer finds the application by it). */
const NAME = "Olga Upload";
const PASSPORT = Buffer.from("%PDF-1.7\n% Olga Upload passport scan\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
const BILL = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1]);

test.describe.configure({ mode: "serial" });

test("a newcomer applies with ID documents and sees what was uploaded", async ({ page }) => {
  const errors = watchConsole(page);
  await useBrowserWallet(page, NEWCOMER);
  await page.goto("/investor");
  await signInWithBrowserWallet(page, NEWCOMER.address);
  // Not registered: the portfolio sends the newcomer to the profile, where the application form is.
  await expect(page.getByRole("status", { name: "Profile reminder" })).toContainText("not registered as an investor yet");
  await openSection(page, "Investor sections", "Profile");

  await page.getByLabel("Full name").fill(NAME);
  await page.getByLabel("Country of residence").selectOption({ label: "276 Germany" });
  await page.getByLabel("Accredited or professional investor").check();
  await page.getByLabel("Identity document type").selectOption({ label: "Passport" });
  const files = page.getByLabel("ID documents (PDF, PNG or JPEG, up to 2 MB each)");
  await files.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("my passport number") });
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByText("notes.txt: choose a PDF, PNG or JPEG file.")).toBeVisible();
  await expect(page.getByRole("status", { name: "Application status" })).toHaveCount(0);

  await files.setInputFiles({ name: "passport.pdf", mimeType: "application/pdf", buffer: PASSPORT });
  await page.getByRole("button", { name: "Submit application" }).click();
  await expect(page.getByRole("status", { name: "Application status" })).toContainText("Pending review");
  await expect(row(page, "My ID documents", "passport.pdf")).toContainText("Passport");

  const add = page.getByRole("form", { name: "Add ID documents" });
  await add.getByLabel("Identity document type").selectOption({ label: "Proof of address" });
  await add.getByLabel("ID documents (PDF, PNG or JPEG, up to 2 MB each)").setInputFiles({ name: "utility-bill.png", mimeType: "image/png", buffer: BILL });
  await add.getByRole("button", { name: "Upload documents" }).click();
  await expect(add.getByRole("status", { name: "Upload result" })).toContainText("Uploaded");
  await expect(row(page, "My ID documents", "utility-bill.png")).toContainText("Proof of address");
  await page.getByRole("region", { name: "Onboarding" }).screenshot({ path: artifact("investor-id-documents.png") });

  // The Documents section lists them too, beside the assets' documents.
  await openSection(page, "Investor sections", "Documents");
  await expect(row(page, "My ID documents", "passport.pdf")).toContainText("Passport");
  await expect(row(page, "My ID documents", "utility-bill.png")).toContainText("Proof of address");
  expect(errors).toEqual([]);
});

test("the compliance officer reviews the application and downloads the passport", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto("/compliance");
  await signInDevAccount(page, DEV.officer.label);
  await page.getByRole("button", { name: `Review ${NAME}` }).click();
  const review = page.getByRole("region", { name: "Review application" });
  const docs = review.getByRole("list", { name: "ID documents" });
  await expect(docs).toContainText("utility-bill.png");
  const [download] = await Promise.all([page.waitForEvent("download"), docs.getByRole("button", { name: "Download passport.pdf" }).click()]);
  expect(download.suggestedFilename()).toBe("passport.pdf");
  expect(readFileSync(await download.path())).toEqual(PASSPORT);
  await review.screenshot({ path: artifact("compliance-id-documents.png") });
  expect(errors).toEqual([]);
});
