-- The money leg (issue 11): the asset's vault, and every money-leg event in chain order.
ALTER TABLE "Asset" ADD COLUMN "vault" TEXT;

CREATE TABLE "MoneyLegEvent" (
    "chainId" INTEGER NOT NULL,
    "blockNumber" BIGINT NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "txHash" TEXT NOT NULL,
    "blockTime" TIMESTAMP(3) NOT NULL,
    "token" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "contract" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "wallets" TEXT[],
    "args" JSONB NOT NULL,

    CONSTRAINT "MoneyLegEvent_pkey" PRIMARY KEY ("chainId","blockNumber","logIndex")
);

CREATE INDEX "MoneyLegEvent_chainId_token_source_blockNumber_idx" ON "MoneyLegEvent"("chainId", "token", "source", "blockNumber");
CREATE INDEX "MoneyLegEvent_wallets_idx" ON "MoneyLegEvent" USING GIN ("wallets");

-- Events that name only an id (a Distributor claim, a DvP cancellation) find their asset through the event that
-- created the id (apps/indexer/src/handlers/money-leg.ts `tokenOfId`). Not expressible in schema.prisma.
CREATE INDEX "MoneyLegEvent_created_id_idx" ON "MoneyLegEvent" ("chainId", "contract", "event", ("args"->>'id'));
