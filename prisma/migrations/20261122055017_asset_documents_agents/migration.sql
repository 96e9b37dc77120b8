-- CreateTable
CREATE TABLE "AssetDocument" (
    "chainId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "uri" TEXT NOT NULL,
    "documentHash" TEXT NOT NULL,
    "removed" BOOLEAN NOT NULL DEFAULT false,
    "updatedBlock" BIGINT NOT NULL,

    CONSTRAINT "AssetDocument_pkey" PRIMARY KEY ("chainId","token","name")
);

-- CreateTable
CREATE TABLE "AssetAgent" (
    "chainId" INTEGER NOT NULL,
    "token" TEXT NOT NULL,
    "agent" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL,
    "updatedBlock" BIGINT NOT NULL,

    CONSTRAINT "AssetAgent_pkey" PRIMARY KEY ("chainId","token","agent")
);
