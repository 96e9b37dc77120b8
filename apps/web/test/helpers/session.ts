import { expect } from "vitest";
import { GET as nonceGET } from "../../app/api/auth/nonce/route";
import { POST as verifyPOST } from "../../app/api/auth/verify/route";
import { Browser, devAccount, siweMessage } from "./chain";

/**
 * A browser (cookie jar) signed in as anvil dev account `index` through the real routes: GET /api/auth/nonce, an
 * EIP-4361 message signed by the account, POST /api/auth/verify. Fails the calling test unless verify answers 200.
 */
export async function signedIn(index: number): Promise<Browser> {
  const b = new Browser();
  const { nonce } = (await b.take(await nonceGET(b.request("/api/auth/nonce"))).json()) as { nonce: string };
  const message = siweMessage(devAccount(index).address, nonce);
  const signature = await devAccount(index).signMessage({ message });
  expect(b.take(await verifyPOST(b.request("/api/auth/verify", { method: "POST", body: { message, signature } }))).status).toBe(200);
  return b;
}
