/**
 * Issuer-portal writes not (yet) in @tessera/sdk: the wizard's follow-up transactions (AccessManager grants,
 * ERC-1643 documents) and ERC-3643 `batchMint`. Same convention as the SDK: simulate, then write, then wait for the
 * receipt; every failure becomes the SDK's TesseraError with user text. Browser-safe.
 */
import { parseEventLogs, type Abi, type Address, type Hash, type Hex, type PublicClient, type TransactionReceipt, type WalletClient } from "viem";
import { accessManagerAbi, tokenAbi, tokenFactoryAbi, type Deployments } from "@tessera/contracts";
import { TesseraError, simulateAndWrite } from "@tessera/sdk";
import { deployAssetWithModules } from "@tessera/sdk/suite";
import { roleGrantCalls, type DeploymentPlan } from "./asset-wizard/plan";

/** A transaction and its receipt. */
export type IssuerWriteResult = { hash: Hash; receipt: TransactionReceipt };

/**
 * Grants AccessManager roles in one `multicall` transaction (the wallet must be the manager's admin: the issuer).
 * @param calls ABI-encoded `grantRole(roleId, account, 0)` calls ({@link roleGrantCalls}).
 * @throws TesseraError
 */
export function grantRoles(walletClient: WalletClient, publicClient: PublicClient, accessManager: Address, calls: Hex[]) {
  return simulateAndWrite(walletClient, publicClient, { address: accessManager, abi: accessManagerAbi as Abi, functionName: "multicall", args: [calls] });
}

/**
 * ERC-1643 `setDocument(name, uri, documentHash)` on the token (owner or the ISSUER role).
 * @param params name as bytes32 (UTF-8, right-padded), the URI, the bytes32 hash of the content (keccak256).
 * @throws TesseraError
 */
export function setDocument(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { token: Address; name: Hex; uri: string; hash: Hex },
) {
  return simulateAndWrite(walletClient, publicClient, { address: params.token, abi: tokenAbi as Abi, functionName: "setDocument", args: [params.name, params.uri, params.hash] });
}

/**
 * ERC-3643 `batchMint(toList, amounts)`: all or nothing in one transaction (agent or the SUPPLY role).
 * @param params recipients and amounts in token base units, same length (1..200).
 * @throws TesseraError (e.g. the first recipient that is not verified, or a compliance refusal)
 */
export function batchMint(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { token: Address; to: Address[]; amounts: bigint[] },
) {
  if (params.to.length !== params.amounts.length || params.to.length === 0 || params.to.length > 200) {
    throw new TesseraError({ message: "invalid input: 1 to 200 recipients, one amount each", errorName: "InvalidInput" });
  }
  return simulateAndWrite(walletClient, publicClient, { address: params.token, abi: tokenAbi as Abi, functionName: "batchMint", args: [params.to, params.amounts] });
}

/** What {@link deployPlannedAsset} did. */
export interface DeployedAsset {
  token: Address;
  compliance: Address;
  accessManager: Address;
  /** The factory transaction. */
  deployHash: Hash;
  /** The last transaction sent (the factory's when there are no roles or documents). */
  hash: Hash;
  receipt: TransactionReceipt;
}

/**
 * Sends a wizard plan: the factory's `deployAssetWithModules` (one transaction: token, compliance, every module
 * configured, AccessManager), then one `multicall` of role grants, then one `setDocument` per document.
 * @param onStep called before each transaction with "1 of N" style progress text.
 * @throws TesseraError; transactions already confirmed stay (the asset then exists without the later parts).
 */
export async function deployPlannedAsset(
  walletClient: WalletClient,
  publicClient: PublicClient,
  deployments: Pick<Deployments, "factory">,
  plan: DeploymentPlan,
  onStep?: (text: string) => void,
  /** Stores a document file on the server for the new token (signed-in issuer); needed for documents without a URI. */
  upload?: (token: Address, doc: { name: string; file: Blob; fileName?: string }) => Promise<{ uri: string; hash: Hex }>,
): Promise<DeployedAsset> {
  const n = plan.transactionCount;
  let i = 1;
  onStep?.(`Transaction ${i} of ${n}: deploy the asset through the factory`);
  const d = await deployAssetWithModules(walletClient, publicClient, deployments, plan.params, plan.modules);
  let last: IssuerWriteResult = d;
  if (plan.roles.length) {
    onStep?.(`Transaction ${++i} of ${n}: grant ${plan.roles.length} role${plan.roles.length === 1 ? "" : "s"}`);
    last = await grantRoles(walletClient, publicClient, d.accessManager, roleGrantCalls(plan.roles));
  }
  for (const doc of plan.documents) {
    let uri = doc.uri;
    if (uri === null) {
      if (!upload || !doc.file) throw new TesseraError({ message: `document "${doc.name}" has no URI and no file to store`, errorName: "InvalidInput" });
      onStep?.(`Storing "${doc.name}" on Tessera`);
      const stored = await upload(d.token, { name: doc.name, file: doc.file, fileName: doc.fileName });
      if (stored.hash.toLowerCase() !== doc.hash.toLowerCase()) {
        throw new TesseraError({ message: `the server hashed "${doc.name}" differently (${stored.hash}); nothing registered`, errorName: "HashMismatch" });
      }
      uri = stored.uri;
    }
    onStep?.(`Transaction ${++i} of ${n}: register document "${doc.name}"`);
    last = await setDocument(walletClient, publicClient, { token: d.token, name: doc.nameBytes32, uri, hash: doc.hash });
  }
  return { token: d.token, compliance: d.compliance, accessManager: d.accessManager, deployHash: d.hash, hash: last.hash, receipt: last.receipt };
}

/** The AccessManager of an asset deployed in `receipt` (factory event `AccessManagerDeployed`), if any. */
export function accessManagerFromReceipt(receipt: TransactionReceipt): Address | null {
  const [ev] = parseEventLogs({ abi: tokenFactoryAbi, eventName: "AccessManagerDeployed", logs: receipt.logs });
  return ev ? ev.args.accessManager : null;
}
