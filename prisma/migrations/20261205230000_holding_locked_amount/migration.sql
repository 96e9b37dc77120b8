-- Token locks (ITokenLock): the part of a holding's balance a locker (the asset's vault, the DvP) has reserved.
ALTER TABLE "Holding" ADD COLUMN "lockedAmount" DECIMAL(78,0) NOT NULL DEFAULT 0;
