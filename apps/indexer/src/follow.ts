// Which addresses are followed, and which asset each belongs to: the fixed addresses of the deployments file plus
// every factory child discovered so far (contracts.ts declares both). One class for the fetch side (sync: what to ask
// eth_getLogs for) and the write side (store: which asset an event is for); each keeps its own instance.
import type { Deployments } from "@tessera/contracts";
import { contractNames, declarationOf, discoveriesByEvent, discoverySources, fixedAddresses, type ContractName, type DecodedEvent } from "./contracts.ts";

/** Factory children by contract: address → the token (asset) it belongs to, and token → its current child. */
interface Children {
  byAddress: Map<string, string>;
  byAsset: Map<string, string>;
}

/** A contract's followed address → contract name and asset, kept current from discovery events. */
export class Followed {
  private readonly children = new Map<ContractName, Children>();

  /** @param fixed lower-case address → contract, from {@link fixedAddresses}. */
  constructor(readonly fixed: ReadonlyMap<string, ContractName>) {
    for (const name of contractNames) {
      if (declarationOf(name).address.kind === "factory") this.children.set(name, { byAddress: new Map(), byAsset: new Map() });
    }
  }

  static fromDeployments(deployments: Deployments): Followed {
    return new Followed(fixedAddresses(deployments));
  }

  /**
   * Adds the children stored in `Asset` rows (each factory child's declared column), as a restarted indexer or the
   * writer's transaction finds them.
   */
  addAssets(rows: Iterable<Record<string, string | null>>): this {
    for (const row of rows) {
      const token = row.token!;
      for (const [name, c] of this.children) {
        const address = declarationOf(name).address;
        const child = address.kind === "factory" ? row[address.column] : null;
        if (child) this.set(c, child, token);
      }
    }
    return this;
  }

  /** The `Asset` columns {@link addAssets} reads. */
  static get assetColumns(): string[] {
    const columns = new Set<string>(["token"]);
    for (const name of contractNames) {
      const address = declarationOf(name).address;
      if (address.kind === "factory") columns.add(address.column);
    }
    return [...columns];
  }

  clone(): Followed {
    const copy = new Followed(this.fixed);
    for (const [name, c] of this.children) {
      const target = copy.children.get(name)!;
      for (const [a, t] of c.byAddress) target.byAddress.set(a, t);
      for (const [t, a] of c.byAsset) target.byAsset.set(t, a);
    }
    return copy;
  }

  /** The declared contract at `address` (lower-case), if followed. */
  contractAt(address: string): ContractName | undefined {
    const fixed = this.fixed.get(address);
    if (fixed) return fixed;
    for (const [name, c] of this.children) if (c.byAddress.has(address)) return name;
    return undefined;
  }

  /** Every followed address, lower-case, optionally without some contracts. */
  addresses(except: ReadonlySet<ContractName> = new Set()): string[] {
    const out: string[] = [];
    for (const [a, name] of this.fixed) if (!except.has(name)) out.push(a);
    for (const [name, c] of this.children) if (!except.has(name)) out.push(...c.byAddress.keys());
    return out;
  }

  /** The token a factory child of contract `name` at `address` belongs to. */
  assetOf(name: ContractName, address: string): string | undefined {
    return this.children.get(name)?.byAddress.get(address);
  }

  /**
   * The asset (token) an event concerns: a factory child's own asset, or for a filtered singleton the asset of the
   * followed contract its argument names; undefined when it concerns none the indexer follows (then it is not indexed),
   * or for contracts that are not per asset (IdentityRegistry, TokenFactory).
   */
  assetOfEvent(e: DecodedEvent): string | undefined {
    const declaration = declarationOf(e.contract);
    if (declaration.address.kind === "factory") return this.assetOf(e.contract, e.address);
    if (declaration.filter) {
      const value = (e.args as Record<string, unknown>)[declaration.filter.arg];
      return typeof value === "string" ? this.assetOf(declaration.filter.of as ContractName, value) : undefined;
    }
    return undefined;
  }

  /** Applies an event's factory discoveries (contracts.ts). @returns true if the event is a discovery source. */
  discover(e: DecodedEvent): boolean {
    const found = discoveriesByEvent.get(e.contract)?.get(e.name);
    if (!found) return false;
    const args = e.args as Record<string, unknown>;
    for (const { child, source } of found) {
      const token = source.asset === "emitter" ? this.assetOf(e.contract, e.address) : (args[source.asset] as string);
      const address = args[source.parameter] as string;
      if (token && address) this.set(this.children.get(child)!, address, token);
    }
    return true;
  }

  private set(c: Children, address: string, token: string): void {
    const previous = c.byAsset.get(token);
    if (previous !== undefined && previous !== address) c.byAddress.delete(previous);
    c.byAsset.set(token, address);
    c.byAddress.set(address, token);
  }
}

/** Is `contract:event` a factory discovery source (its window may make the next windows fetch more addresses)? */
export const isDiscovery = (e: DecodedEvent): boolean => discoveriesByEvent.get(e.contract)?.has(e.name) ?? false;

/** Contracts at a fixed address whose events discover children: their logs are fetched first in every window. */
export const discoveryParents: ReadonlySet<ContractName> = new Set(
  [...discoverySources.keys()].map((k) => k.split(":")[0] as ContractName).filter((c) => declarationOf(c).address.kind === "fixed"),
);
