-- A distribution draft is identified by (root, record block), not by its root alone: equal entitlements at two record
-- dates (a bond's equal coupons with unchanged holders) have one Merkle root and are two distributions. Existing rows
-- are kept: each entitlement takes the record block of its distribution, then both primary keys gain the column.

-- Entitlements carry their distribution's record block (part of their key).
ALTER TABLE "DistributionEntitlement" ADD COLUMN "recordBlock" BIGINT;

UPDATE "DistributionEntitlement" AS e
SET "recordBlock" = d."recordBlock"
FROM "Distribution" AS d
WHERE d."chainId" = e."chainId" AND d."token" = e."token" AND d."root" = e."root";

-- Leaves without a stored distribution belong to nothing (never read: every reader goes through the draft); none are
-- written by the app, but such rows could not take a key.
DELETE FROM "DistributionEntitlement" WHERE "recordBlock" IS NULL;

ALTER TABLE "DistributionEntitlement" ALTER COLUMN "recordBlock" SET NOT NULL;

-- Swap the primary keys.
ALTER TABLE "Distribution" DROP CONSTRAINT "Distribution_pkey",
ADD CONSTRAINT "Distribution_pkey" PRIMARY KEY ("chainId", "token", "root", "recordBlock");

ALTER TABLE "DistributionEntitlement" DROP CONSTRAINT "DistributionEntitlement_pkey",
ADD CONSTRAINT "DistributionEntitlement_pkey" PRIMARY KEY ("chainId", "token", "root", "recordBlock", "index");
