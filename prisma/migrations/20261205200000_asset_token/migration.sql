-- An asset is keyed by its token address everywhere (ARCHITECTURE.md, Glossary): the column follows the term.
-- A rename keeps the data, the primary key "Asset_pkey" and the foreign keys "Holding_chainId_token_fkey" and
-- "Transfer_chainId_token_fkey" (Prisma names them after the table and the referencing fields, which do not change;
-- PostgreSQL updates the referenced column in place). Prisma's own diff would drop and re-add the column instead.
-- RenameColumn
ALTER TABLE "Asset" RENAME COLUMN "address" TO "token";

-- The reorg journal keeps pre-images of Asset rows as JSON (to_jsonb of the row; restored with jsonb_populate_record):
-- rename their key too, so a reorg rolled back after this migration restores the token column.
UPDATE "IndexerUndo" SET "row" = ("row" - 'address') || jsonb_build_object('token', "row"->'address')
WHERE "tableName" = 'Asset' AND "row" IS NOT NULL AND "row" ? 'address';
