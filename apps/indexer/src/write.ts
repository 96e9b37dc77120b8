import type { PrismaClient } from "@tessera/db";
import type { DecodedEvent } from "./decode.ts";

/** Everything fetched from the chain for one block range, ready to be written in one transaction. */
export interface RangeBatch {
  chainId: number;
  fromBlock: bigint;
  toBlock: bigint;
  /** Hash of `toBlock`, stored with the cursor (reorg detection). */
  toBlockHash: string;
  /** Decoded events in chain order (block number, then log index). */
  events: DecodedEvent[];
  /** Unix seconds of every block holding a Transfer or AssetDeployed event. */
  blockTimes: Map<bigint, number>;
  /** Module singletons (lower-case): a removed module turns its rule off. */
  modules: { countryAllow: string; maxHolders: string; maxBalance: string };
  /** The identity registry whose investors are indexed (lower-case). */
  identityRegistry: string;
}

/** What {@link writeRange} changed. */
export interface WriteResult {
  /** Transfers inserted now (0 when the range had been written before). */
  transfers: number;
  /** Assets created now: token → compliance. */
  newAssets: Map<string, string>;
  /** Tokens whose compliance changed: token → new compliance. */
  complianceChanges: Map<string, string>;
  /** False when the stored cursor was already at or past `toBlock` (nothing applied). */
  applied: boolean;
}

type Tx = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const ZERO = "0x0000000000000000000000000000000000000000";
const CHUNK = 5000;

/** ISO text of a UTC timestamp without zone, for `timestamp(3)` columns (Prisma stores UTC). */
const utcText = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, -1);

/**
 * Writes one block range and the cursor in ONE database transaction. Idempotent: inside the transaction the
 * stored cursor is re-read under a row lock and only events of blocks after it are applied; transfers are
 * inserted with `ON CONFLICT DO NOTHING` on (chainId, blockNumber, logIndex) and balances, total supply and
 * holder counts are derived from the rows actually inserted. The transaction awaits nothing but its own
 * connection (safe on PGlite).
 */
