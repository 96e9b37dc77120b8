/**
 * An asset on several chains: its AssetBridge on each chain (ERC-7802 mint and burn over an ERC-7786 gateway) and the
 * links between them. Browser-safe. See ARCHITECTURE.md "Cross-chain".
 */
import {
  concat,
  encodeAbiParameters,
  encodeFunctionData,
  getContractAddress,
  isAddressEqual,
  pad,
  parseAbiParameters,
  zeroAddress,
  type Abi,
  type Address,
  type Hash,
  type Hex,
  type PublicClient,
  type WalletClient,
} from "viem";
import { z } from "zod";
import {
  assetBridgeAbi,
  assetBridgeBytecode,
  countryAllowModuleAbi,
  hyperlaneGatewayAbi,
  identityRegistryAbi,
  maxBalanceModuleAbi,
  maxHoldersModuleAbi,
  modularComplianceAbi,
  RestrictionCode,
  supplyCapModuleAbi,
  tokenAbi,
  tokenFactoryAbi,
  type Deployments,
} from "@tessera/contracts";
import { CREATE2_DEPLOYER } from "../create2";
import { refusal, restrictionMessage, TesseraError, toTesseraError } from "../errors";
import { formatEvmInteropAddress, parseEvmInteropAddress } from "../interop-address";
import { addressSchema, amountSchema, countrySchema, parseInput, uintSchema } from "../schemas";
import { accountOf, deployContract, readContract, simulateAndWrite, type WriteResult } from "../send";
import { deployAssetWithModules } from "./asset";
import { moduleSetups, type ModuleSetup } from "./modules";
import { eventsOf } from "./payment";

/**
 * Deploys the asset's AssetBridge on this chain and makes it the token's bridge (`Token.setBridge`), as the issuer.
 * @param params.token The asset's token on this chain; the wallet must be its owner (or hold role ISSUER).
 * @returns The bridge address and the `setBridge` transaction.
 * @throws TesseraError (e.g. the wallet may not set the bridge)
 */
export async function deployAssetBridge(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { token: Address },
): Promise<WriteResult & { bridge: Address }> {
  const { address: bridge } = await deployContract(walletClient, publicClient, {
    abi: assetBridgeAbi as Abi,
    bytecode: assetBridgeBytecode,
    args: [params.token],
    label: "AssetBridge",
  });
  const r = await simulateAndWrite(
    walletClient,
    publicClient,
    { address: params.token, abi: tokenAbi as Abi, functionName: "setBridge", args: [bridge] },
    { label: "setBridge" },
  );
  return { ...r, bridge };
}

/**
 * Links a bridge to its counterpart on another chain (`AssetBridge.setLink`), as the issuer: messages to and from
 * that chain go through `gateway` (this chain's ERC-7786 gateway).
 * @param params.counterpartChainId The other chain's id; `counterpartBridge` the asset's bridge there.
 * @throws TesseraError (CallerNotIssuer; a gateway that is not ERC-7786)
 */
export async function linkAssetBridge(
  walletClient: WalletClient,
  publicClient: PublicClient,
  params: { bridge: Address; gateway: Address; counterpartChainId: number; counterpartBridge: Address },
): Promise<WriteResult> {
  return simulateAndWrite(
    walletClient,
    publicClient,
    {
      address: params.bridge,
      abi: assetBridgeAbi as Abi,
      functionName: "setLink",
      args: [params.gateway, formatEvmInteropAddress(params.counterpartChainId, params.counterpartBridge)],
    },
    { label: "setLink" },
  );
}

// ------------------------------------------------------------------------------------------------ cross-chain transfers

/**
 * One chain of a cross-chain transfer, as the SDK reads it. Units: none (addresses and ids).
 * - `publicClient`: a client of that chain (reads, simulations, event scans).
 * - `chainId`: its EVM chain id (the ERC-7930 chain reference).
 * - `bridge`: the asset's AssetBridge there.
 * - `token`, `identityRegistry`: the asset's token and its identity registry there; read from the bridge
 *   (`AssetBridge.token`, `Token.identityRegistry`) when omitted.
 * - `name`: how messages name the chain ("L2"); default "chain <chainId>".
 * - `fromBlock`: where event scans start (the bridge's deployment block); default 0.
 */
export type BridgeChain = {
  publicClient: PublicClient;
  chainId: number;
  bridge: Address;
  token?: Address;
  identityRegistry?: Address;
  name?: string;
  fromBlock?: bigint;
};

const bridgeChainSchema = z.object({
  publicClient: z.custom<PublicClient>(
    (v) => typeof v === "object" && v !== null && typeof (v as { readContract?: unknown }).readContract === "function",
    "not a viem public client",
  ),
  chainId: z.number().int().positive(),
  bridge: addressSchema,
  token: addressSchema.optional(),
  identityRegistry: addressSchema.optional(),
  name: z.string().trim().min(1).max(64).optional(),
  fromBlock: z.bigint().nonnegative().optional(),
});

/** Parameters of {@link checkCrosschainTransfer}: `from` the sender's wallet on the source, `to` (default `from`) the
 * receiver's wallet on the destination, `amount` in token base units, `fee` (wei; default the gateway's quote). */
export const checkCrosschainTransferSchema = z.object({
  from: addressSchema,
  to: addressSchema.optional(),
  amount: amountSchema,
  fee: z.bigint().nonnegative().optional(),
});
export type CheckCrosschainTransferParams = z.input<typeof checkCrosschainTransferSchema>;

/** Parameters of {@link crosschainTransfer}: as {@link CheckCrosschainTransferParams}, the sender being the wallet. */
export const crosschainTransferSchema = checkCrosschainTransferSchema.omit({ from: true });
export type CrosschainTransferParams = z.input<typeof crosschainTransferSchema>;

/** What {@link checkCrosschainTransfer} found allowed: the receiver as ERC-7930 address, the sender's identity, and
 * the messaging fee in wei (native currency of the source chain; 0 on local chains). */
export type CrosschainTransferCheck = {
  from: Address;
  to: Address;
  amount: bigint;
  receiver: Hex;
  identity: Address;
  gateway: Address;
  fee: bigint;
};

type ResolvedChain = Required<Omit<BridgeChain, "name" | "fromBlock">> & { name: string; fromBlock: bigint };

const bridgeAbi = assetBridgeAbi as Abi;

/**
 * The ERC-7930 address of EVM chain `chainId` alone (no address part): how `AssetBridge.getLink` names a chain.
 * @returns Hex bytes, e.g. `0x00010000027a6900` for chain 31337.
 * @throws TesseraError InvalidInput for a non-positive chain id
 */
export function formatEvmChainInteropAddress(chainId: number | bigint): Hex {
  const id = BigInt(chainId);
  if (id <= 0n) throw new TesseraError({ message: `invalid chain id ${chainId}`, errorName: "InvalidInput" });
  let ref = id.toString(16);
  if (ref.length % 2) ref = `0${ref}`;
  return `0x00010000${(ref.length / 2).toString(16).padStart(2, "0")}${ref}00` as Hex;
}

