-- AlterTable
ALTER TABLE "Asset" ADD COLUMN     "accessManager" TEXT;

-- CreateTable
CREATE TABLE "RoleMember" (
    "chainId" INTEGER NOT NULL,
    "accessManager" TEXT NOT NULL,
    "roleId" DECIMAL(20,0) NOT NULL,
    "account" TEXT NOT NULL,
    "token" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL,
    "since" BIGINT NOT NULL,
    "executionDelay" BIGINT NOT NULL,
    "grantedBlock" BIGINT NOT NULL,
    "updatedBlock" BIGINT NOT NULL,

    CONSTRAINT "RoleMember_pkey" PRIMARY KEY ("chainId","accessManager","roleId","account")
);

-- CreateTable
CREATE TABLE "RoleChange" (
    "chainId" INTEGER NOT NULL,
    "blockNumber" BIGINT NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "txHash" TEXT NOT NULL,
    "blockTime" TIMESTAMP(3) NOT NULL,
    "token" TEXT NOT NULL,
    "accessManager" TEXT NOT NULL,
    "event" TEXT NOT NULL,
    "roleId" DECIMAL(20,0),
    "account" TEXT,
    "args" JSONB NOT NULL,

    CONSTRAINT "RoleChange_pkey" PRIMARY KEY ("chainId","blockNumber","logIndex")
);

-- CreateTable
CREATE TABLE "ComplianceEvent" (
    "chainId" INTEGER NOT NULL,
    "blockNumber" BIGINT NOT NULL,
    "logIndex" INTEGER NOT NULL,
    "txHash" TEXT NOT NULL,
    "blockTime" TIMESTAMP(3) NOT NULL,
    "token" TEXT NOT NULL,
    "compliance" TEXT NOT NULL,
    "module" TEXT,
    "event" TEXT NOT NULL,
    "args" JSONB NOT NULL,

    CONSTRAINT "ComplianceEvent_pkey" PRIMARY KEY ("chainId","blockNumber","logIndex")
);

-- CreateIndex
CREATE INDEX "RoleMember_chainId_token_account_idx" ON "RoleMember"("chainId", "token", "account");

-- CreateIndex
CREATE INDEX "RoleChange_chainId_token_blockNumber_idx" ON "RoleChange"("chainId", "token", "blockNumber");

-- CreateIndex
CREATE INDEX "ComplianceEvent_chainId_token_blockNumber_idx" ON "ComplianceEvent"("chainId", "token", "blockNumber");
