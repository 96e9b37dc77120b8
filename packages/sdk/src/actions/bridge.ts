/**
 * An asset on several chains: its AssetBridge on each chain (ERC-7802 mint and burn over an ERC-7786 gateway) and the
 * links between them. Browser-safe. See ARCHITECTURE.md "Cross-chain".
 */
import {
  encodeAbiParameters,
  isAddressEqual,
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
  hyperlaneGatewayAbi,
  identityRegistryAbi,
  modularComplianceAbi,
  RestrictionCode,
  tokenAbi,
} from "@tessera/contracts";
import { refusal, restrictionMessage, TesseraError, toTesseraError } from "../errors";
import { formatEvmInteropAddress, parseEvmInteropAddress } from "../interop-address";
import { addressSchema, amountSchema, parseInput } from "../schemas";
import { accountOf, deployContract, readContract, simulateAndWrite, type WriteResult } from "../send";
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

type Chain = Required<Omit<BridgeChain, "name" | "fromBlock">> & { name: string; fromBlock: bigint };

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
async function resolveChain(value: BridgeChain, which: string): Promise<Chain> {
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

const read = <T>(c: Chain, address: Address, abi: readonly unknown[], functionName: string, args: readonly unknown[] = []) =>
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
async function quoteFee(src: Chain, gateway: Address, counterpart: Hex, m: { from: Address; to: Address; identity: Address; amount: bigint }): Promise<bigint> {
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
async function findEvent(c: Chain, eventName: string, args: Record<string, unknown>): Promise<Log | null> {
  try {
    const logs = (await c.publicClient.getContractEvents({ address: c.bridge, abi: bridgeAbi, eventName, args, fromBlock: c.fromBlock, toBlock: "latest" } as never)) as unknown as Log[];
    return logs[0] ?? null;
  } catch (err) {
    throw toTesseraError(err);
  }
}

const ref = (c: Chain, l: Log): ChainEventRef => ({ chainId: c.chainId, blockNumber: l.blockNumber ?? 0n, transactionHash: l.transactionHash ?? ("0x" as Hash) });

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