export async function writeRange(prisma: PrismaClient, batch: RangeBatch): Promise<WriteResult> {
  const { chainId } = batch;
  const result: WriteResult = { transfers: 0, newAssets: new Map(), complianceChanges: new Map(), applied: false };
  await prisma.$transaction(
    async (tx) => {
      const cursorRows = await tx.$queryRawUnsafe<{ lastBlock: string }[]>(
        `SELECT "lastBlock"::text AS "lastBlock" FROM "IndexerCursor" WHERE "chainId" = $1 FOR UPDATE`,
        chainId,
      );
      const stored = cursorRows[0] ? BigInt(cursorRows[0].lastBlock) : undefined;
      if (stored !== undefined && stored >= batch.toBlock) return;
      const events = stored === undefined ? batch.events : batch.events.filter((e) => e.blockNumber > stored);

      // 1. Assets first: deployAsset emits module and token events before AssetDeployed in the same transaction.
      const complianceToToken = new Map<string, string>(
        (await tx.asset.findMany({ where: { chainId }, select: { address: true, compliance: true } })).map((a) => [a.compliance, a.address]),
      );
      const knownTokens = new Set(complianceToToken.values());
      for (const e of events) {
        if (e.source !== "factory" || e.name !== "AssetDeployed") continue;
        const a = e.args as { token: string; issuer: string; compliance: string; identityRegistry: string; name: string; symbol: string; decimals: number; assetClass: number };
        if (knownTokens.has(a.token)) continue;
        await tx.asset.create({
          data: {
            chainId,
            address: a.token,
            issuer: a.issuer,
            compliance: a.compliance,
            identityRegistry: a.identityRegistry,
            name: a.name,
            symbol: a.symbol,
            decimals: Number(a.decimals),
            assetClass: Number(a.assetClass),
            totalSupply: 0,
            allowedCountries: [],
            maxHolders: 0,
            maxBalance: 0,
            deployedBlock: e.blockNumber,
            deployedTxHash: e.txHash,
            deployedAt: new Date((batch.blockTimes.get(e.blockNumber) ?? 0) * 1000),
          },
        });
        knownTokens.add(a.token);
        complianceToToken.set(a.compliance, a.token);
        result.newAssets.set(a.token, a.compliance);
      }

      // 2. Transfers: bulk insert, keep only the rows that are new.
      const transfers = events.filter((e) => e.source === "token" && e.name === "Transfer" && knownTokens.has(e.address));
      const inserted = new Set<string>();
      for (let i = 0; i < transfers.length; i += CHUNK) {
        const chunk = transfers.slice(i, i + CHUNK);
        const rows = await tx.$queryRawUnsafe<{ blockNumber: string; logIndex: number }[]>(
          `INSERT INTO "Transfer" ("chainId", "blockNumber", "logIndex", "txHash", "token", "from", "to", "amount", "kind", "blockTime")
           SELECT $1::int, u.b, u.li, u.tx, u.tok, u.f, u.t, u.amt, u.k::"TransferKind", u.bt
           FROM unnest($2::bigint[], $3::int[], $4::text[], $5::text[], $6::text[], $7::text[], $8::numeric[], $9::text[], $10::timestamp(3)[])
             AS u(b, li, tx, tok, f, t, amt, k, bt)
           ON CONFLICT ("chainId", "blockNumber", "logIndex") DO NOTHING
           RETURNING "blockNumber"::text AS "blockNumber", "logIndex"`,
          chainId,
          chunk.map((e) => e.blockNumber.toString()),
          chunk.map((e) => e.logIndex),
          chunk.map((e) => e.txHash),
          chunk.map((e) => e.address),
          chunk.map((e) => e.args.from as string),
          chunk.map((e) => e.args.to as string),
          chunk.map((e) => (e.args.value as bigint).toString()),
          chunk.map((e) => transferKind(e.args.from as string, e.args.to as string)),
          chunk.map((e) => utcText(batch.blockTimes.get(e.blockNumber) ?? 0)),
        );
        for (const r of rows) inserted.add(`${r.blockNumber}:${r.logIndex}`);
      }
      result.transfers = inserted.size;

      // 3. Balances, supply and holder counts from the inserted transfers only, aggregated in memory.
      const deltas = new Map<string, { token: string; wallet: string; delta: bigint; firstAcquired: bigint | null; updated: bigint }>();
      const supply = new Map<string, bigint>();
      const bump = (token: string, wallet: string, delta: bigint, block: bigint, acquired: boolean) => {
        const key = `${token}:${wallet}`;
        const d = deltas.get(key) ?? { token, wallet, delta: 0n, firstAcquired: null, updated: block };
        d.delta += delta;
        d.updated = block;
        if (acquired && d.firstAcquired === null) d.firstAcquired = block;
        deltas.set(key, d);
      };
      for (const e of transfers) {
        if (!inserted.has(`${e.blockNumber}:${e.logIndex}`)) continue;
        const { from, to, value } = e.args as { from: string; to: string; value: bigint };
        if (from === ZERO) supply.set(e.address, (supply.get(e.address) ?? 0n) + value);
        else bump(e.address, from, -value, e.blockNumber, false);
        if (to === ZERO) supply.set(e.address, (supply.get(e.address) ?? 0n) - value);
        else bump(e.address, to, value, e.blockNumber, value > 0n);
      }
      const holdingRows = [...deltas.values()];
      for (let i = 0; i < holdingRows.length; i += CHUNK) {
        const chunk = holdingRows.slice(i, i + CHUNK);
        await tx.$executeRawUnsafe(
          `INSERT INTO "Holding" ("chainId", "token", "wallet", "balance", "frozen", "frozenAmount", "firstAcquiredBlock", "updatedBlock")
           SELECT $1::int, u.tok, u.w, u.d, false, 0, u.fab, u.ub
           FROM unnest($2::text[], $3::text[], $4::numeric[], $5::bigint[], $6::bigint[]) AS u(tok, w, d, fab, ub)
           ON CONFLICT ("chainId", "token", "wallet") DO UPDATE SET
             "balance" = "Holding"."balance" + EXCLUDED."balance",
             "firstAcquiredBlock" = COALESCE("Holding"."firstAcquiredBlock", EXCLUDED."firstAcquiredBlock"),
             "updatedBlock" = GREATEST("Holding"."updatedBlock", EXCLUDED."updatedBlock")`,
          chainId,
          chunk.map((h) => h.token),
          chunk.map((h) => h.wallet),
          chunk.map((h) => h.delta.toString()),
          chunk.map((h) => (h.firstAcquired === null ? null : h.firstAcquired.toString())),
          chunk.map((h) => h.updated.toString()),
        );
      }
      if (supply.size > 0) {
        await tx.$executeRawUnsafe(
          `UPDATE "Asset" AS a SET "totalSupply" = a."totalSupply" + u.d
           FROM unnest($2::text[], $3::numeric[]) AS u(tok, d)
           WHERE a."chainId" = $1 AND a."address" = u.tok`,
          chainId,
          [...supply.keys()],
          [...supply.values()].map(String),
        );
      }
      const touchedTokens = [...new Set(holdingRows.map((h) => h.token))];
      if (touchedTokens.length > 0) {
        await tx.$executeRawUnsafe(
          `UPDATE "Asset" AS a SET "holderCount" = (
             SELECT count(*)::int FROM "Holding" AS h WHERE h."chainId" = a."chainId" AND h."token" = a."address" AND h."balance" > 0)
           WHERE a."chainId" = $1 AND a."address" = ANY($2::text[])`,
          chainId,
          touchedTokens,
        );
      }

      // 4. Everything else, rare and state-setting, row by row in chain order.
      for (const e of events) {
        await applyStateEvent(tx, batch, e, complianceToToken, knownTokens, result);
      }

      // 5. The cursor, in the same transaction.
      await tx.indexerCursor.upsert({
        where: { chainId },
        create: { chainId, lastBlock: batch.toBlock, lastBlockHash: batch.toBlockHash },
        update: { lastBlock: batch.toBlock, lastBlockHash: batch.toBlockHash },
      });
      result.applied = true;
    },
    { maxWait: 60_000, timeout: 300_000 },
  );
  return result;
}

