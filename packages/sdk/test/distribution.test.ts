// Record-date distributions, off-chain side (@tessera/sdk/distribution): entitlements with known answers, the Merkle
// tree against @openzeppelin/merkle-tree's StandardMerkleTree (the Distributor's leaf format), and the CSV reports.
import { StandardMerkleTree } from "@openzeppelin/merkle-tree";
import { bytesToHex, keccak256 } from "viem";
import { describe, expect, it } from "vitest";
import {
  allocateEntitlements,
  buildDistribution,
  ENTITLEMENT_CSV_HEADER,
  ENTITLEMENT_LEAF_ENCODING,
  EntitlementTreeBuilder,
  entitlementCsv,
  entitlementLeafHash,
  paymentCsv,
  sortByHash,
  standardEntitlementTree,
  verifyEntitlementProof,
  type Entitlement,
  type WalletHolding,
} from "../src/distribution";
import { keccak256Into } from "../src/keccak-small";

const UNIT = 10n ** 18n;
const addr = (n: number) => `0x${n.toString(16).padStart(40, "0")}`;
// Identities and wallets with a known order (identities sort before wallets: 0x…0a < 0x…b0).
const ID_A = addr(0x0a);
const ID_B = addr(0x0b);
const ID_C = addr(0x0c);
const W = (n: number) => addr(0xb0 + n);
const TREASURY = addr(0xee);

async function collect(gen: AsyncIterable<string>): Promise<string> {
  let s = "";
  for await (const c of gen) s += c;
  return s;
}

