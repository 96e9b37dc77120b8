-- Record-date distributions drafted in the issuer portal (issue 11): the terms and root, and the entitlements (leaves)
-- investors' proofs are computed from. Written by the web app only.
CREATE TABLE "Distribution" (
    "chainId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "root" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "couponNumber" INTEGER,
    "recordBlock" BIGINT NOT NULL,
    "recordDay" TEXT,
    "paymentToken" TEXT NOT NULL,
    "totalAmount" DECIMAL(78,0),
    "ratePerUnit" DECIMAL(78,0),
    "withholdingBps" JSONB NOT NULL,
    "excluded" TEXT[],
    "includeFrozen" BOOLEAN NOT NULL,
    "claimDeadline" BIGINT NOT NULL,
    "holders" INTEGER NOT NULL,
    "units" DECIMAL(78,0) NOT NULL,
    "gross" DECIMAL(78,0) NOT NULL,
    "withholding" DECIMAL(78,0) NOT NULL,
    "net" DECIMAL(78,0) NOT NULL,
    "storedLeaves" INTEGER NOT NULL DEFAULT 0,
    "createdBy" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Distribution_pkey" PRIMARY KEY ("chainId","token","root")
);

CREATE TABLE "DistributionEntitlement" (
    "chainId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "root" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "identity" TEXT NOT NULL,
    "wallet" TEXT NOT NULL,
    "country" INTEGER NOT NULL,
    "units" DECIMAL(78,0) NOT NULL,
    "gross" DECIMAL(78,0) NOT NULL,
    "withholding" DECIMAL(78,0) NOT NULL,
    "net" DECIMAL(78,0) NOT NULL,

    CONSTRAINT "DistributionEntitlement_pkey" PRIMARY KEY ("chainId","token","root","index")
);

CREATE INDEX "DistributionEntitlement_chainId_identity_idx" ON "DistributionEntitlement"("chainId", "identity");
