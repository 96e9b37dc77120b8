-- CreateEnum
CREATE TYPE "ApplicationStatus" AS ENUM ('pending', 'approved', 'rejected');

-- CreateTable
CREATE TABLE "OnboardingApplication" (
    "id" BIGSERIAL NOT NULL,
    "chainId" INTEGER NOT NULL,
    "wallet" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "country" INTEGER NOT NULL,
    "investorType" TEXT NOT NULL,
    "accredited" BOOLEAN NOT NULL,
    "email" TEXT,
    "status" "ApplicationStatus" NOT NULL DEFAULT 'pending',
    "reason" TEXT,
    "reviewedBy" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "txHash" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OnboardingApplication_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" BIGSERIAL NOT NULL,
    "chainId" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "actorRole" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "token" TEXT,
    "subject" TEXT,
    "amount" DECIMAL(78,0),
    "txHash" TEXT,
    "blockNumber" BIGINT,
    "reason" TEXT NOT NULL,
    "details" JSONB,

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OnboardingApplication_chainId_status_createdAt_idx" ON "OnboardingApplication"("chainId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "OnboardingApplication_chainId_wallet_idx" ON "OnboardingApplication"("chainId", "wallet");

-- CreateIndex
CREATE INDEX "AuditEntry_chainId_createdAt_idx" ON "AuditEntry"("chainId", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_chainId_token_createdAt_idx" ON "AuditEntry"("chainId", "token", "createdAt");

-- CreateIndex
CREATE INDEX "AuditEntry_chainId_actor_idx" ON "AuditEntry"("chainId", "actor");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEntry_chainId_txHash_action_key" ON "AuditEntry"("chainId", "txHash", "action");
