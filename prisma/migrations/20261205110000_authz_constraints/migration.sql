-- One open (pending or approved) onboarding application per wallet and chain, so that two concurrent submissions
-- cannot both pass the web app's check. A partial unique index: schema.prisma cannot express it (see the comment on
-- OnboardingApplication there); the web app answers its violation with 409.
-- CreateIndex
CREATE UNIQUE INDEX "OnboardingApplication_chainId_wallet_open_key" ON "OnboardingApplication"("chainId", "wallet") WHERE "status" IN ('pending', 'approved');