/** The chain checked, with its token and registry read when omitted. */
async function resolveChain(value: BridgeChain, which: string): Promise<ResolvedChain> {
  const c = parseInput(bridgeChainSchema, value);
  const clientChain = c.publicClient.chain?.id;
  if (clientChain !== undefined && clientChain !== c.chainId) {
    throw new TesseraError({ message: `invalid input: ${which}: the public client is on chain ${clientChain}, not ${c.chainId}`, errorName: "InvalidInput" });
  }
  const token = c.token ?? (await readContract<Address>(c.publicClient, { address: c.bridge, abi: bridgeAbi, functionName: "token", args: [] }));
  const identityRegistry =
    c.identityRegistry ?? (await readContract<Address>(c.publicClient, { address: token, abi: tokenAbi as Abi, functionName: "identityRegistry", args: [] }));
  return { ...c, token, identityRegistry, name: c.name ?? `chain ${c.chainId}`, fromBlock: c.fromBlock ?? 0n };
}

const read = <T>(c: ResolvedChain, address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
  readContract<T>(c.publicClient, { address, abi: abi as Abi, functionName, args });

/** AssetBridge.IDENTITY_MISMATCH: the destination's registry names another identity for the receiver. */
export const IDENTITY_MISMATCH = 120;

/**
 * Why a delivery to `chain` is refused, for restriction code `code` of `CrosschainTransferRefused` (or of the
 * pre-check): the shared restriction texts, said of the receiver on that chain, and AssetBridge's own
 * IDENTITY_MISMATCH (120).
 * @param chain The destination's name ("L2").
 */
export function crosschainRefusalMessage(code: number, chain: string): string {
  if (code === RestrictionCode.RECIPIENT_NOT_VERIFIED) return `the receiver is not verified on ${chain}`;
  if (code === RestrictionCode.RECIPIENT_FROZEN) return `the receiver's wallet is frozen on ${chain}`;
  if (code === IDENTITY_MISMATCH) return `the receiver is not a wallet of the sender's identity on ${chain}`;
  return `${chain}'s rules refuse the arrival: ${restrictionMessage(code)}`;
}

/**
 * The pre-check an app runs before the investor signs a cross-chain transfer of `amount` token base units from
 * `from` (on `source`) to `to` (default: the same wallet, on `destination`). It refuses in words, before anything is
 * burnt and without any transaction:
 * - zero amount (ZeroAmount);
 * - an unknown destination: the source bridge has no link to the destination chain (UnknownDestination), or is
 *   linked to another bridge there than `destination.bridge` (InvalidInput);
 * - the sender not registered on the source (SenderNotRegistered), the receiver not a wallet of the sender's identity
 *   in the source registry (ReceiverNotSameIdentity: "the receiver is not a wallet of your identity");
 * - the sender's side as the token would refuse the departure, by simulating `AssetBridge.crosschainTransfer` from
 *   `from` on the source with the fee: TokenPaused, WalletFrozen, InsufficientUnfrozenBalance,
 *   InsufficientUnlockedBalance, TransferNotCompliant (e.g. code 13, a lock-up), ERC20InsufficientBalance;
 * - the destination's side, read on the destination chain: its token paused (DestinationPaused: the delivery would
 *   wait in transit until the issuer unpauses it), the receiver of another identity there (DestinationRefused, code
 *   120 when verified, else 5), frozen there (code 3), not verified there (code 5: "the receiver is not verified on
 *   L2"), or refused by the destination's compliance (its code).
 *
 * The compliance check is an approximation: an arrival is checked like a mint (`TransferKind.CROSSCHAIN_IN`: verified,
 * not frozen, country, holders, balances), but the view `ModularCompliance.detectTransferRestriction(0x0, to, amount)`
 * checks a mint, and supply caps and lock-up periods ignore an arrival (it is not issuance). So the supply cap's code
 * 12 is not a refusal here; a module listed after a supply cap that answers 12 is not consulted, and the compliance
 * may still change before the message is delivered. A delivery the destination then refuses is not lost: its tokens
 * come back to the sender (see {@link crosschainTransferStatus}).
 * @param params.fee The messaging fee in wei (native currency of the source); default the gateway's quote
 *   (`HyperlaneGateway.quoteSendMessage`; 0 on local chains).
 * @returns The transfer as it would be sent: receiver (ERC-7930 address), the sender's identity, gateway and fee.
 * @throws TesseraError InvalidInput, ZeroAmount, UnknownDestination, SenderNotRegistered, ReceiverNotSameIdentity,
 *   the token's departure errors above, DestinationPaused, DestinationRefused (with `code`), or a read's failure.
 */
export async function checkCrosschainTransfer(
  source: BridgeChain,
  destination: BridgeChain,
  params: CheckCrosschainTransferParams,
): Promise<CrosschainTransferCheck> {
  const p = parseInput(checkCrosschainTransferSchema, params);
  const to = p.to ?? p.from;
  const receiver = formatEvmInteropAddress(destination.chainId, to);
  if (p.amount === 0n) throw refusal("ZeroAmount");
  const [src, dst] = await Promise.all([resolveChain(source, "source"), resolveChain(destination, "destination")]);

  // The route: a link from the source bridge to the destination chain, to the destination's bridge.
  const [gateway, counterpart] = await read<readonly [Address, Hex]>(src, src.bridge, assetBridgeAbi, "getLink", [formatEvmChainInteropAddress(dst.chainId)]);
  if (gateway === zeroAddress) {
    throw refusal("UnknownDestination", [receiver], `the asset cannot move to ${dst.name}: ${src.name}'s bridge has no link to it`);
  }
  const linked = parseEvmInteropAddress(counterpart);
  if (!isAddressEqual(linked.address, dst.bridge)) {
    throw new TesseraError({
      message: `invalid input: destination: ${src.name}'s bridge is linked to ${linked.address} on ${dst.name}, not ${dst.bridge}`,
      errorName: "InvalidInput",
    });
  }

  // The same-identity rule, as the source bridge applies it (source registry).
  const [identity, receiverIdentity] = await Promise.all([
    read<Address>(src, src.identityRegistry, identityRegistryAbi, "identity", [p.from]),
    read<Address>(src, src.identityRegistry, identityRegistryAbi, "identity", [to]),
  ]);
  if (identity === zeroAddress) throw refusal("SenderNotRegistered", [p.from]);
  if (!isAddressEqual(receiverIdentity, identity)) {
    throw refusal("ReceiverNotSameIdentity", [to, identity], "the receiver is not a wallet of your identity");
  }

  // The fee, then the sender's side exactly as the source would run it.
  const fee = p.fee ?? (await quoteFee(src, gateway, counterpart, { from: p.from, to, identity, amount: p.amount }));
  try {
    await src.publicClient.simulateContract({
      address: src.bridge,
      abi: assetBridgeAbi,
      functionName: "crosschainTransfer",
      args: [receiver, p.amount],
      value: fee,
      account: p.from,
    });
  } catch (err) {
    throw toTesseraError(err);
  }

  // The destination's side, read on the destination chain, in the order its bridge and token check an arrival.
  const compliance = read<Address>(dst, dst.token, tokenAbi, "compliance");
  const [paused, destIdentity, verified, frozen, complianceCode] = await Promise.all([
    read<boolean>(dst, dst.token, tokenAbi, "paused"),
    read<Address>(dst, dst.identityRegistry, identityRegistryAbi, "identity", [to]),
    read<boolean>(dst, dst.identityRegistry, identityRegistryAbi, "isVerified", [to]),
    read<boolean>(dst, dst.token, tokenAbi, "isFrozen", [to]),
    compliance.then((c) => read<number>(dst, c, modularComplianceAbi, "detectTransferRestriction", [zeroAddress, to, p.amount])),
  ]);
  if (paused) {
    throw new TesseraError({
      message: `the token is paused on ${dst.name}: the tokens would stay in transit until the issuer unpauses it there`,
      errorName: "DestinationPaused",
      code: RestrictionCode.TOKEN_PAUSED,
    });
  }
  const destinationCode = !isAddressEqual(destIdentity, identity)
    ? verified
      ? IDENTITY_MISMATCH
      : RestrictionCode.RECIPIENT_NOT_VERIFIED
    : frozen
      ? RestrictionCode.RECIPIENT_FROZEN
      : !verified
        ? RestrictionCode.RECIPIENT_NOT_VERIFIED
        : complianceCode === RestrictionCode.SUPPLY_CAP_EXCEEDED
          ? 0
          : complianceCode;
  if (destinationCode !== 0) {
    throw new TesseraError({
      message: crosschainRefusalMessage(destinationCode, dst.name),
      errorName: "DestinationRefused",
      code: destinationCode,
      args: [to, p.amount, destinationCode],
    });
  }
  return { from: p.from, to, amount: p.amount, receiver, identity, gateway, fee };
}

/** The gateway's fee (wei) for the transfer message; a gateway without `quoteSendMessage` is refused in words. */
async function quoteFee(src: ResolvedChain, gateway: Address, counterpart: Hex, m: { from: Address; to: Address; identity: Address; amount: bigint }): Promise<bigint> {
  // The bridge's payload (AssetBridge.crosschainTransfer): kind, from, to, identity, amount, code.
  const payload = encodeAbiParameters(parseAbiParameters("uint8, address, address, address, uint256, uint8"), [0, m.from, m.to, m.identity, m.amount, 0]);
  try {
    return await src.publicClient.readContract({ address: gateway, abi: hyperlaneGatewayAbi, functionName: "quoteSendMessage", args: [counterpart, payload] });
  } catch (err) {
    const e = toTesseraError(err);
    throw new TesseraError({ message: `the messaging gateway on ${src.name} did not quote its fee (${e.message}): pass the fee`, errorName: "NoFeeQuote", cause: err });
  }
}

/**
 * Sends `amount` token base units of the wallet's tokens on `source` to `to` (default: the same wallet) on
 * `destination`, a wallet of the sender's own identity: runs {@link checkCrosschainTransfer} (every refusal in words,
 * before anything is signed), then `AssetBridge.crosschainTransfer` with the gateway's fee as `msg.value`. The
 * source burns the tokens now; the destination mints them when the message is delivered (see
 * {@link crosschainTransferStatus}).
 * @param walletClient The sender's wallet, on the source chain.
 * @returns `sendId` (the message id: the same id names the delivery on the destination), the transaction, its receipt,
 *   and the fee paid in wei.
 * @throws TesseraError WrongChain (the wallet is on another chain), NoAccount, every refusal of
 *   {@link checkCrosschainTransfer}, or the revert in words.
 */
export async function crosschainTransfer(
  walletClient: WalletClient,
  source: BridgeChain,
  destination: BridgeChain,
  params: CrosschainTransferParams,
): Promise<WriteResult & { sendId: Hex; fee: bigint }> {
  const p = parseInput(crosschainTransferSchema, params);
  const from = accountOf(walletClient).address;
  const walletChain = walletClient.chain?.id;
  if (walletChain !== undefined && walletChain !== source.chainId) {
    throw new TesseraError({ message: `switch your wallet to ${source.name ?? `chain ${source.chainId}`} (it is on chain ${walletChain})`, errorName: "WrongChain" });
  }
  const check = await checkCrosschainTransfer(source, destination, { ...p, from });
  const { hash, receipt, result } = await simulateAndWrite(
    walletClient,
    source.publicClient,
    { address: source.bridge, abi: bridgeAbi, functionName: "crosschainTransfer", args: [check.receiver, check.amount], value: check.fee },
    { label: "cross-chain transfer" },
  );
  const [sent] = eventsOf<{ sendId: Hex }>(receipt, bridgeAbi, "CrosschainTransferSent", source.bridge);
  return { hash, receipt, sendId: sent?.sendId ?? (result as Hex), fee: check.fee };
}

/** Where a transaction of a transfer's life is: its block and hash. */
export type ChainEventRef = { chainId: number; blockNumber: bigint; transactionHash: Hash };

/**
 * A cross-chain transfer's state, read from both chains' AssetBridge events:
 * - "sent": burnt on the source, not delivered yet (in transit; `text` says when the destination's pause holds it);
 * - "delivered": minted on the destination (`CrosschainTransferReceived` with the same id);
 * - "refused": the destination refused it (`CrosschainTransferRefused`: `code`, `reason` in words) and sent the
 *   tokens back in message `returnId`, not arrived yet (still in transit);
 * - "returned": the tokens came back to the sender on the source (`CrosschainTransferReturned` for `returnId`).
 * Amounts in token base units.
 */
export type CrosschainTransferStatus = {
  status: "sent" | "delivered" | "refused" | "returned";
  /** The state in words ("in transit", "delivered on L2", ...). */
  text: string;
  sendId: Hex;
  from: Address;
  to: Address;
  identity: Address;
  amount: bigint;
  sent: ChainEventRef;
  delivered?: ChainEventRef;
  refused?: ChainEventRef & { returnId: Hex; code: number; reason: string };
  returned?: ChainEventRef;
};

type Log = { blockNumber: bigint | null; transactionHash: Hash | null; args: Record<string, unknown> };

/** The first `eventName` log of `c`'s bridge whose indexed arguments match `args`, or null. */
async function findEvent(c: ResolvedChain, eventName: string, args: Record<string, unknown>): Promise<Log | null> {
  try {
    const logs = (await c.publicClient.getContractEvents({ address: c.bridge, abi: bridgeAbi, eventName, args, fromBlock: c.fromBlock, toBlock: "latest" } as never)) as unknown as Log[];
    return logs[0] ?? null;
  } catch (err) {
    throw toTesseraError(err);
  }
}

const ref = (c: ResolvedChain, l: Log): ChainEventRef => ({ chainId: c.chainId, blockNumber: l.blockNumber ?? 0n, transactionHash: l.transactionHash ?? ("0x" as Hash) });

/**
 * Where cross-chain transfer `sendId` (from {@link crosschainTransfer}) is, from `source` to `destination`, read from
 * both chains (the SDK's chain-only view; the indexer keeps its own). Event scans start at each chain's `fromBlock`.
 * @returns The status with its block numbers and transaction hashes (see {@link CrosschainTransferStatus}).
 * @throws TesseraError InvalidInput, UnknownTransfer (no such send on the source, or sent to another chain), or a
 *   read's failure.
 */
export async function crosschainTransferStatus(source: BridgeChain, destination: BridgeChain, sendId: Hex): Promise<CrosschainTransferStatus> {
  const id = parseInput(z.string().regex(/^0x[0-9a-fA-F]{64}$/, "not a 32-byte message id"), sendId) as Hex;
  const [src, dst] = await Promise.all([resolveChain(source, "source"), resolveChain(destination, "destination")]);
  const sentLog = await findEvent(src, "CrosschainTransferSent", { sendId: id });
  if (!sentLog) throw new TesseraError({ message: `no cross-chain transfer ${id} was sent from ${src.name}`, errorName: "UnknownTransfer" });
  const a = sentLog.args as { from: Address; to: Hex; identity: Address; amount: bigint };
  const receiver = parseEvmInteropAddress(a.to);
  if (receiver.chainId !== dst.chainId) {
    throw new TesseraError({ message: `the cross-chain transfer ${id} went to chain ${receiver.chainId}, not ${dst.name}`, errorName: "UnknownTransfer" });
  }
  const base = { sendId: id, from: a.from, to: receiver.address, identity: a.identity, amount: a.amount, sent: ref(src, sentLog) };
  const [received, refusedLog] = await Promise.all([
    findEvent(dst, "CrosschainTransferReceived", { receiveId: id }),
    findEvent(dst, "CrosschainTransferRefused", { receiveId: id }),
  ]);
  if (received) return { ...base, status: "delivered", text: `delivered on ${dst.name}`, delivered: ref(dst, received) };
  if (refusedLog) {
    const r = refusedLog.args as { returnId: Hex; code: number };
    const code = Number(r.code);
    const reason = crosschainRefusalMessage(code, dst.name);
    const refused = { ...ref(dst, refusedLog), returnId: r.returnId, code, reason };
    const returned = await findEvent(src, "CrosschainTransferReturned", { receiveId: r.returnId });
    if (returned) {
      return { ...base, status: "returned", text: `returned to the sender on ${src.name}: ${reason}`, refused, returned: ref(src, returned) };
    }
    const held = await read<boolean>(src, src.token, tokenAbi, "paused");
    const wait = held ? `; the token is paused on ${src.name}, so the return waits until it is unpaused` : "";
    return { ...base, status: "refused", text: `refused on ${dst.name} (${reason}): the tokens are on their way back to the sender${wait}`, refused };
  }
  const held = await read<boolean>(dst, dst.token, tokenAbi, "paused");
  const wait = held ? `: the token is paused on ${dst.name}, so the delivery waits until it is unpaused` : "";
  return { ...base, status: "sent", text: `in transit${wait}` };
}

// ------------------------------------------------------------------------------------------------ enabling a chain

/**
 * One chain of {@link planEnableAssetOnChain}: a client there, its id, its deployments (the TokenFactory, the module
 * singletons, the messaging gateway, the block where event scans start) and how messages name it ("L2").
 */
export type EnableChain = {
  publicClient: PublicClient;
  chainId: number;
  deployments: Pick<Deployments, "factory" | "modules" | "messaging" | "startBlock">;
  name?: string;
};

/**
 * The further chain's rules when enabling it ({@link planEnableAssetOnChain}). For a limit the home chain's asset has
 * (its compliance has the module), the value is the further chain's **quota**: set there and taken from the home
 * chain's limit in the same flow, so the chains' limits keep summing to the asset's. For a limit the home asset does
 * not have, the value is a rule of the further chain alone (nothing to take it from).
 * - `maxHolders`: holders (identities); required when the home asset limits holders.
 * - `maxBalance`: per-wallet balance cap, token base units; required when the home asset caps balances.
 * - `supplyCap`: issuance cap, token base units; default 1 (the smallest quota: the further chain issues nothing
 *   meaningful, investors bring their tokens by cross-chain transfers, which are not issuance).
 * - `allowedCountries`: ISO-3166 numeric; default the home asset's allow-list, copied.
 */
export const enableRulesSchema = z.object({
  maxHolders: uintSchema.refine((v) => v > 0n, "must be at least 1").optional(),
  maxBalance: amountSchema.refine((v) => v > 0n, "must be at least 1").optional(),
  supplyCap: amountSchema.refine((v) => v > 0n, "must be at least 1").optional(),
  allowedCountries: z.array(countrySchema).max(200).optional(),
});
export type EnableRules = z.input<typeof enableRulesSchema>;

/** Parameters of {@link planEnableAssetOnChain}: the home token, the further chain's rules, and `splitLimits` (default
 * true; false: `rules` are the further chain's own rules as given, no quota is taken from the home chain and no
 * allow-list is copied, the behaviour of `npm start`'s demo). */
export const enableAssetParamsSchema = z.object({
  token: addressSchema,
  rules: enableRulesSchema.default({}),
  splitLimits: z.boolean().default(true),
  /** False: the plan's steps and their state only (an app showing where an enabling stands before quotas are typed):
   * no QuotaRequired or QuotaTooLarge. {@link runEnableStep} always checks. */
  checkQuotas: z.boolean().default(true),
});
export type EnableAssetParams = z.input<typeof enableAssetParamsSchema>;

/** The steps of enabling a chain, in their order (see {@link planEnableAssetOnChain}). */
export type EnableStepId =
  | "deploy-home-bridge"
  | "set-home-bridge"
  | "deploy-remote-asset"
  | "deploy-remote-bridge"
  | "set-remote-bridge"
  | "link-remote-bridge"
  | "lower-home-max-holders"
  | "lower-home-max-balance"
  | "lower-home-supply-cap"
  | "link-home-bridge";

/** One step: the chain it is sent on, what it does in words, and whether the chains show it done. */
export type EnableStep = { id: EnableStepId; chainId: number; label: string; done: boolean };

/** A limit split between the chains: the home chain's limit now, the further chain's quota, and what the home chain
 * keeps (`homeAfter`); `homeUsed` is the home chain's count (holders) or issuance (supply cap; token base units). */
export type QuotaMove = { homeLimit: bigint; quota: bigint; homeAfter: bigint; homeUsed: bigint | null };

/**
 * What enabling the asset on the further chain takes, read from both chains (no transaction):
 * `steps` in order with their state, the asset there when found (`remoteToken`), each chain's bridge (the home one
 * as the token names it, else the deterministic address it will get), the further chain's rules, the quotas moved
 * per limit, and `complete` once every step is done.
 */
export type EnablePlan = {
  token: Address;
  issuer: Address;
  asset: { name: string; symbol: string; decimals: number; assetClass: number };
  steps: EnableStep[];
  remoteToken: Address | null;
  homeBridge: Address;
  remoteBridge: Address | null;
  allowedCountries: number[];
  quotas: { maxHolders?: QuotaMove; maxBalance?: QuotaMove; supplyCap?: QuotaMove };
  complete: boolean;
};

/** The salt of an asset's bridge deployed through the CREATE2 deployer: its token's address, left-padded. */
function bridgeSalt(token: Address): Hex {
  return pad(token, { size: 32 });
}

/** The initcode of `token`'s AssetBridge (its constructor takes only the token). */
function bridgeInitcode(token: Address): Hex {
  return concat([assetBridgeBytecode, encodeAbiParameters(parseAbiParameters("address"), [token])]);
}

/**
 * Where `token`'s AssetBridge is (or will be) when deployed by {@link planEnableAssetOnChain}'s steps: CREATE2 through
 * the deterministic deployer with the token as salt. The address depends only on the token and this build's bridge
 * code, so a deployment interrupted before `setBridge` is found again, never repeated; anyone deploying it deploys
 * the same contract (its issuer is the token's owner).
 */
export function assetBridgeAddress(token: Address): Address {
  return getContractAddress({ opcode: "CREATE2", from: CREATE2_DEPLOYER, salt: bridgeSalt(token), bytecode: bridgeInitcode(token) });
}

const hasCode = async (c: PublicClient, address: Address) => {
  const code = await c.getCode({ address });
  return Boolean(code && code !== "0x");
};

const readOn = <T>(c: PublicClient, address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
  readContract<T>(c, { address, abi: abi as Abi, functionName, args });

/** The module events `eventName` of `compliance` on a chain, oldest first. */
async function moduleEvents(c: EnableChain, module: Address, abi: readonly unknown[], eventName: string, compliance: Address) {
  try {
    const logs = (await c.publicClient.getContractEvents({
      address: module,
      abi: abi as Abi,
      eventName,
      args: { compliance },
      fromBlock: BigInt(c.deployments.startBlock ?? 0),
      toBlock: "latest",
    } as never)) as unknown as { eventName: string; args: Record<string, unknown> }[];
    return logs;
  } catch (err) {
    throw toTesseraError(err);
  }
}

/** The counterpart a bridge is linked to on chain `chainId`, or null. */
async function linkOf(c: PublicClient, bridge: Address, chainId: number): Promise<{ chainId: number; address: Address } | null> {
  const [gateway, counterpart] = await readOn<readonly [Address, Hex]>(c, bridge, assetBridgeAbi, "getLink", [formatEvmChainInteropAddress(chainId)]);
  if (isAddressEqual(gateway, zeroAddress) || counterpart === "0x") return null;
  return parseEvmInteropAddress(counterpart);
}

/** A compliance's limit modules among the platform's (by address), with their settings. */
async function limitsOf(c: EnableChain, compliance: Address) {
  const modules = await readOn<readonly Address[]>(c.publicClient, compliance, modularComplianceAbi, "getModules");
  const m = c.deployments.modules;
  const has = (a: Address | undefined) => a !== undefined && modules.some((x) => isAddressEqual(x, a));
  const [maxHolders, maxBalance, supplyCap] = await Promise.all([
    has(m.maxHolders) ? readOn<bigint>(c.publicClient, m.maxHolders, maxHoldersModuleAbi, "getHolderLimit", [compliance]) : null,
    has(m.maxBalance) ? readOn<bigint>(c.publicClient, m.maxBalance, maxBalanceModuleAbi, "getMaxBalance", [compliance]) : null,
    has(m.supplyCap) ? readOn<bigint>(c.publicClient, m.supplyCap!, supplyCapModuleAbi, "getSupplyCap", [compliance]) : null,
  ]);
  // A module with its setting 0 enforces nothing: no limit to split.
  const on = (v: bigint | null) => (v !== null && v > 0n ? v : null);
  return { countryAllow: has(m.countryAllow), maxHolders: on(maxHolders), maxBalance: on(maxBalance), supplyCap: on(supplyCap) };
}

/** The countries `compliance`'s CountryAllowModule allows, from its events (allowed minus unallowed, in order). */
async function allowedCountriesOf(c: EnableChain, compliance: Address): Promise<number[]> {
  const logs = await moduleEvents(c, c.deployments.modules.countryAllow, countryAllowModuleAbi, "CountryAllowed", compliance);
  const removed = await moduleEvents(c, c.deployments.modules.countryAllow, countryAllowModuleAbi, "CountryUnallowed", compliance);
  const set = new Set(logs.map((l) => Number(l.args.country)));
  // Read the state, not the history's order: a country allowed again after being unallowed is allowed.
  const candidates = [...new Set([...set, ...removed.map((l) => Number(l.args.country))])];
  const allowed = await Promise.all(
    candidates.map((country) => readOn<boolean>(c.publicClient, c.deployments.modules.countryAllow, countryAllowModuleAbi, "isCountryAllowed", [compliance, country])),
  );
  return candidates.filter((_, i) => allowed[i]).sort((a, b) => a - b);
}

/** Whether the home limit was already lowered by `quota` for this enabling: its last change lowered it by exactly
 * the further chain's quota (the factory's setting being the first change). */
async function lowered(c: EnableChain, module: Address, abi: readonly unknown[], eventName: string, field: string, compliance: Address, quota: bigint) {
  const logs = await moduleEvents(c, module, abi, eventName, compliance);
  if (logs.length < 2) return false;
  const last = logs[logs.length - 1]!.args[field] as bigint;
  const before = logs[logs.length - 2]!.args[field] as bigint;
  return before - last === quota;
}

const ENABLE_LABELS: Record<EnableStepId, (home: string, remote: string, symbol: string) => string> = {
  "deploy-home-bridge": (h) => `Deploy the asset's bridge on ${h}`,
  "set-home-bridge": (h, _r, s) => `Make it ${s}'s bridge on ${h}`,
  "deploy-remote-asset": (_h, r, s) => `Deploy ${s} on ${r} through its TokenFactory, with its quotas`,
  "deploy-remote-bridge": (_h, r) => `Deploy the asset's bridge on ${r}`,
  "set-remote-bridge": (_h, r, s) => `Make it ${s}'s bridge on ${r}`,
  "link-remote-bridge": (h, r) => `Link ${r}'s bridge to ${h}'s`,
  "lower-home-max-holders": (h, r) => `Lower ${h}'s holder limit by ${r}'s quota`,
  "lower-home-max-balance": (h, r) => `Lower ${h}'s balance cap by ${r}'s quota`,
  "lower-home-supply-cap": (h, r) => `Lower ${h}'s supply cap by ${r}'s quota`,
  "link-home-bridge": (h, r) => `Link ${h}'s bridge to ${r}'s (the asset can then move)`,
};

/**
 * The plan of enabling home-chain asset `token` on `remote`, read from both chains, so that an interrupted enabling
 * (a browser closed, a refused transaction) is **resumed where it stopped, never redone**. Steps, in order (the
 * wallet switches chains twice):
 * 1. home: deploy the asset's AssetBridge (CREATE2, {@link assetBridgeAddress}) and `Token.setBridge` it; done when
 *    the token names a bridge (or the code is at the address);
 * 2. remote: deploy the same asset (name, symbol, decimals, asset class; the home allow-list copied; the quotas)
 *    through that chain's TokenFactory; done when found: the token the home bridge is linked to there, else the
 *    oldest asset the issuer deployed through that factory (`AssetDeployed`, issuer = the home token's owner) with the
 *    same name, symbol, decimals and asset class that is not linked to another asset (its bridge has no link to the
 *    home chain, or one to this asset's home bridge). So a second token is never deployed for the same asset;
 * 3. remote: its AssetBridge (CREATE2), `setBridge`, and its link to the home bridge;
 * 4. home: each limit split lowered by the further chain's quota (`callModuleFunction` on the home compliance);
 *    done when the chain's last change of that limit lowered it by exactly the quota the further chain has (read
 *    there); then the home bridge's link to the further chain, last: until then the asset cannot move there, so the
 *    quotas are in place before anyone arrives. Once that link is made, every step counts as done.
 *
 * Refused in words, before any transaction: no messaging on a chain (NoMessaging); the home bridge linked to another
 * asset there (AlreadyLinked); a missing quota for a limit the home asset has (QuotaRequired); a quota not below the
 * home limit, or a home limit lowered under what the home chain already uses: its holders, its issuance (supply plus
 * net outflow) (QuotaTooLarge). Not checked: home balances above a lowered balance cap (the cap refuses only further
 * receipts).
 * @param params.rules The further chain's rules and quotas ({@link EnableRules}); ignored for steps already done
 *   (the quotas are then read from the further chain).
 * @returns The plan ({@link EnablePlan}).
 * @throws TesseraError InvalidInput, NoMessaging, AlreadyLinked, QuotaRequired, QuotaTooLarge, or a read's failure.
 */
export async function planEnableAssetOnChain(home: EnableChain, remote: EnableChain, params: EnableAssetParams): Promise<EnablePlan> {
  const p = parseInput(enableAssetParamsSchema, params);
  const hn = home.name ?? `chain ${home.chainId}`;
  const rn = remote.name ?? `chain ${remote.chainId}`;
  if (home.chainId === remote.chainId) throw new TesseraError({ message: "invalid input: the asset is already on that chain", errorName: "InvalidInput" });
  if (!home.deployments.messaging || !remote.deployments.messaging) {
    throw new TesseraError({ message: `cross-chain messaging is not deployed on both ${hn} and ${rn}`, errorName: "NoMessaging" });
  }
  const h = home.publicClient;
  const r = remote.publicClient;
  const token = p.token;
  const [name, symbol, decimals, assetClass, issuer, compliance, currentBridge] = await Promise.all(
    ["name", "symbol", "decimals", "assetClass", "owner", "compliance", "bridge"].map((f) => readOn<unknown>(h, token, tokenAbi, f)),
  ) as [string, string, number, number, Address, Address, Address];
  const asset = { name, symbol, decimals: Number(decimals), assetClass: Number(assetClass) };
  const homeBridgeSet = !isAddressEqual(currentBridge, zeroAddress);
  const homeBridge = homeBridgeSet ? currentBridge : assetBridgeAddress(token);
  const homeBridgeDeployed = homeBridgeSet || (await hasCode(h, homeBridge));
  const homeLink = homeBridgeDeployed ? await linkOf(h, homeBridge, remote.chainId) : null;

  // The asset on the further chain: through the home link, else the issuer's unlinked asset of the same kind.
  let remoteToken: Address | null = null;
  if (homeLink) {
    remoteToken = await readOn<Address>(r, homeLink.address, assetBridgeAbi, "token");
  } else {
    let deployed: { args: Record<string, unknown> }[];
    try {
      deployed = (await r.getContractEvents({
        address: remote.deployments.factory,
        abi: tokenFactoryAbi as Abi,
        eventName: "AssetDeployed",
        args: { issuer },
        fromBlock: BigInt(remote.deployments.startBlock ?? 0),
        toBlock: "latest",
      } as never)) as unknown as { args: Record<string, unknown> }[];
    } catch (err) {
      throw toTesseraError(err);
    }
    for (const log of deployed) {
      const a = log.args as { token: Address; name: string; symbol: string; decimals: number; assetClass: number };
      if (a.name !== name || a.symbol !== symbol || Number(a.decimals) !== asset.decimals || Number(a.assetClass) !== asset.assetClass) continue;
      const bridge = await readOn<Address>(r, a.token, tokenAbi, "bridge");
      if (!isAddressEqual(bridge, zeroAddress)) {
        const back = await linkOf(r, bridge, home.chainId);
        if (back && !isAddressEqual(back.address, homeBridge)) continue;
      }
      remoteToken = a.token;
      break;
    }
  }

  // The further chain's bridge and its link back.
  let remoteBridge: Address | null = null;
  let remoteBridgeSet = false;
  let remoteBridgeDeployed = false;
  let remoteLinked = false;
  if (remoteToken) {
    const b = await readOn<Address>(r, remoteToken, tokenAbi, "bridge");
    remoteBridgeSet = !isAddressEqual(b, zeroAddress);
    remoteBridge = remoteBridgeSet ? b : assetBridgeAddress(remoteToken);
    remoteBridgeDeployed = remoteBridgeSet || (await hasCode(r, remoteBridge));
    const back = remoteBridgeDeployed ? await linkOf(r, remoteBridge, home.chainId) : null;
    remoteLinked = back !== null && isAddressEqual(back.address, homeBridge);
  }
  if (homeLink && remoteBridge && !isAddressEqual(homeLink.address, remoteBridge)) {
    throw new TesseraError({
      message: `${symbol}'s bridge on ${hn} is linked to ${homeLink.address} on ${rn}, which is not the bridge of its token there`,
      errorName: "AlreadyLinked",
    });
  }
  const complete = homeLink !== null;

  // Rules and quotas: the home limits, and the further chain's (on it once deployed, else from the rules given).
  const homeLimits = await limitsOf(home, compliance);
  const remoteCompliance = remoteToken ? await readOn<Address>(r, remoteToken, tokenAbi, "compliance") : null;
  const remoteLimits = remoteCompliance ? await limitsOf(remote, remoteCompliance) : null;
  const allowedCountries = remoteCompliance
    ? remoteLimits!.countryAllow
      ? await allowedCountriesOf(remote, remoteCompliance)
      : []
    : (p.rules.allowedCountries ?? (p.splitLimits && homeLimits.countryAllow ? await allowedCountriesOf(home, compliance) : []));
  const m = home.deployments.modules;
  const steps: EnableStep[] = [];
  const step = (id: EnableStepId, chainId: number, done: boolean) => steps.push({ id, chainId, label: ENABLE_LABELS[id](hn, rn, symbol), done: complete || done });
  step("deploy-home-bridge", home.chainId, homeBridgeDeployed);
  step("set-home-bridge", home.chainId, homeBridgeSet);
  step("deploy-remote-asset", remote.chainId, remoteToken !== null);
  step("deploy-remote-bridge", remote.chainId, remoteBridgeDeployed);
  step("set-remote-bridge", remote.chainId, remoteBridgeSet);
  step("link-remote-bridge", remote.chainId, remoteLinked);

  const quotas: EnablePlan["quotas"] = {};
  const limits = [
    { key: "maxHolders", id: "lower-home-max-holders", module: m.maxHolders, abi: maxHoldersModuleAbi, event: "HolderLimitSet", field: "limit", what: "holder limit" },
    { key: "maxBalance", id: "lower-home-max-balance", module: m.maxBalance, abi: maxBalanceModuleAbi, event: "MaxBalanceSet", field: "maxBalance", what: "balance cap" },
    { key: "supplyCap", id: "lower-home-supply-cap", module: m.supplyCap, abi: supplyCapModuleAbi, event: "SupplyCapSet", field: "cap", what: "supply cap" },
  ] as const;
  // Once the home bridge is linked the enabling is over: nothing is split again.
  for (const l of p.splitLimits ? limits : []) {
    const homeLimit = homeLimits[l.key];
    if (homeLimit === null || !l.module) continue;
    const onRemote = remoteLimits ? remoteLimits[l.key] : undefined;
    if (complete) {
      // Done: shown as split when the further chain has the quota (the limits may have changed since).
      if (onRemote) {
        quotas[l.key] = { homeLimit: homeLimit + onRemote, quota: onRemote, homeAfter: homeLimit, homeUsed: null };
        step(l.id, home.chainId, true);
      }
      continue;
    }
    const quota = onRemote !== undefined ? onRemote : (p.rules[l.key] ?? (l.key === "supplyCap" ? 1n : undefined));
    if (quota === null) {
      throw new TesseraError({
        message: `${symbol} on ${rn} has no ${l.what} quota, but ${hn} has a ${l.what}: set it there, then resume`,
        errorName: "QuotaRequired",
      });
    }
    if (quota === undefined && !p.checkQuotas) {
      step(l.id, home.chainId, false);
      continue;
    }
    if (quota === undefined) {
      throw new TesseraError({
        message: `enter ${rn}'s quota of the ${l.what}: ${symbol} has a ${l.what} of ${homeLimit} on ${hn}, which the chains share`,
        errorName: "QuotaRequired",
        args: [l.key, homeLimit],
      });
    }
    const done = remoteToken !== null && (await lowered(home, l.module, l.abi, l.event, l.field, compliance, quota));
    const homeAfter = done ? homeLimit : homeLimit - quota;
    let homeUsed: bigint | null = null;
    if (l.key === "maxHolders") homeUsed = await readOn<bigint>(h, l.module, maxHoldersModuleAbi, "getHolderCount", [compliance]);
    if (l.key === "supplyCap") {
      const supply = await readOn<bigint>(h, token, tokenAbi, "totalSupply");
      const outflow = homeBridgeDeployed ? await readOn<bigint>(h, homeBridge, assetBridgeAbi, "netOutflow") : 0n;
      homeUsed = supply + (outflow > 0n ? outflow : 0n);
    }
    if (!done && p.checkQuotas) {
      if (quota >= homeLimit) {
        throw new TesseraError({
          message: `${rn}'s quota of the ${l.what} (${quota}) must be below ${hn}'s ${l.what} (${homeLimit}): ${hn} keeps the rest`,
          errorName: "QuotaTooLarge",
          args: [l.key, quota, homeLimit],
        });
      }
      if (homeUsed !== null && homeUsed > homeAfter) {
        const used = l.key === "maxHolders" ? `${homeUsed} holders` : `issued ${homeUsed} (token base units)`;
        throw new TesseraError({
          message: `${hn} already has ${used}, more than its ${l.what} would be after giving ${rn} its quota (${homeLimit} - ${quota} = ${homeAfter}): enter a smaller quota`,
          errorName: "QuotaTooLarge",
          args: [l.key, quota, homeLimit, homeUsed],
        });
      }
    }
    quotas[l.key] = { homeLimit: done ? homeLimit + quota : homeLimit, quota, homeAfter, homeUsed };
    step(l.id, home.chainId, done);
  }
  step("link-home-bridge", home.chainId, complete);
  return { token, issuer, asset, steps, remoteToken, homeBridge, remoteBridge, allowedCountries, quotas, complete };
}

/**
 * Runs step `stepId` of enabling `params.token` on `remote` ({@link planEnableAssetOnChain}) from the wallet, which
 * must be the home token's owner (the issuer) and on the step's chain. The plan is read again first: a step already
 * done is not sent again (`sent: false`), and a step whose predecessors are not all done is refused.
 * @param walletClient The issuer's wallet, on the step's chain.
 * @returns The plan read before the step, and the transaction when one was sent.
 * @throws TesseraError NotIssuer (the wallet does not own the token), WrongChain (switch the wallet first),
 *   StepOutOfOrder, Create2DeployerMissing, every refusal of {@link planEnableAssetOnChain}, or the call's error.
 */
export async function runEnableStep(
  walletClient: WalletClient,
  home: EnableChain,
  remote: EnableChain,
  params: EnableAssetParams,
  stepId: EnableStepId,
): Promise<{ plan: EnablePlan; sent: boolean; result?: WriteResult }> {
  const plan = await planEnableAssetOnChain(home, remote, { ...params, checkQuotas: true });
  const index = plan.steps.findIndex((s) => s.id === stepId);
  const s = plan.steps[index];
  if (!s) throw new TesseraError({ message: `invalid input: no step "${stepId}" in this enabling`, errorName: "InvalidInput" });
  if (s.done) return { plan, sent: false };
  const before = plan.steps.slice(0, index).find((x) => !x.done);
  if (before) throw new TesseraError({ message: `"${before.label}" comes first`, errorName: "StepOutOfOrder" });
  const account = accountOf(walletClient);
  if (!isAddressEqual(account.address, plan.issuer)) {
    throw new TesseraError({ message: `only ${plan.asset.symbol}'s issuer (${plan.issuer}) can enable it on another chain`, errorName: "NotIssuer" });
  }
  const chain = s.chainId === home.chainId ? home : remote;
  const walletChain = walletClient.chain?.id;
  if (walletChain !== undefined && walletChain !== s.chainId) {
    throw new TesseraError({ message: `switch your wallet to ${chain.name ?? `chain ${chain.chainId}`} (it is on chain ${walletChain})`, errorName: "WrongChain" });
  }
  const pc = chain.publicClient;
  const write = (address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[], label: string) =>
    simulateAndWrite(walletClient, pc, { address, abi: abi as Abi, functionName, args }, { label });
  const onHome = (what: "maxHolders" | "maxBalance" | "supplyCap", fn: string, abi: readonly unknown[]) => {
    const module = home.deployments.modules[what]!;
    const q = plan.quotas[what]!;
    return readOn<Address>(home.publicClient, plan.token, tokenAbi, "compliance").then((compliance) =>
      write(compliance, modularComplianceAbi, "callModuleFunction", [encodeFunctionData({ abi: abi as Abi, functionName: fn, args: [q.homeAfter] }), module], `lower ${what}`),
    );
  };
  let result: WriteResult;
  switch (s.id) {
    case "deploy-home-bridge":
      result = await deployBridgeCreate2(walletClient, pc, plan.token);
      break;
    case "set-home-bridge":
      result = await write(plan.token, tokenAbi, "setBridge", [plan.homeBridge], "setBridge");
      break;
    case "deploy-remote-asset": {
      const rules = parseInput(enableAssetParamsSchema, params).rules;
      const extra = plan.quotas.supplyCap ?? (rules.supplyCap !== undefined ? { quota: rules.supplyCap } : undefined);
      const modules: ModuleSetup[] = extra ? [moduleSetups.supplyCap(remote.deployments.modules, extra.quota)] : [];
      result = await deployAssetWithModules(walletClient, pc, remote.deployments, {
        ...plan.asset,
        allowedCountries: plan.allowedCountries,
        maxHolders: plan.quotas.maxHolders?.quota ?? rules.maxHolders ?? 0n,
        maxBalance: plan.quotas.maxBalance?.quota ?? rules.maxBalance ?? 0n,
      }, modules);
      break;
    }
    case "deploy-remote-bridge":
      result = await deployBridgeCreate2(walletClient, pc, plan.remoteToken!);
      break;
    case "set-remote-bridge":
      result = await write(plan.remoteToken!, tokenAbi, "setBridge", [plan.remoteBridge], "setBridge");
      break;
    case "link-remote-bridge":
      result = await linkAssetBridge(walletClient, pc, { bridge: plan.remoteBridge!, gateway: remote.deployments.messaging!.gateway, counterpartChainId: home.chainId, counterpartBridge: plan.homeBridge });
      break;
    case "lower-home-max-holders":
      result = await onHome("maxHolders", "setHolderLimit", maxHoldersModuleAbi);
      break;
    case "lower-home-max-balance":
      result = await onHome("maxBalance", "setMaxBalance", maxBalanceModuleAbi);
      break;
    case "lower-home-supply-cap":
      result = await onHome("supplyCap", "setSupplyCap", supplyCapModuleAbi);
      break;
    case "link-home-bridge":
      result = await linkAssetBridge(walletClient, pc, { bridge: plan.homeBridge, gateway: home.deployments.messaging!.gateway, counterpartChainId: remote.chainId, counterpartBridge: plan.remoteBridge! });
      break;
  }
  return { plan, sent: true, result };
}

/** Deploys `token`'s AssetBridge through the CREATE2 deployer at {@link assetBridgeAddress} (simulated first). */
async function deployBridgeCreate2(walletClient: WalletClient, publicClient: PublicClient, token: Address): Promise<WriteResult> {
  if (!(await hasCode(publicClient, CREATE2_DEPLOYER))) {
    throw new TesseraError({
      message: `the deterministic CREATE2 deployer is not on this chain (no code at ${CREATE2_DEPLOYER}), so the asset's bridge cannot be deployed where a resumed enabling finds it`,
      errorName: "Create2DeployerMissing",
    });
  }
  const address = assetBridgeAddress(token);
  const data = concat([bridgeSalt(token), bridgeInitcode(token)]);
  try {
    const account = accountOf(walletClient);
    await publicClient.call({ account, to: CREATE2_DEPLOYER, data });
    const hash = await walletClient.sendTransaction({ account, chain: walletClient.chain, to: CREATE2_DEPLOYER, data });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success" || !(await hasCode(publicClient, address))) {
      throw new TesseraError({ message: "the deployment failed (AssetBridge through the CREATE2 deployer)", errorName: "Reverted" });
    }
    return { hash, receipt };
  } catch (err) {
    throw toTesseraError(err);
  }
}

/**
 * Enables `params.token` on `remote` from one wallet per chain (scripts, tests, `npm start`): runs every step of
 * {@link planEnableAssetOnChain} not done yet, in order, so it also finishes an enabling interrupted in a browser.
 * @param wallets The issuer's wallet on each chain.
 * @returns The further chain's token, both bridges and the final plan.
 * @throws TesseraError as {@link runEnableStep}.
 */
export async function enableAssetOnChainSteps(
  wallets: { home: WalletClient; remote: WalletClient },
  home: EnableChain,
  remote: EnableChain,
  params: EnableAssetParams,
): Promise<{ remoteToken: Address; homeBridge: Address; remoteBridge: Address; plan: EnablePlan }> {
  let plan = await planEnableAssetOnChain(home, remote, params);
  for (let next = plan.steps.find((s) => !s.done); next; next = plan.steps.find((s) => !s.done)) {
    const wallet = next.chainId === home.chainId ? wallets.home : wallets.remote;
    await runEnableStep(wallet, home, remote, params, next.id);
    plan = await planEnableAssetOnChain(home, remote, params);
  }
  return { remoteToken: plan.remoteToken!, homeBridge: plan.homeBridge, remoteBridge: plan.remoteBridge!, plan };
}

/**
 * The limits of home-chain asset `token` that enabling another chain splits into quotas, read from its compliance
 * (what an app asks quotas for before {@link planEnableAssetOnChain}): the holder limit and the holders counted now,
 * the per-wallet balance cap, the supply cap and the issuance now (token base units), and the allowed countries
 * (null: no country rule). A limit is null when the asset has none (its module absent or set to 0).
 * @throws TesseraError InvalidInput, or a read's failure.
 */
export async function readAssetLimits(
  chain: EnableChain,
  token: Address,
): Promise<{
  maxHolders: { limit: bigint; used: bigint } | null;
  maxBalance: { limit: bigint } | null;
  supplyCap: { limit: bigint; used: bigint } | null;
  allowedCountries: number[] | null;
}> {
  const t = parseInput(addressSchema, token);
  const pc = chain.publicClient;
  const [compliance, bridge, supply] = await Promise.all([
    readOn<Address>(pc, t, tokenAbi, "compliance"),
    readOn<Address>(pc, t, tokenAbi, "bridge"),
    readOn<bigint>(pc, t, tokenAbi, "totalSupply"),
  ]);
  const l = await limitsOf(chain, compliance);
  const outflow = isAddressEqual(bridge, zeroAddress) ? 0n : await readOn<bigint>(pc, bridge, assetBridgeAbi, "netOutflow");
  return {
    maxHolders: l.maxHolders === null ? null : { limit: l.maxHolders, used: await readOn<bigint>(pc, chain.deployments.modules.maxHolders, maxHoldersModuleAbi, "getHolderCount", [compliance]) },
    maxBalance: l.maxBalance === null ? null : { limit: l.maxBalance },
    supplyCap: l.supplyCap === null ? null : { limit: l.supplyCap, used: supply + (outflow > 0n ? outflow : 0n) },
    allowedCountries: l.countryAllow ? await allowedCountriesOf(chain, compliance) : null,
  };
}
