-- CreateIndex
CREATE INDEX "Investor_chainId_identityRegistry_identity_idx" ON "Investor"("chainId", "identityRegistry", "identity");