describe("allocateEntitlements (known answers)", () => {
  it("pro rata with a remainder: floors 1, 2, 5 of 10, the 2 base units left go to the largest remainders (6/7, 5/7)", () => {
    const holdings: WalletHolding[] = [
      { wallet: W(1), identity: ID_A, balance: 1n * UNIT },
      { wallet: W(2), identity: ID_B, balance: 2n * UNIT },
      { wallet: W(3), identity: ID_C, balance: 4n * UNIT },
    ];
    const e = allocateEntitlements(holdings, { totalAmount: 10n }, 18);
    expect(e.map((x) => [x.index, x.identity, x.gross])).toEqual([
      [0, ID_A, 1n],
      [1, ID_B, 3n],
      [2, ID_C, 6n],
    ]);
    expect(e.reduce((s, x) => s + x.gross, 0n)).toBe(10n);
  });

  it("pro rata with equal remainders: the leftover goes to the smaller identity; never more than the total", () => {
    const holdings = [ID_C, ID_A, ID_B].map((identity, i) => ({ wallet: W(i), identity, balance: 5n }));
    const e = allocateEntitlements(holdings, { totalAmount: 100n }, 0);
    expect(e.map((x) => [x.identity, x.gross])).toEqual([
      [ID_A, 34n],
      [ID_B, 33n],
      [ID_C, 33n],
    ]);
    // A total smaller than the number of holders: the remainder ranking pays 1 to the first, 0-gross holders are left out.
    const dust = allocateEntitlements(holdings, { totalAmount: 1n }, 0);
    expect(dust.map((x) => [x.index, x.identity, x.gross])).toEqual([[0, ID_A, 1n]]);
  });

  it("rate per unit: payment base units per whole token, rounded down; dust holders left out", () => {
    const e = allocateEntitlements(
      [
        { wallet: W(1), identity: ID_A, balance: (35n * UNIT) / 10n }, // 3.5 tokens
        { wallet: W(2), identity: ID_B, balance: 1n }, // 1e-18 token: 0 gross
        { wallet: W(3), identity: ID_C, balance: UNIT / 3n }, // 0.333… token
      ],
      { ratePerUnit: 2_500_000n }, // 2.5 TUSD (6 decimals) per token
      18,
    );
    expect(e.map((x) => [x.index, x.identity, x.gross])).toEqual([
      [0, ID_A, 8_750_000n],
      [1, ID_C, 833_333n],
    ]);
  });

  it("withholds by the holder's country (bps, rounded down), 0 for a country not listed", () => {
    const e = allocateEntitlements(
      [
        { wallet: W(1), identity: ID_A, country: 250, balance: 7n * UNIT },
        { wallet: W(2), identity: ID_B, country: 840, balance: 7n * UNIT },
        { wallet: W(3), identity: ID_C, country: 276, balance: 1n * UNIT },
      ],
      { ratePerUnit: 1_000_001n, withholdingBps: { 250: 3000, 276: 1500 } },
      18,
    );
    expect(e.map((x) => [x.country, x.gross, x.withholding, x.net])).toEqual([
      [250, 7_000_007n, 2_100_002n, 4_900_005n], // 30 % of 7,000,007 = 2,100,002.1
      [840, 7_000_007n, 0n, 7_000_007n],
      [276, 1_000_001n, 150_000n, 850_001n], // 15 % of 1,000,001 = 150,000.15
    ]);
  });

  it("sums an identity's wallets (paid to the largest), and excludes the treasury wallet and excluded identities", () => {
    const holdings: WalletHolding[] = [
      { wallet: W(1), identity: ID_A, balance: 3n * UNIT },
      { wallet: W(2), identity: ID_A, balance: 5n * UNIT },
      { wallet: TREASURY, balance: 1000n * UNIT }, // no registry record: its own key
      { wallet: W(3), identity: ID_B, balance: 2n * UNIT },
      { wallet: W(4), identity: ID_C, balance: 2n * UNIT },
      { wallet: W(5), identity: ID_C, balance: 2n * UNIT },
    ];
    const e = allocateEntitlements(holdings, { totalAmount: 1_000n, excluded: [TREASURY.toUpperCase().replace("0X", "0x"), ID_C] }, 18);
    expect(e.map((x) => [x.identity, x.wallet, x.units, x.gross])).toEqual([
      [ID_A, W(2), 8n * UNIT, 800n],
      [ID_B, W(3), 2n * UNIT, 200n],
    ]);
    // Excluding one wallet of an identity keeps the identity's other wallets.
    const oneWallet = allocateEntitlements(holdings, { totalAmount: 1_000n, excluded: [TREASURY, W(2)] }, 18);
    expect(oneWallet.find((x) => x.identity === ID_A)).toMatchObject({ wallet: W(1), units: 3n * UNIT });
  });

  it("frozen tokens count unless includeFrozen is false (a frozen wallet entirely, frozen tokens up to the balance)", () => {
    const holdings: WalletHolding[] = [
      { wallet: W(1), identity: ID_A, balance: 5n * UNIT, frozenAmount: 1n * UNIT },
      { wallet: W(2), identity: ID_B, balance: 4n * UNIT, frozen: true },
      { wallet: W(3), identity: ID_C, balance: 2n * UNIT, frozenAmount: 9n * UNIT }, // ERC-7943: may exceed the balance
    ];
    const all = allocateEntitlements(holdings, { ratePerUnit: 1n }, 18);
    expect(all.map((x) => x.units)).toEqual([5n * UNIT, 4n * UNIT, 2n * UNIT]);
    const unfrozen = allocateEntitlements(holdings, { ratePerUnit: 1n, includeFrozen: false }, 18);
    expect(unfrozen.map((x) => [x.identity, x.units])).toEqual([[ID_A, 4n * UNIT]]);
  });

  it("refuses invalid terms with a clear message", () => {
    const h = [{ wallet: W(1), balance: 1n }];
    expect(() => allocateEntitlements(h, {}, 0)).toThrow(/exactly one of totalAmount/);
    expect(() => allocateEntitlements(h, { totalAmount: 1n, ratePerUnit: 1n }, 0)).toThrow(/exactly one of totalAmount/);
    expect(() => allocateEntitlements(h, { totalAmount: 0n }, 0)).toThrow(/totalAmount/);
    expect(() => allocateEntitlements(h, { totalAmount: 1n, withholdingBps: { 250: 10_001 } }, 0)).toThrow(/withholdingBps/);
    expect(() => allocateEntitlements(h, { totalAmount: 1n, excluded: ["0x1234"] }, 0)).toThrow(/not a valid address/);
    expect(() => allocateEntitlements([], { totalAmount: 1n }, 0)).toThrow(/no units are held/);
  });
});

