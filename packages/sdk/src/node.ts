/**
 * @tessera/sdk/node: Node-only helpers: run anvil, clients for its dev accounts, deploy the platform, seed the demo
 * asset, read and write `deployments/<chainId>.json`. This file only re-exports; the code lives under node/.
 */
export { assertPortFree, blockNumber, freePort, PortInUseError, rpc, startAnvil, type AnvilHandle } from "./node/anvil";
export { buildOrLoadChainState, deployDevPlatform } from "./node/chain-snapshot";
export { ANVIL_MNEMONIC, devClients } from "./node/dev-clients";
export { deploymentsFilePath, readDeployments, writeDeployments } from "./node/deployments";
export { DEMO_ASSET, DEMO_BOND, DEMO_PAYMENT_TOKEN, DEMO_VAULT, seedDemo, seedDemoBond, type DemoBondSeed, type DemoSeed } from "./node/demo";
export { deployPlatform, ensurePlatform } from "./node/platform";
export { deployMessaging, peerGateways, type Messaging, type MessagingChain } from "./node/messaging";
export { startMessagingChain, type MessagingTestChain } from "./node/messaging-chain";
export { enableAssetOnChain, type IssuerChain } from "./node/crosschain";
export { devRelayerAddress, ensureTwoChains, relayDispatched, RELAYER_DEV_ACCOUNT_INDEX, type LocalChain } from "./node/two-chains";
export {
  CREATE2_DEPLOYER,
  deployIdentityFactory,
  IDENTITY_FACTORY_SALT,
  identityFactoryAddress,
  predictIdentityAddress,
} from "./node/identity-factory";
export { deployIdentitySync, linkIdentitySync, type IdentitySyncChain } from "./node/identity-sync";
