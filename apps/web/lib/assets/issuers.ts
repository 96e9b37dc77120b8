import { z } from "zod";
import { readRuntimeConfig } from "../config/read-deployments";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";

/**
 * Issuers whose assets the platform shows. The factory is permissionless: anyone can deploy a look-alike asset
 * ("Tessera Demo Fund", same symbol) and send its tokens to investors unasked; those must not appear in asset lists,
 * portfolios or the transfer form as if the platform vouched for them.
 *
 * - `TESSERA_ISSUERS`: comma-separated issuer addresses (the `issuer` of the factory's AssetDeployed: the deployer).
 * - unset: the issuer of the deployments file's demo asset (the demo issuer).
 * - unset and no demo asset: no list (every asset the platform's factory deployed is shown).
 */
const issuersEnv = z
  .string()
  .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.string().regex(/^0x[0-9a-fA-F]{40}$/, "TESSERA_ISSUERS: each entry must be a 0x address")))
  .transform((a) => a.map((x) => x.toLowerCase()));

/**
 * The lower-case addresses of the issuers the platform knows, or null when none is configured (show every asset).
 * @throws ZodError for a malformed TESSERA_ISSUERS; database errors as they are
 */
export async function knownIssuers(): Promise<string[] | null> {
  const configured = process.env.TESSERA_ISSUERS?.trim();
  if (configured) return issuersEnv.parse(configured);
  const { deployments } = await readRuntimeConfig();
  const demo = deployments?.demoAsset?.token;
  if (!demo) return null;
  const { chainId } = getServerConfig();
  const row = await getPrisma().asset.findUnique({ where: { chainId_token: { chainId, token: demo.toLowerCase() } }, select: { issuer: true } });
  return row ? [row.issuer.toLowerCase()] : null;
}

/** A Prisma `where` fragment on Asset restricting to known issuers (empty when no list is configured). */
export async function knownIssuerFilter(): Promise<{ issuer?: { in: string[] } }> {
  const issuers = await knownIssuers();
  return issuers ? { issuer: { in: issuers } } : {};
}