/** Pseudo-random entitlements (deterministic). */
function fixture(n: number): Entitlement[] {
  const out: Entitlement[] = [];
  let x = 0x9e3779b9;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x ^ (x >>> 15), 0x2c1b3c6d) + i) >>> 0;
    const gross = BigInt(x) * 1_000_003n;
    const withholding = (gross * 1500n) / 10_000n;
    out.push({ index: i, identity: addr(0x1000 + x), wallet: addr(0x2000 + i), country: 250, units: BigInt(x), gross, withholding, net: gross - withholding });
  }
  return out;
}

describe("entitlement tree", () => {
  for (const n of [1, 2, 3, 7, 64, 257]) {
    it(`root equals StandardMerkleTree.of over (index, identity, net) and every proof verifies (${n} leaves)`, async () => {
      const rows = fixture(n);
      const { root, tree, totals } = await buildDistribution(rows);
      const values = rows.map((e) => [BigInt(e.index), e.identity, e.net]);
      const reference = StandardMerkleTree.of(values, [...ENTITLEMENT_LEAF_ENCODING]);
      expect(root).toBe(reference.root);
      expect(tree.length).toBe(n);
      expect(totals).toEqual({
        holders: n,
        units: rows.reduce((s, e) => s + e.units, 0n),
        gross: rows.reduce((s, e) => s + e.gross, 0n),
        withholding: rows.reduce((s, e) => s + e.withholding, 0n),
        net: rows.reduce((s, e) => s + e.net, 0n),
      });
      for (const e of rows) {
        const proof = tree.proof(e.index);
        expect(proof).toEqual(reference.getProof(e.index));
        expect(tree.leafHash(e.index)).toBe(reference.leafHash(values[e.index]!));
        expect(StandardMerkleTree.verify(root, [...ENTITLEMENT_LEAF_ENCODING], values[e.index]!, proof)).toBe(true);
        expect(verifyEntitlementProof(root, { index: e.index, identity: e.identity, amount: e.net }, proof)).toBe(true);
      }
    });
  }

  it("a proof does not verify for another investor, another amount or another index", async () => {
    const rows = fixture(10);
    const { root, tree } = await buildDistribution(rows);
    const e = rows[3]!;
    const proof = tree.proof(3);
    expect(verifyEntitlementProof(root, { index: 3, identity: e.identity, amount: e.net }, proof)).toBe(true);
    expect(verifyEntitlementProof(root, { index: 3, identity: rows[4]!.identity, amount: e.net }, proof)).toBe(false);
    expect(verifyEntitlementProof(root, { index: 3, identity: e.identity, amount: e.net + 1n }, proof)).toBe(false);
    expect(verifyEntitlementProof(root, { index: 4, identity: e.identity, amount: e.net }, proof)).toBe(false);
  });

  it("keccak256Into equals viem's keccak256 on every length it accepts (0..135 bytes), in place too, and refuses 136", () => {
    const out = new Uint8Array(32);
    for (let len = 0; len < 136; len++) {
      const input = Uint8Array.from({ length: len }, (_, i) => (i * 151 + len * 7 + 3) & 0xff);
      keccak256Into(input, 0, len, out, 0);
      expect(bytesToHex(out), `length ${len}`).toBe(keccak256(input));
    }
    const buf = Uint8Array.from({ length: 96 }, (_, i) => i);
    const expected = keccak256(buf.subarray(32, 96));
    keccak256Into(buf, 32, 64, buf, 0); // output over the input's neighbour, as the tree does
    expect(bytesToHex(buf.subarray(0, 32))).toBe(expected);
    expect(() => keccak256Into(new Uint8Array(136), 0, 136, out, 0)).toThrow(RangeError);
  });

  it("standardEntitlementTree is the library's tree (the reference for cross-checks)", async () => {
    const rows = fixture(5);
    expect(standardEntitlementTree(rows).root).toBe((await buildDistribution(rows)).root);
  });

  it("leaf hash is keccak256(bytes.concat(keccak256(abi.encode(index, identity, amount)))), as the library's", () => {
    const reference = StandardMerkleTree.of([[5n, ID_A, 123n]], [...ENTITLEMENT_LEAF_ENCODING]);
    expect(entitlementLeafHash(5, ID_A, 123n)).toBe(reference.root);
  });

  it("refuses leaves out of index order, an empty tree, and an unknown proof index", async () => {
    const b = new EntitlementTreeBuilder();
    expect(() => b.add({ index: 1, identity: ID_A, amount: 1n })).toThrow(/out of order/);
    expect(() => b.build()).toThrow(/at least one leaf/);
    await expect(buildDistribution([])).rejects.toThrow(/no entitlement/);
    const bad = { ...fixture(1)[0]!, net: 1n };
    await expect(buildDistribution([bad])).rejects.toThrow(/is not gross/);
    const { tree } = await buildDistribution(fixture(2));
    expect(() => tree.proof(2)).toThrow(/no leaf 2/);
  });

  it("orders leaves whose hashes share their leading 8 bytes by the whole hash (the native sort's fallback)", () => {
    const hashes = new Uint8Array(4 * 32);
    const set = (i: number, last: number) => {
      hashes.fill(0xab, i * 32, i * 32 + 8); // same leading 64 bits
      hashes[i * 32 + 31] = last;
    };
    set(0, 9);
    set(1, 3);
    set(2, 7);
    hashes.fill(0x01, 3 * 32, 4 * 32); // the smallest
    expect([...sortByHash(hashes, 4)]).toEqual([3, 1, 2, 0]);
  });
});

