/**
 * Identity across chains: deploys the IdentitySync of a home chain and of another chain and links them through each
 * chain's ERC-7786 gateway (`deployMessaging`, `peerGateways` first). See ARCHITECTURE.md "Identity across chains".
 */
import type { Abi, Address, PublicClient, WalletClient } from "viem";
import { identityRegistryAbi, identitySyncAbi, identitySyncBytecode, type Deployments } from "@tessera/contracts";
import { formatEvmInteropAddress } from "../interop-address";
import { TesseraError } from "../errors";
import { accountOf, deployContract, readContract, simulateAndWrite } from "../send";

/** One chain of {@link linkIdentitySync}: its clients (the wallet owns the registry and the gateway) and deployments. */
export type IdentitySyncChain = {
  walletClient: WalletClient;
  publicClient: PublicClient;
  chainId: number;
  /** The chain's deployments: `identityRegistry`, `messaging` (its gateway), and `identitySync` when deployed. */
  deployments: Pick<Deployments, "identityRegistry" | "messaging" | "identitySync">;
};

/**
 * Deploys an IdentitySync for `identityRegistry` whose home chain is `homeChainId`, owned by the wallet. On a chain
 * other than home it is made an agent of the registry (it writes the records it receives); on the home chain it
 * only reads the registry and gets no role.
 * @returns Its address.
 * @throws TesseraError when the deployment or `addAgent` fails (e.g. the wallet does not own the registry)
 */
export async function deployIdentitySync(opts: {
  walletClient: WalletClient;
  publicClient: PublicClient;
  identityRegistry: Address;
  homeChainId: number;
}): Promise<Address> {
  const { walletClient, publicClient } = opts;
  const owner = accountOf(walletClient).address;
  const { address } = await deployContract(walletClient, publicClient, {
    abi: identitySyncAbi as Abi,
    bytecode: identitySyncBytecode,
    args: [opts.identityRegistry, BigInt(opts.homeChainId), owner],
    label: "IdentitySync",
  });
  if ((await publicClient.getChainId()) !== opts.homeChainId) {
    await simulateAndWrite(
      walletClient,
      publicClient,
      { address: opts.identityRegistry, abi: identityRegistryAbi as Abi, functionName: "addAgent", args: [address] },
      { label: "IdentityRegistry.addAgent(IdentitySync)" },
    );
  }
  return address;
}

/**
 * Links the home chain's IdentitySync and another chain's (deploying each where `deployments.identitySync` is
 * absent; the other chain's becomes an agent of its registry), through each chain's gateway: records synced on the
 * home chain are then applied on the other. The gateways must be peers already (`peerGateways`). Call it once per
 * other chain, with the same home.
 * @returns The two IdentitySync addresses (record them as each chain's `deployments.identitySync`).
 * @throws TesseraError NoMessaging when a chain's deployments have no `messaging`; a deployment's or call's error
 */
export async function linkIdentitySync(home: IdentitySyncChain, other: IdentitySyncChain): Promise<{ home: Address; other: Address }> {
  for (const c of [home, other]) {
    if (!c.deployments.messaging) {
      throw new TesseraError({ message: `chain ${c.chainId} has no messaging contracts: run deployMessaging first`, errorName: "NoMessaging" });
    }
  }
  const ensure = async (c: IdentitySyncChain): Promise<Address> =>
    c.deployments.identitySync ??
    (await deployIdentitySync({
      walletClient: c.walletClient,
      publicClient: c.publicClient,
      identityRegistry: c.deployments.identityRegistry,
      homeChainId: home.chainId,
    }));
  const addresses = { home: await ensure(home), other: await ensure(other) };
  for (const [self, selfAddress, peer, peerAddress] of [
    [home, addresses.home, other, addresses.other],
    [other, addresses.other, home, addresses.home],
  ] as const) {
    const homeOf = await readContract<bigint>(self.publicClient, {
      address: selfAddress,
      abi: identitySyncAbi as Abi,
      functionName: "homeChainId",
      args: [],
    });
    if (Number(homeOf) !== home.chainId) {
      throw new TesseraError({
        message: `the IdentitySync of chain ${self.chainId} has home chain ${homeOf}, not ${home.chainId}`,
        errorName: "InvalidDeployments",
      });
    }
    await simulateAndWrite(
      self.walletClient,
      self.publicClient,
      {
        address: selfAddress,
        abi: identitySyncAbi as Abi,
        functionName: "setLink",
        args: [self.deployments.messaging!.gateway, formatEvmInteropAddress(peer.chainId, peerAddress)],
      },
      { label: "IdentitySync.setLink" },
    );
  }
  return addresses;
}
