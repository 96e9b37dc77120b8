import { expect, test } from "./fixtures";
import { artifact, connectDevAccount, DEV, demoToken, signInDevAccount, watchConsole } from "./support";

/**
 * Sign-In with Ethereum and roles from the chain: the issuer (owner and agent of the demo token TDF) sees the
 * issuer's forms; an investor signs in too but sees why they are hidden; the compliance console shows its form to
 * the compliance officer only. The server refuses what the UI hides (see apps/web/test for the 403s per route).
 */

test("the issuer signs in with the wallet; the session shows roles read from the chain", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`/issuer/assets/${demoToken()}/holders`); // issuance and the cap table
  await connectDevAccount(page, DEV.issuer.label);
  const session = page.getByRole("status", { name: "Session" });
  await expect(session).toContainText("Not signed in");
  await expect(page.getByLabel("Issue tokens access")).toContainText("Sign in (top right) as an agent of this token");
  await expect(page.getByRole("button", { name: "Issue tokens" })).toHaveCount(0);
  await expect(page.getByLabel("Cap table access")).toContainText("Sign in (top right) as an agent, owner or role holder of this token");
  await expect(page.getByRole("table", { name: "Cap table" })).toHaveCount(0);

  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(session).toContainText("Signed in");
  await expect(session).toContainText(/agent of [^;]*TDF/);
  await expect(session).toContainText(/owner of [^;]*TDF/);
  await expect(page.getByRole("button", { name: "Issue tokens" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Cap table" })).toBeVisible();

  // The session survives a reload (httpOnly cookie) and is not readable by page scripts.
  await page.reload();
  await expect(page.getByRole("status", { name: "Session" })).toContainText(/agent of [^;]*TDF/);
  expect(await page.evaluate(() => document.cookie)).not.toContain("tessera_session");
  const cookie = (await page.context().cookies()).find((c) => c.name === "tessera_session");
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: "Lax" });
  expect(cookie!.expires * 1000).toBeGreaterThan(Date.now() + 7 * 3600 * 1000);

  await page.screenshot({ path: artifact("sign-in-issuer.png"), fullPage: true });

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("status", { name: "Session" })).toContainText("Not signed in");
  await expect(page.getByRole("button", { name: "Issue tokens" })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test("an investor signs in and sees no issuer or compliance forms, with the reason", async ({ page }) => {
  const errors = watchConsole(page);
  await page.goto(`/issuer/assets/${demoToken()}/holders`); // issuance and the cap table
  await signInDevAccount(page, DEV.investorA.label);
  await expect(page.getByRole("status", { name: "Session" })).toContainText("no issuer or compliance role");
  await expect(page.getByLabel("Issue tokens access")).toContainText("Only an agent of this token can issue tokens");
  await expect(page.getByRole("button", { name: "Issue tokens" })).toHaveCount(0);
  await expect(page.getByLabel("Cap table access")).toContainText("your wallet is not one");
  await expect(page.getByRole("table", { name: "Cap table" })).toHaveCount(0);

  await page.getByRole("link", { name: "Compliance console" }).click();
  await expect(page.getByLabel("Register investor access")).toContainText("Only a compliance officer");
  await expect(page.getByRole("button", { name: "Register investor" })).toHaveCount(0);
  await expect(page.getByLabel("Investors access", { exact: true })).toContainText("Only a compliance officer");
  await expect(page.getByRole("table", { name: "Investors" })).toHaveCount(0);
  await page.screenshot({ path: artifact("sign-in-investor.png"), fullPage: true });

  // Switching the wallet does not carry the session over: the new wallet must sign in itself.
  await connectDevAccount(page, DEV.officer.label);
  await expect(page.getByRole("status", { name: "Session" })).toContainText("Not signed in");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("status", { name: "Session" })).toContainText("compliance officer");
  await expect(page.getByRole("button", { name: "Register investor" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Investors" })).toBeVisible();
  expect(errors).toEqual([]);
});
