import type { Address } from "viem";
import { z } from "zod";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { indexAtHead } from "../index/at-head";
import { indexedAsset } from "./get-vault";
import { pendingRequestsCtes } from "./pending-requests";
import { vaultRead } from "./vault-chain";
import type { QueueResponse, QueueRowDto } from "./types";

/** Query of GET /api/assets/[token]/vault/queue: `kind` deposit | redeem (default both), page ≥ 1, 1 ≤ pageSize ≤ 100 (default 50). */
export const queueQuery = z.object({
  kind: z.enum(["deposit", "redeem"]).optional(),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(50),
});
export type QueueQuery = z.infer<typeof queueQuery>;

interface Candidate {
  controller: string;
  kind: "deposit" | "redeem";
  /** Decimal strings: amounts exceed bigint's 64 bits (18-decimal tokens). */
  firstBlock: string;
  total: string;
  count: number;
}

/**
 * The controllers the index says have something Pending, in the order they first asked: per controller and kind, the
 * requests since its last cancelation (a cancelation takes the whole Pending amount) minus the fulfilments since then,
 * when positive (lib/vault/pending-requests). One statement over the vault's MoneyLegEvent rows, paged in SQL.
 */
async function candidates(token: string, vault: string, q: QueueQuery): Promise<Candidate[]> {
  const { chainId } = getServerConfig();
  const kinds = q.kind ? [q.kind] : ["deposit", "redeem"];
  return getPrisma().$queryRawUnsafe<Candidate[]>(
    `WITH ${pendingRequestsCtes("$1", "$2", "$3")}
     SELECT controller, kind, "firstBlock"::text AS "firstBlock", total::text AS total, count(*) OVER ()::int AS "count"
     FROM live WHERE kind = ANY($4::text[]) ORDER BY "firstBlock", controller, kind
     LIMIT $5 OFFSET $6`,
    chainId,
    token,
    vault,
    kinds,
    q.pageSize,
    (q.page - 1) * q.pageSize,
  );
}

/**
 * The vault's queue: Pending subscription and redemption requests per controller with their dealing dates. The
 * index (at the chain head) says who; each row's amount and dealing date are read from the vault now
 * (`pendingDepositRequest`/`pendingRedeemRequest`, `pending…DealingDate`), and a controller the chain shows nothing
 * Pending for is left out.
 * @throws ApiError NOT_FOUND (asset not indexed), CHAIN_UNAVAILABLE, INDEX_BEHIND
 */
export async function listVaultQueue(token: Address, q: QueueQuery): Promise<QueueResponse> {
  const asset = await indexedAsset(token);
  if (!asset.vault) return { rows: [], total: 0, page: q.page, pageSize: q.pageSize };
  await indexAtHead();
  const vault = asset.vault as Address;
  const found = await candidates(asset.token, asset.vault, q);
  const total = found.length ? Number(found[0]!.count) : 0;
  const rows = await Promise.all(
    found.map(async (c): Promise<QueueRowDto | null> => {
      const controller = c.controller as Address;
      const [pending, dealing] = await Promise.all(
        c.kind === "deposit"
          ? [vaultRead<bigint>(vault, "pendingDepositRequest", [0n, controller]), vaultRead<bigint>(vault, "pendingDepositDealingDate", [controller])]
          : [vaultRead<bigint>(vault, "pendingRedeemRequest", [0n, controller]), vaultRead<bigint>(vault, "pendingRedeemDealingDate", [controller])],
      );
      if (pending === 0n) return null;
      return { kind: c.kind, controller, pending: pending.toString(), dealingDate: Number(dealing), firstRequestBlock: c.firstBlock };
    }),
  );
  return { rows: rows.filter((r): r is QueueRowDto => r !== null), total, page: q.page, pageSize: q.pageSize };
}