describe("reports", () => {
  const rows: Entitlement[] = [
    { index: 0, identity: ID_A, wallet: W(1), country: 250, units: 3n * UNIT + UNIT / 2n, gross: 8_750_000n, withholding: 2_625_000n, net: 6_125_000n },
    { index: 1, identity: ID_B, wallet: W(2), country: 0, units: 1n, gross: 1n, withholding: 0n, net: 1n },
  ];
  const d = { tokenDecimals: 18, paymentDecimals: 6 };

  it("entitlement report: one row per investor, base units and whole units", async () => {
    const csv = await collect(entitlementCsv(rows, d));
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe(ENTITLEMENT_CSV_HEADER.join(","));
    expect(lines[1]).toBe(`0,${ID_A},${W(1)},250,3500000000000000000,3.5,8750000,8.75,2625000,2.625,6125000,6.125`);
    expect(lines[2]).toBe(`1,${ID_B},${W(2)},0,1,0.000000000000000001,1,0.000001,0,0,1,0.000001`);
    expect(lines.length).toBe(4); // header, 2 rows, trailing CRLF
  });

  it("payment report: claimed amount, wallet paid and transaction per leaf; unclaimed rows show 0", async () => {
    const tx = `0x${"ab".repeat(32)}`;
    const claims = new Map([[0, { index: 0, amount: 6_125_000n, wallet: W(9), txHash: tx }]]);
    const lines = (await collect(paymentCsv(rows, claims, d))).split("\r\n");
    expect(lines[0]).toBe("index,identity,wallet,country,gross_base_units,gross,withholding_base_units,withholding,net_base_units,net,claimed_base_units,claimed,paid_to,transaction");
    expect(lines[1]).toBe(`0,${ID_A},${W(1)},250,8750000,8.75,2625000,2.625,6125000,6.125,6125000,6.125,${W(9)},${tx}`);
    expect(lines[2]).toBe(`1,${ID_B},${W(2)},0,1,0.000001,0,0,1,0.000001,0,0,,`);
    const over = new Map([[1, { index: 1, amount: 2n, txHash: tx }]]);
    await expect(collect(paymentCsv(rows, over, d))).rejects.toThrow(/exceeds the net entitlement/);
    await expect(collect(paymentCsv(rows, new Map([[1, { index: 1, amount: 1n, txHash: "0x12" }]]), d))).rejects.toThrow(/transaction hash/);
  });
});
