import type pg from "pg";

/**
 * Writes pre-images of rows about to change into IndexerUndo (see `rollbackTo`), for ranges within the finality depth
 * of the head. Each Asset is journaled once per range, before its first change (a row that does not exist yet is
 * journaled as null: a rollback deletes it).
 */
export class Journal {
  private readonly assetsDone = new Set<string>();

  constructor(
    private readonly client: pg.PoolClient,
    private readonly chainId: number,
    private readonly rangeFrom: bigint,
  ) {}

  private insert(table: string, keys: string, from: string, join: string, params: unknown[]) {
    return this.client.query(
      `INSERT INTO "IndexerUndo" ("chainId", "rangeFrom", "tableName", "key", "row")
       SELECT $1, $2, '${table}', ${keys}, to_jsonb(t) FROM ${from} LEFT JOIN "${table}" AS t ON t."chainId" = $1 AND ${join}`,
      [this.chainId, this.rangeFrom.toString(), ...params],
    );
  }

  /** Journals the assets among `tokens` not journaled yet in this range. */
  async assets(tokens: Iterable<string>): Promise<void> {
    const fresh = [...tokens].filter((t) => !this.assetsDone.has(t));
    if (fresh.length === 0) return;
    for (const t of fresh) this.assetsDone.add(t);
    await this.insert("Asset", "jsonb_build_array(k.a)", "unnest($3::text[]) AS k(a)", `t."token" = k.a`, [fresh]);
  }

  async holdings(pairs: [token: string, wallet: string][]): Promise<void> {
    if (pairs.length === 0) return;
    await this.insert("Holding", "jsonb_build_array(k.tok, k.w)", "unnest($3::text[], $4::text[]) AS k(tok, w)",
      `t."token" = k.tok AND t."wallet" = k.w`, [pairs.map((p) => p[0]), pairs.map((p) => p[1])]);
  }

  /** The holdings staged in `tessera_holding_stage` (a range's aggregated balance deltas). */
  async stagedHoldings(): Promise<void> {
    await this.insert("Holding", "jsonb_build_array(s.token, s.wallet)", "tessera_holding_stage AS s",
      `t."token" = s.token AND t."wallet" = s.wallet`, []);
  }

  async document(token: string, name: string): Promise<void> {
    await this.insert("AssetDocument", "jsonb_build_array($3::text, $4::text)", "(SELECT 1) AS k", `t."token" = $3 AND t."name" = $4`, [token, name]);
  }

  async agent(token: string, agent: string): Promise<void> {
    await this.insert("AssetAgent", "jsonb_build_array($3::text, $4::text)", "(SELECT 1) AS k", `t."token" = $3 AND t."agent" = $4`, [token, agent]);
  }

  async roleMember(manager: string, roleId: bigint, account: string): Promise<void> {
    await this.insert("RoleMember", "jsonb_build_array($3::text, $4::text, $5::text)", "(SELECT 1) AS k",
      `t."accessManager" = $3 AND t."roleId" = $4::numeric AND t."account" = $5`, [manager, roleId.toString(), account]);
  }

  async investors(registry: string, wallets: string[]): Promise<void> {
    if (wallets.length === 0) return;
    await this.insert("Investor", "jsonb_build_array($3::text, k.w)", "unnest($4::text[]) AS k(w)",
      `t."identityRegistry" = $3 AND t."wallet" = k.w`, [registry, wallets]);
  }
}
