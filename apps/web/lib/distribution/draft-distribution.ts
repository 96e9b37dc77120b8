import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { crosschainSupply, EntitlementError, entitlementsAt, type EntitlementRow, type RecordDate } from "@tessera/db";
import { buildDistribution } from "@tessera/sdk/distribution";
import type { Address } from "viem";
import { ApiError, ErrorCode } from "../api/errors";
import type { Session } from "../auth/session";
import { getServerConfig } from "../config/server-config";
import { getPrisma } from "../db/prisma";
import { platformMoneyContracts } from "./chain";
import { chainNow, erc20Info } from "../chain/contract-reads";
import { entitlementPage } from "./get-distribution";
import { getDistributionPool } from "./pool";
import { draftOf, postingsOf, toDistributionDto, type DistributionKey } from "./records";
import type { DraftBody } from "./schemas";
import { rememberTree } from "./tree-cache";
import type { DraftResponse } from "./types";

/** Leaves per INSERT … SELECT FROM unnest(…) statement (one round trip each: a million leaves in 200). */
export const INSERT_BATCH = 5_000;
/** Entitlements of the draft returned with it (the first page of the preview). */
const FIRST_PAGE = 50;

/** The HTTP answer of each reason `entitlementsAt` gives (the caller's input, or the index's state). */
function toApiError(err: EntitlementError): ApiError {
  switch (err.code) {
    case "UNKNOWN_ASSET":
      return new ApiError(ErrorCode.NOT_FOUND, err.message);
    case "NOT_INDEXED":
    case "INDEXER_HALTED":
      return new ApiError(ErrorCode.INDEX_BEHIND, err.message);
    default:
      // INVALID_INPUT, RECORD_DATE_IN_FUTURE, NO_HOLDERS: the request's own terms.
      return new ApiError(ErrorCode.BAD_REQUEST, err.message.replace(/^invalid input: /, ""));
  }
}

/** End of a UTC day YYYY-MM-DD: holdings at the record date are those after the day's last block. */
const endOfDay = (day: string) => new Date(`${day}T23:59:59.999Z`);

/** One leaf as a line of the spill file (tab-separated; addresses and digits only). */
const line = (e: EntitlementRow) => `${e.index}\t${e.identity}\t${e.wallet}\t${e.country}\t${e.units}\t${e.gross}\t${e.withholding}\t${e.net}\n`;

/**
 * Drafts a distribution of `token` for the corporate-actions desk: the entitlements at the record date from the index
 * (`entitlementsAt` of @tessera/db, streamed), their tree and totals (`buildDistribution` of @tessera/sdk/distribution),
 * then the draft and its leaves stored, idempotently by root and record block: the same entitlements drafted again at
 * the same record block keep their stored leaves and take the new terms (kind, deadline…); at another record block
 * (equal entitlements, e.g. a bond's equal coupons) they are another distribution, with their own leaves. Returns the
 * root and total for the browser to fund and post.
 *
 * `offHomeChain` says how many of the asset's tokens are on other chains or in transit now: their holders are not
 * in the entitlements, which count the home chain's holdings only.
 *
 * Memory stays flat for a million leaves: the stream's rows go to the tree (typed arrays) and to a spill file, and
 * only after the stream's read-only transaction ends (PGlite serializes transactions: no write may wait inside it)
 * are they inserted from the file, {@link INSERT_BATCH} per statement. `storedLeaves` counts them: a draft is
 * complete (proofs, reports) when it equals `holders`; an interrupted write is redone by the next draft.
 *
 * @throws ApiError BAD_REQUEST (a record date in the future, nobody entitled, a deadline not in the future, an unknown
 *   country code…), NOT_FOUND (asset not indexed), CONFLICT (no payment token; the same root at the same record
 *   block already posted: a true duplicate), INDEX_BEHIND, CHAIN_UNAVAILABLE; database errors
 */
