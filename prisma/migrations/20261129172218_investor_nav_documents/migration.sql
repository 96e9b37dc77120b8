-- CreateTable
CREATE TABLE "AssetNav" (
    "id" BIGSERIAL NOT NULL,
    "chainId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "navPerUnit" DECIMAL(38,18) NOT NULL,
    "currency" TEXT NOT NULL,
    "valuationDate" DATE NOT NULL,
    "setBy" TEXT NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AssetNav_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ApplicationDocument" (
    "id" BIGSERIAL NOT NULL,
    "chainId" INTEGER NOT NULL,
    "applicationId" BIGINT NOT NULL,
    "wallet" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ApplicationDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AssetNav_chainId_token_valuationDate_id_idx" ON "AssetNav"("chainId", "token", "valuationDate" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "ApplicationDocument_chainId_applicationId_idx" ON "ApplicationDocument"("chainId", "applicationId");
