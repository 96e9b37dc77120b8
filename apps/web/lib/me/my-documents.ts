import { hexToString, isHex } from "viem";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { knownIssuerFilter } from "../assets/issuers";
import { getPrisma } from "../db/prisma";
import type { MyDocumentDto, MyDocumentsResponse } from "../investor/types";
import { hex } from "../shared/serialize";

/** A bytes32 ERC-1643 document name as text: UTF-8 without trailing zero bytes, or the hex when it is not printable. */
export function documentNameText(name: string): string {
  if (!isHex(name)) return name;
  try {
    const s = hexToString(name as `0x${string}`).replace(/\0+$/, "");
    return s && !/[\u0000-\u001f\uFFFD]/.test(s) ? s : name;
  } catch {
    return name;
  }
}

/**
 * The current ERC-1643 documents (indexed AssetDocument rows, removed ones left out) of every asset the signed-in
 * wallet holds or has held (a Holding row exists), by asset name then document name. The upload and hash
 * verification of these files belong to the issuer portal; this lists what the chain states, with the links.
 */
export async function listMyDocuments(session: Session): Promise<MyDocumentsResponse> {
  const { chainId } = getServerConfig();
  const prisma = getPrisma();
  const held = await prisma.holding.findMany({
    // Only assets of issuers the platform knows: a look-alike token sent unasked must not bring its documents (links).
    where: { chainId, wallet: session.address.toLowerCase(), asset: await knownIssuerFilter() },
    select: { token: true, asset: { select: { name: true, symbol: true } } },
  });
  if (held.length === 0) return { documents: [] };
  const assets = new Map(held.map((h) => [h.token, h.asset]));
  const rows = await prisma.assetDocument.findMany({ where: { chainId, token: { in: [...assets.keys()] }, removed: false } });
  const documents: MyDocumentDto[] = rows.map((r) => ({
    token: hex(r.token),
    assetName: assets.get(r.token)!.name,
    symbol: assets.get(r.token)!.symbol,
    name: documentNameText(r.name),
    uri: r.uri,
    documentHash: hex(r.documentHash),
    updatedBlock: r.updatedBlock.toString(),
  }));
  documents.sort((a, b) => a.assetName.localeCompare(b.assetName) || a.name.localeCompare(b.name));
  return { documents };
}