function transferKind(from: string, to: string): "mint" | "burn" | "transfer" {
  if (from === ZERO) return "mint";
  if (to === ZERO) return "burn";
  return "transfer";
}

async function applyStateEvent(
  tx: Tx,
  batch: RangeBatch,
  e: DecodedEvent,
  complianceToToken: Map<string, string>,
  knownTokens: Set<string>,
  result: WriteResult,
): Promise<void> {
  const { chainId } = batch;
  const block = e.blockNumber;
  const args = e.args;
  const asset = (token: string) => ({ chainId_address: { chainId, address: token } });

  if (e.source === "token") {
    if (!knownTokens.has(e.address)) return;
    const token = e.address;
    switch (e.name) {
      case "Paused":
      case "Unpaused":
        await tx.asset.update({ where: asset(token), data: { paused: e.name === "Paused" } });
        return;
      case "UpdatedTokenInformation":
        await tx.asset.update({
          where: asset(token),
          data: { name: args.name as string, symbol: args.symbol as string, decimals: Number(args.decimals) },
        });
        return;
      case "ComplianceAdded": {
        const compliance = args.compliance as string;
        const current = await tx.asset.findUniqueOrThrow({ where: asset(token), select: { compliance: true } });
        if (current.compliance !== compliance) {
          await tx.asset.update({ where: asset(token), data: { compliance } });
          complianceToToken.set(compliance, token);
          result.complianceChanges.set(token, compliance);
        }
        return;
      }
      case "AddressFrozen":
        await upsertHolding(tx, chainId, token, args.userAddress as string, block, { frozen: Boolean(args.isFrozen) });
        return;
      case "TokensFrozen":
      case "TokensUnfrozen": {
        const amount = args.amount as bigint;
        await upsertHolding(tx, chainId, token, args.userAddress as string, block, {
          frozenDelta: e.name === "TokensFrozen" ? amount : -amount,
        });
        return;
      }
      default:
        return;
    }
  }

  if (e.source === "countryAllow" || e.source === "maxHolders" || e.source === "maxBalance") {
    const token = complianceToToken.get(args.compliance as string);
    if (!token) return;
    switch (e.name) {
      case "CountryAllowed":
        await tx.$executeRawUnsafe(
          `UPDATE "Asset" SET "allowedCountries" = array_append("allowedCountries", $3::int)
           WHERE "chainId" = $1 AND "address" = $2 AND NOT ($3::int = ANY("allowedCountries"))`,
          chainId,
          token,
          Number(args.country),
        );
        return;
      case "CountryUnallowed":
        await tx.$executeRawUnsafe(
          `UPDATE "Asset" SET "allowedCountries" = array_remove("allowedCountries", $3::int) WHERE "chainId" = $1 AND "address" = $2`,
          chainId,
          token,
          Number(args.country),
        );
        return;
      case "HolderLimitSet":
        await tx.asset.update({ where: asset(token), data: { maxHolders: (args.limit as bigint).toString() } });
        return;
      case "MaxBalanceSet":
        await tx.asset.update({ where: asset(token), data: { maxBalance: (args.maxBalance as bigint).toString() } });
        return;
      default:
        return;
    }
  }

  if (e.source === "compliance" && e.name === "ModuleRemoved") {
    const token = complianceToToken.get(e.address);
    if (!token) return;
    const module = args.module as string;
    if (module === batch.modules.countryAllow) await tx.asset.update({ where: asset(token), data: { allowedCountries: [] } });
    if (module === batch.modules.maxHolders) await tx.asset.update({ where: asset(token), data: { maxHolders: 0 } });
    if (module === batch.modules.maxBalance) await tx.asset.update({ where: asset(token), data: { maxBalance: 0 } });
    return;
  }

  if (e.source === "identityRegistry" && e.address === batch.identityRegistry) {
    const registry = e.address;
    switch (e.name) {
      case "IdentityRegistered": {
        const wallet = args.investorAddress as string;
        const identity = args.identity as string;
        await tx.investor.upsert({
          where: { chainId_identityRegistry_wallet: { chainId, identityRegistry: registry, wallet } },
          create: { chainId, identityRegistry: registry, wallet, identity, country: 0, registeredBlock: block, updatedBlock: block },
          update: { identity, registered: true, kycExpiresAt: null, registeredBlock: block, updatedBlock: block },
        });
        return;
      }
      case "CountryUpdated":
        await tx.investor.updateMany({
          where: { chainId, identityRegistry: registry, wallet: args.investorAddress as string },
          data: { country: Number(args.country), updatedBlock: block },
        });
        return;
      case "KycUpdated": {
        const expiresAt = BigInt(args.expiresAt as bigint);
        await tx.investor.updateMany({
          where: { chainId, identityRegistry: registry, wallet: args.investorAddress as string },
          data: { kycExpiresAt: expiresAt === 0n ? null : expiresAt, updatedBlock: block },
        });
        return;
      }
      case "IdentityUpdated":
        await tx.investor.updateMany({
          where: { chainId, identityRegistry: registry, identity: args.oldIdentity as string, registered: true },
          data: { identity: args.newIdentity as string, updatedBlock: block },
        });
        return;
      case "IdentityRemoved":
        await tx.investor.updateMany({
          where: { chainId, identityRegistry: registry, wallet: args.investorAddress as string },
          data: { registered: false, updatedBlock: block },
        });
        return;
      default:
        return;
    }
  }
}

async function upsertHolding(
  tx: Tx,
  chainId: number,
  token: string,
  wallet: string,
  block: bigint,
  change: { frozen?: boolean; frozenDelta?: bigint },
): Promise<void> {
  const delta = (change.frozenDelta ?? 0n).toString();
  await tx.holding.upsert({
    where: { chainId_token_wallet: { chainId, token, wallet } },
    create: { chainId, token, wallet, balance: 0, frozen: change.frozen ?? false, frozenAmount: delta, updatedBlock: block },
    update: {
      ...(change.frozen === undefined ? {} : { frozen: change.frozen }),
      ...(change.frozenDelta === undefined ? {} : { frozenAmount: { increment: delta } }),
      updatedBlock: block,
    },
  });
}
