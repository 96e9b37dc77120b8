/**
 * Anvil's first six dev accounts and account 9 (a newcomer who applies for onboarding) (mnemonic "test test test test test test test test test test test junk"),
 * with the role each one plays in the local demo.
 */
export const DEV_ACCOUNTS: ReadonlyArray<{ index: number; label: string; address: `0x${string}` }> = [
  { index: 0, label: "Issuer (account 0)", address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" },
  { index: 1, label: "Compliance officer (account 1)", address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" },
  { index: 2, label: "Investor A (account 2)", address: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" },
  { index: 3, label: "Investor B (account 3)", address: "0x90F79bf6EB2c4f870365E785982E1f101E93b906" },
  { index: 4, label: "Investor C (account 4)", address: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65" },
  { index: 5, label: "Unregistered (account 5)", address: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc" },
  { index: 9, label: "Applicant (account 9)", address: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720" },
];

/** Connector id of a dev account's mock connector. */
export function devConnectorId(index: number): string {
  return `dev-account-${index}`;
}

/** The dev account label for an address, if it is one. */
export function devAccountLabel(address: string | undefined | null): string | undefined {
  if (!address) return undefined;
  const a = address.toLowerCase();
  return DEV_ACCOUNTS.find((d) => d.address.toLowerCase() === a)?.label;
}
