// UI texts that carry a glossary definition (ARCHITECTURE.md, "Glossary: one term per concept").

/** Tooltip of every "Holders" figure: holders are investors (identities), counted once over all their wallets. */
export const HOLDERS_HINT =
  "Holders (investors): identities with a positive balance over all their wallets, each counted once, as the max-holders rule counts them";
