-- AlterTable
ALTER TABLE "Asset" ADD COLUMN     "bridge" TEXT;

-- CreateTable
CREATE TABLE "CrosschainLink" (
    "chainId" INTEGER NOT NULL,
    "blockNumber" BIGINT NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "txHash" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "bridge" TEXT NOT NULL,
    "gateway" TEXT NOT NULL,
    "remoteChainId" INTEGER NOT NULL,
    "remoteBridge" TEXT NOT NULL,

    CONSTRAINT "CrosschainLink_pkey" PRIMARY KEY ("chainId","blockNumber","logIndex")
);

-- CreateTable
CREATE TABLE "CrosschainTransfer" (
    "messageId" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "sourceChainId" INTEGER NOT NULL,
    "sourceToken" TEXT,
    "destinationChainId" INTEGER NOT NULL,
    "destinationToken" TEXT,
    "from" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "identity" TEXT,
    "amount" DECIMAL(78,0) NOT NULL,
    "code" INTEGER,
    "returnId" TEXT,
    "sourceBlock" BIGINT,
    "sourceLogIndex" INTEGER,
    "sourceTxHash" TEXT,
    "sourceAt" TIMESTAMP(3),
    "destinationBlock" BIGINT,
    "destinationLogIndex" INTEGER,
    "destinationTxHash" TEXT,
    "destinationAt" TIMESTAMP(3),
    "returnedBlock" BIGINT,
    "returnedTxHash" TEXT,
    "returnedAt" TIMESTAMP(3),

    CONSTRAINT "CrosschainTransfer_pkey" PRIMARY KEY ("messageId")
);

-- CreateTable
CREATE TABLE "CrosschainReturn" (
    "returnId" TEXT NOT NULL,
    "chainId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "to" TEXT NOT NULL,
    "amount" DECIMAL(78,0) NOT NULL,
    "code" INTEGER NOT NULL,
    "blockNumber" BIGINT NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "txHash" TEXT NOT NULL,
    "blockTime" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CrosschainReturn_pkey" PRIMARY KEY ("returnId")
);

-- CreateIndex
CREATE INDEX "CrosschainLink_chainId_bridge_remoteChainId_idx" ON "CrosschainLink"("chainId", "bridge", "remoteChainId");

-- CreateIndex
CREATE INDEX "CrosschainLink_remoteChainId_remoteBridge_idx" ON "CrosschainLink"("remoteChainId", "remoteBridge");

-- CreateIndex
CREATE UNIQUE INDEX "CrosschainTransfer_returnId_key" ON "CrosschainTransfer"("returnId");

-- CreateIndex
CREATE INDEX "CrosschainTransfer_sourceChainId_sourceToken_status_idx" ON "CrosschainTransfer"("sourceChainId", "sourceToken", "status");

-- CreateIndex
CREATE INDEX "CrosschainTransfer_destinationChainId_destinationToken_stat_idx" ON "CrosschainTransfer"("destinationChainId", "destinationToken", "status");

-- CreateIndex
CREATE INDEX "CrosschainTransfer_from_idx" ON "CrosschainTransfer"("from");

-- CreateIndex
CREATE INDEX "CrosschainTransfer_to_idx" ON "CrosschainTransfer"("to");

-- CreateIndex
CREATE INDEX "CrosschainTransfer_identity_idx" ON "CrosschainTransfer"("identity");

-- CreateIndex
CREATE INDEX "CrosschainReturn_chainId_blockNumber_idx" ON "CrosschainReturn"("chainId", "blockNumber");

-- CreateIndex
CREATE INDEX "Asset_chainId_bridge_idx" ON "Asset"("chainId", "bridge");