export async function draftDistribution(session: Session, token: Address, body: DraftBody): Promise<DraftResponse> {
  const { chainId } = getServerConfig();
  const lower = token.toLowerCase();
  const [now, platform] = await Promise.all([chainNow(), platformMoneyContracts()]);
  if (body.claimDeadline <= now) {
    throw new ApiError(ErrorCode.BAD_REQUEST, `The claim deadline must be in the future (the chain's time is ${new Date(now * 1000).toISOString()}).`);
  }
  const paymentTokenAddress = body.paymentToken ?? platform.paymentToken;
  if (!paymentTokenAddress) throw new ApiError(ErrorCode.CONFLICT, "No payment token: name one (the deployments file has none).");
  const paymentToken = await erc20Info(paymentTokenAddress);

  const dir = await mkdtemp(path.join(tmpdir(), "tessera-distribution-"));
  const spill = path.join(dir, "leaves.tsv");
  try {
    const out = createWriteStream(spill);
    const failed = new Promise<never>((_, reject) => out.on("error", reject));
    failed.catch(() => {});
    let resolved: RecordDate | undefined;
    // entitlementsAt checks its input when called: inside the generator, its refusal reaches the catch below.
    async function* tapped() {
      resolved = yield* entitlementsAt(getDistributionPool(), {
        chainId,
        token: lower,
        ...(body.recordBlock !== undefined ? { block: body.recordBlock } : { time: endOfDay(body.recordDate!) }),
        ...(body.totalAmount !== undefined ? { totalAmount: body.totalAmount } : { ratePerUnit: body.ratePerUnit! }),
        withholdingBps: body.withholdingBps,
        excluded: body.excluded,
        includeFrozen: body.includeFrozen,
      });
    }
    let built: Awaited<ReturnType<typeof buildDistribution>>;
    try {
      built = await buildDistribution(tapped(), {
        onEntitlement: async (e) => {
          if (!out.write(line(e))) await Promise.race([new Promise<void>((r) => out.once("drain", () => r())), failed]);
        },
      });
    } catch (err) {
      if (err instanceof EntitlementError) throw toApiError(err);
      throw err;
    } finally {
      await new Promise<void>((resolve) => out.end(resolve));
    }
    const { root, tree, totals } = built;
    const recordBlock = resolved!.block;
    const rootKey = root.toLowerCase();
    const key = { root: rootKey, recordBlock };

    // The same root at another record block is another distribution (a bond's equal coupons): drafted on its own. The
    // same root at the same record block, once posted, is that distribution: drafting it again is a true duplicate.
    const [posted] = await postingsOf(lower, key);
    if (posted) {
      throw new ApiError(
        ErrorCode.CONFLICT,
        `This distribution is already posted (distribution ${posted.id}): the same entitlements at the same record date (block ${recordBlock}). Open it in the list, or pick another record date.`,
      );
    }

    const terms = {
      kind: body.kind,
      couponNumber: body.couponNumber ?? null,
      recordBlock,
      recordDay: body.recordDate ?? null,
      paymentToken: paymentToken.address,
      totalAmount: body.totalAmount?.toString() ?? null,
      ratePerUnit: body.ratePerUnit?.toString() ?? null,
      withholdingBps: body.withholdingBps,
      excluded: body.excluded,
      includeFrozen: body.includeFrozen,
      claimDeadline: BigInt(body.claimDeadline),
    };
    const prisma = getPrisma();
    const before = await draftOf(lower, key);
    const existed = before !== null && before.storedLeaves === before.holders;
    await prisma.distribution.upsert({
      where: { chainId_token_root_recordBlock: { chainId, token: lower, root: rootKey, recordBlock } },
      create: {
        chainId,
        token: lower,
        root: rootKey,
        ...terms,
        holders: totals.holders,
        units: totals.units.toString(),
        gross: totals.gross.toString(),
        withholding: totals.withholding.toString(),
        net: totals.net.toString(),
        createdBy: session.address.toLowerCase(),
      },
      update: terms,
    });
    if (!existed) {
      const stored = await storeLeaves(chainId, lower, key, spill);
      if (stored !== totals.holders) throw new Error(`stored ${stored} leaves of ${totals.holders}`);
      await prisma.distribution.update({
        where: { chainId_token_root_recordBlock: { chainId, token: lower, root: rootKey, recordBlock } },
        data: { storedLeaves: stored },
      });
    }
    rememberTree(lower, rootKey, tree);
    const draft = (await draftOf(lower, key))!;
    return {
      distribution: toDistributionDto(lower, draft, null, undefined, paymentToken, now),
      entitlements: await entitlementPage(lower, key, null, 1, FIRST_PAGE),
      existed,
      offHomeChain: await offHomeChain(chainId, lower),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The asset's tokens off the home chain now (supply on the other chains of its group, and in transit), from the
 * cross-chain index; null when there are none. The entitlements count home-chain holdings only, so the draft says how
 * much their holders would miss (ARCHITECTURE.md, "Limits of cross-chain assets").
 */
async function offHomeChain(chainId: number, token: string): Promise<DraftResponse["offHomeChain"]> {
  const supply = await crosschainSupply(getPrisma(), { chainId, token });
  const others = supply.chains.filter((c) => c.chainId !== chainId && c.totalSupply > 0n);
  const amount = others.reduce((a, c) => a + c.totalSupply, 0n) + supply.inTransit;
  if (amount === 0n) return null;
  return {
    amount: amount.toString(),
    chains: others.map((c) => ({ chainId: c.chainId, supply: c.totalSupply.toString() })),
    inTransit: supply.inTransit.toString(),
  };
}

/**
 * Inserts the leaves of the spill file, {@link INSERT_BATCH} per statement (each its own short transaction; a leaf
 * already there is kept: the same root at the same record block has the same leaves).
 * @returns the number of leaves in the file.
 */
async function storeLeaves(chainId: number, token: string, key: DistributionKey, file: string): Promise<number> {
  const pool = getDistributionPool();
  const cols: string[][] = [[], [], [], [], [], [], [], []];
  let count = 0;
  const flush = async () => {
    if (cols[0]!.length === 0) return;
    await pool.query(
      `INSERT INTO "DistributionEntitlement" ("chainId", "token", "root", "recordBlock", "index", "identity", "wallet", "country", "units", "gross", "withholding", "net")
       SELECT $1, $2, $3, $4::bigint, l.* FROM unnest($5::int[], $6::text[], $7::text[], $8::int[], $9::numeric[], $10::numeric[], $11::numeric[], $12::numeric[]) AS l
       ON CONFLICT DO NOTHING`,
      [chainId, token, key.root, key.recordBlock.toString(), ...cols],
    );
    for (const c of cols) c.length = 0;
  };
  const lines = createInterface({ input: createReadStream(file), crlfDelay: Number.POSITIVE_INFINITY });
  for await (const l of lines) {
    if (!l) continue;
    const fields = l.split("\t");
    for (let i = 0; i < 8; i++) cols[i]!.push(fields[i]!);
    count++;
    if (cols[0]!.length >= INSERT_BATCH) await flush();
  }
  await flush();
  return count;
}
