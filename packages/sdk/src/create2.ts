/** The deterministic CREATE2 deployer, shared by the node and browser-safe deployments. Browser-safe. */
import type { Address } from "viem";

/** The deterministic CREATE2 deployer (calldata = 32-byte salt ++ initcode; it answers the new address). Anvil and
 * Hardhat have it from the start; elsewhere it is deployed by its published pre-signed transaction. */
export const CREATE2_DEPLOYER: Address = "0x4e59b44847b379578588920ca78fbf26c0b4956c";
