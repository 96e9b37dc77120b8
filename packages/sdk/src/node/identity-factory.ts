/**
 * Tessera's IdentityFactory deployed at the same address on every chain through the deterministic CREATE2 deployer
 * (the "deterministic deployment proxy" that anvil, Hardhat and most public chains have at
 * 0x4e59b44847b379578588920ca78fbf26c0b4956c), so that ONCHAINID's IdFactory behind it, and every investor identity
 * it creates for a wallet and salt, have one address on all chains. See ARCHITECTURE.md "Identity across chains".
 */
import {
  concat,
  encodeAbiParameters,
  encodePacked,
  getContractAddress,
  keccak256,
  stringToHex,
  type Abi,
  type Address,
  type Hex,
  type PublicClient,
  type WalletClient,
} from "viem";
import {
  identityFactoryAbi,
  identityFactoryBytecode,
  identityProxyBytecode,
  implementationAuthorityBytecode,
  onchainIdFactoryBytecode,
  onchainIdentityBytecode,
} from "@tessera/contracts";
import { CREATE2_DEPLOYER } from "../create2";
import { TesseraError, toTesseraError } from "../errors";
import { accountOf, readContract, simulateAndWrite } from "../send";

export { CREATE2_DEPLOYER };
/** The salt of Tessera's deterministic deployments (the same on every chain). */
export const IDENTITY_FACTORY_SALT: Hex = keccak256(stringToHex("tessera.identity-factory.v1"));

/** The initcodes of ONCHAINID's Identity library and of Tessera's IdentityFactory for `owner`. */
function initcodes(owner: Address): { implementation: Hex; factory: Hex } {
  const implementation = concat([
    onchainIdentityBytecode,
    encodeAbiParameters([{ type: "address" }, { type: "bool" }], [CREATE2_DEPLOYER, true]),
  ]);
  const implementationAddress = create2Address(implementation);
  const factory = concat([
    identityFactoryBytecode,
    encodeAbiParameters(
      [{ type: "address" }, { type: "address" }, { type: "bytes" }, { type: "bytes" }],
      [owner, implementationAddress, implementationAuthorityBytecode, onchainIdFactoryBytecode],
    ),
  ]);
  return { implementation, factory };
}

function create2Address(initcode: Hex): Address {
  return getContractAddress({ opcode: "CREATE2", from: CREATE2_DEPLOYER, salt: IDENTITY_FACTORY_SALT, bytecode: initcode });
}

/**
 * The IdentityFactory address of `owner`: the same on every chain (it depends only on the owner and the codes of
 * this build).
 */
export function identityFactoryAddress(owner: Address): Address {
  return create2Address(initcodes(owner).factory);
}

/**
 * The identity address `createIdentity(wallet, salt)` gives at `owner`'s IdentityFactory, on any chain, before it is
 * created: ONCHAINID's IdFactory (the factory's CREATE nonce 2; its ImplementationAuthority is nonce 1) deploys an
 * IdentityProxy with CREATE2, salt `keccak256("OID" + salt)`, whose constructor key is the IdFactory itself
 * (`createIdentityWithManagementKeys`): the address depends on the salt alone, not on the wallet.
 * @param wallet The investor's wallet: only its default salt is used.
 * @param salt The salt text (default: the wallet in lower case, as the SDK's `identitySalt`).
 */
export function predictIdentityAddress(owner: Address, wallet: Address, salt: string = wallet.toLowerCase()): Address {
  const factory = identityFactoryAddress(owner);
  const authority = getContractAddress({ from: factory, nonce: 1n });
  const idFactory = getContractAddress({ from: factory, nonce: 2n });
  return getContractAddress({
    opcode: "CREATE2",
    from: idFactory,
    salt: keccak256(encodePacked(["string"], [`OID${salt}`])),
    bytecode: concat([identityProxyBytecode, encodeAbiParameters([{ type: "address" }, { type: "address" }], [authority, idFactory])]),
  });
}

/**
 * Deploys (or finds, when already there) ONCHAINID's Identity library and Tessera's IdentityFactory (which deploys
 * ONCHAINID's ImplementationAuthority and IdFactory and owns them) through the CREATE2 deployer, owned by the wallet;
 * then trusts the agents of `registries` to create identities (`setRegistry`). Idempotent: on a chain where the
 * wallet's factory exists, only the missing registries are trusted.
 * Who may create identities: the owner (the platform's deployer) and the agents of the trusted registries (registry
 * agents, who register investors); an identity's only management key is the investor's wallet, its creator holds a
 * claim key (to add the KYC claim; the investor can remove it).
 * @param opts.registries Identity registries whose agents may create identities.
 * @returns The factory's address, the same on every chain for the same owner.
 * @throws TesseraError `Create2DeployerMissing` when the chain has no code at 0x4e59…956c ("the deterministic
 *   CREATE2 deployer is not on this chain…"), `Reverted` when a deployment fails, or a call's error in words.
 */
export async function deployIdentityFactory(opts: {
  walletClient: WalletClient;
  publicClient: PublicClient;
  registries?: Address[];
}): Promise<Address> {
  const { walletClient, publicClient } = opts;
  const owner = accountOf(walletClient).address;
  const code = await publicClient.getCode({ address: CREATE2_DEPLOYER });
  if (!code || code === "0x") {
    throw new TesseraError({
      errorName: "Create2DeployerMissing",
      message:
        `the deterministic CREATE2 deployer is not on this chain (no code at ${CREATE2_DEPLOYER}), so identities cannot ` +
        "have the same address as on other chains: deploy it first with its published pre-signed transaction " +
        "(github.com/Arachnid/deterministic-deployment-proxy); anvil and Hardhat have it from the start",
    });
  }
  const codes = initcodes(owner);
  for (const [label, initcode] of [
    ["ONCHAINID Identity library", codes.implementation],
    ["IdentityFactory", codes.factory],
  ] as const) {
    const address = create2Address(initcode);
    const existing = await publicClient.getCode({ address });
    if (existing && existing !== "0x") continue;
    try {
      const hash = await walletClient.sendTransaction({
        account: accountOf(walletClient),
        chain: walletClient.chain,
        to: CREATE2_DEPLOYER,
        data: concat([IDENTITY_FACTORY_SALT, initcode]),
      });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      const deployed = await publicClient.getCode({ address });
      if (receipt.status !== "success" || !deployed || deployed === "0x") {
        throw new TesseraError({ message: `the deployment failed (${label} through the CREATE2 deployer)`, errorName: "Reverted" });
      }
    } catch (err) {
      throw toTesseraError(err);
    }
  }
  const factory = create2Address(codes.factory);
  const trusted = await readContract<readonly Address[]>(publicClient, {
    address: factory,
    abi: identityFactoryAbi as Abi,
    functionName: "registries",
    args: [],
  });
  for (const registry of opts.registries ?? []) {
    if (trusted.some((r) => r.toLowerCase() === registry.toLowerCase())) continue;
    await simulateAndWrite(
      walletClient,
      publicClient,
      { address: factory, abi: identityFactoryAbi as Abi, functionName: "setRegistry", args: [registry, true] },
      { label: "IdentityFactory.setRegistry" },
    );
  }
  return factory;
}
