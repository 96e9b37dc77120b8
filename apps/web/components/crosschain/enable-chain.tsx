"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState, type FormEvent } from "react";
import { type Abi, type Address, isAddressEqual } from "viem";
import { useConnection } from "wagmi";
import { tokenAbi } from "@tessera/contracts";
import { type EnableChain, type EnablePlan, type EnableRules, planEnableAssetOnChain, readAssetLimits, runEnableStep } from "@/lib/client/bridge-sdk";
import { explainUnknown } from "@/lib/client/errors";
import { formatAmount, parseTokenAmount, shortAddress } from "@/lib/client/format";
import { isTxBusy, useTxFlow } from "@/lib/client/use-tx-flow";
import type { AssetDto } from "@/lib/shared/api-types";
import type { RuntimeChain } from "@/lib/shared/deployments";
import { useRuntimeConfig } from "../runtime-config";
import { SwitchChainButton } from "../chain-switcher";
import { QueryNotice } from "../query-notice";
import { TxProgress } from "../tx-progress";
import { useAssetRoutes, useChainClients } from "./use-crosschain";

/** The SDK's view of a served chain for enabling (null when its deployments file is missing). */
function enableChainOf(chain: RuntimeChain, clients: ReturnType<typeof useChainClients>): EnableChain | null {
  const publicClient = clients.get(chain.chainId);
  if (!publicClient || !chain.deployments) return null;
  return { publicClient, chainId: chain.chainId, deployments: chain.deployments, name: chain.name };
}

/**
 * "Enable on L2" (issuer's Chains tab): one form per served chain the asset is not enabled on yet. The asset's issuer
 * (the home token's owner: linking the bridges is the owner's) enters the further chain's quotas of the asset's
 * limits (holders, balance cap, supply cap: taken from the home chain's), checks the plan (the SDK's
 * planEnableAssetOnChain: every step with its state, or the refusal in words) and runs it: one transaction per step,
 * each on its chain (the wallet is asked to switch first). The plan is read from the chains, so reopening the tab
 * after an interruption shows the steps done and resumes with the next one.
 */
export function EnableChains({ asset }: { asset: AssetDto }) {
  const rt = useRuntimeConfig();
  const routes = useAssetRoutes([asset.token]);
  const enabledOn = new Set((routes.data?.get(asset.token.toLowerCase()) ?? []).map((r) => r.chainId));
  const home = rt.chains.find((c) => c.home);
  if (!home || routes.data === undefined) return null;
  const further = rt.chains.filter((c) => !c.home && !enabledOn.has(c.chainId));
  return (
    <>
      {further.map((c) => (
        <EnableChainForm key={c.chainId} asset={asset} home={home} remote={c} />
      ))}
    </>
  );
}

type Quotas = { maxHolders: string; maxBalance: string; supplyCap: string };

function EnableChainForm({ asset, home, remote }: { asset: AssetDto; home: RuntimeChain; remote: RuntimeChain }) {
  const clients = useChainClients();
  const queryClient = useQueryClient();
  const connection = useConnection();
  const wallet = connection.address;
  const homeChain = enableChainOf(home, clients);
  const remoteChain = enableChainOf(remote, clients);
  const txHome = useTxFlow({ chainId: home.chainId });
  const txRemote = useTxFlow({ chainId: remote.chainId });
  const [quotas, setQuotas] = useState<Quotas>({ maxHolders: "", maxBalance: "", supplyCap: "" });
  const [fieldError, setFieldError] = useState<Partial<Record<keyof Quotas, string>>>({});
  const [current, setCurrent] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const [checked, setChecked] = useState<{ plan: EnablePlan; key: string } | { error: string; key: string } | null>(null);
  const id = `enable-${remote.chainId}`;

  const owner = useQuery({
    queryKey: ["token-owner", asset.token],
    queryFn: async () => (await clients.get(home.chainId)!.readContract({ address: asset.token, abi: tokenAbi as Abi, functionName: "owner", args: [] })) as Address,
  });
  const limits = useQuery({
    queryKey: ["enable-limits", asset.token],
    queryFn: () => readAssetLimits(homeChain!, asset.token),
    enabled: homeChain !== null,
  });
  // The plan as the chains show it now (no quota typed yet): what a reopened tab resumes from.
  const progress = useQuery({
    queryKey: ["enable-plan", asset.token, remote.chainId],
    queryFn: () => planEnableAssetOnChain(homeChain!, remoteChain!, { token: asset.token, checkQuotas: false }),
    enabled: homeChain !== null && remoteChain !== null,
  });
  const started = progress.data?.steps.some((s) => s.done) ?? false;
  const onRemote = progress.data?.remoteToken ? progress.data : null;

  if (!homeChain || !remoteChain) {
    return (
      <section className="card" aria-labelledby={`${id}-heading`}>
        <h2 id={`${id}-heading`}>Enable on {remote.name}</h2>
        <p className="notice">{remote.deploymentsProblem ?? home.deploymentsProblem ?? `The app has no client for ${remote.name}.`}</p>
      </section>
    );
  }
  const isOwner = wallet !== undefined && owner.data !== undefined && isAddressEqual(wallet, owner.data);

  const inputKey = `${quotas.maxHolders}|${quotas.maxBalance}|${quotas.supplyCap}`;

  /** The rules from the fields (whole tokens → base units), or null with the fields' errors shown. */
  function rulesOf(): EnableRules | null {
    const l = limits.data;
    const next: Partial<Record<keyof Quotas, string>> = {};
    const rules: EnableRules = {};
    if (l?.maxHolders && !onRemote) {
      const v = quotas.maxHolders.trim();
      if (!/^\d+$/.test(v) || BigInt(v) < 1n) next.maxHolders = "Enter a whole number of holders, at least 1.";
      else rules.maxHolders = BigInt(v);
    }
    if (l?.maxBalance && !onRemote) {
      const v = parseTokenAmount(quotas.maxBalance, asset.decimals);
      if (!v.ok || v.value === 0n) next.maxBalance = v.ok ? "Enter more than 0." : v.error;
      else rules.maxBalance = v.value;
    }
    if (l?.supplyCap && !onRemote && quotas.supplyCap.trim()) {
      const v = parseTokenAmount(quotas.supplyCap, asset.decimals);
      if (!v.ok || v.value === 0n) next.supplyCap = v.ok ? "Enter more than 0, or leave it empty for the smallest quota." : v.error;
      else rules.supplyCap = v.value;
    }
    setFieldError(next);
    return Object.keys(next).length ? null : rules;
  }

  const plan = (rules: EnableRules) => planEnableAssetOnChain(homeChain, remoteChain, { token: asset.token, rules });

  async function onCheck() {
    const rules = rulesOf();
    if (!rules) return;
    const key = inputKey;
    try {
      setChecked({ plan: await plan(rules), key });
    } catch (err) {
      setChecked({ error: explainUnknown(err), key });
    }
  }

  async function onRun(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const rules = rulesOf();
    if (!rules || !homeChain || !remoteChain) return;
    setRunning(true);
    try {
      for (;;) {
        // Read again before every step: what is done is never sent again.
        let p: EnablePlan;
        try {
          p = await plan(rules);
        } catch (err) {
          setChecked({ error: explainUnknown(err), key: inputKey });
          return;
        }
        setChecked({ plan: p, key: inputKey });
        const next = p.steps.find((s) => !s.done);
        if (!next) break;
        setCurrent(next.id);
        const onHome = next.chainId === home.chainId;
        const tx = onHome ? txHome : txRemote;
        const result = await tx.run({
          send: async (walletClient, publicClient) => {
            const r = await runEnableStep(
              walletClient,
              onHome ? { ...homeChain, publicClient } : homeChain,
              onHome ? remoteChain : { ...remoteChain, publicClient },
              { token: asset.token, rules },
              next.id,
            );
            if (!r.result) throw new Error(`"${next.label}" was already done.`);
            return r.result;
          },
          isIndexed: async () => true,
          success: () => `${next.label}: done.`,
        });
        if (result === undefined) return;
      }
      setCurrent(null);
      await queryClient.invalidateQueries({ queryKey: ["crosschain-routes"] });
      await queryClient.invalidateQueries({ queryKey: ["asset-crosschain"] });
    } finally {
      setRunning(false);
      await queryClient.invalidateQueries({ queryKey: ["enable-plan", asset.token, remote.chainId] });
    }
  }

  const shown = checked && checked.key === inputKey ? checked : null;
  const steps = (shown && "plan" in shown ? shown.plan : (progress.data ?? null))?.steps ?? [];
  const nextStep = steps.find((s) => !s.done);
  const busy = running || isTxBusy(txHome.state) || isTxBusy(txRemote.state);
  const activeTx = current && steps.find((s) => s.id === current)?.chainId === remote.chainId ? txRemote : txHome;
  const l = limits.data;
  const whole = (v: bigint) => `${formatAmount(v.toString(), asset.decimals)} ${asset.symbol}`;

  return (
    <section className="card" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>Enable on {remote.name}</h2>
      <p className="hint">
        Deploys {asset.symbol} on {remote.name} through its TokenFactory, a bridge on each chain, and links them, so that investors can move their
        holdings there. Each of the asset&apos;s limits is shared: {remote.name}&apos;s quota is taken from {home.name}&apos;s limit, so together they
        stay the asset&apos;s.
      </p>
      {owner.isPending || connection.isConnecting ? null : !isOwner ? (
        <p className="notice" aria-label={`Enable on ${remote.name} access`}>
          {!wallet
            ? `Connect the issuer's wallet to enable ${asset.symbol} on ${remote.name}.`
            : `Only ${asset.symbol}'s issuer (the token's owner, ${owner.data ? shortAddress(owner.data) : "?"}) can enable it on ${remote.name}: the bridges' links are the owner's to set.`}
        </p>
      ) : (
        <form className="form" onSubmit={onRun} noValidate aria-labelledby={`${id}-heading`}>
          <QueryNotice isPending={limits.isPending} error={(limits.error ?? owner.error ?? progress.error) as Error | null} what={`${asset.symbol}'s limits`} />
          {started ? (
            <p className="notice warn" aria-label="Enable resume">
              Enabling {asset.symbol} on {remote.name} was started and not finished: {steps.filter((s) => s.done).length} of {steps.length} steps are
              done. Running it again resumes with the next step.
            </p>
          ) : null}
          {l ? (
            <>
              <p className="hint">
                {l.allowedCountries === null
                  ? `${asset.symbol} has no country rule: ${remote.name} gets none.`
                  : `${remote.name} allows the same countries as ${home.name}: ${l.allowedCountries.join(", ") || "none"}.`}
              </p>
              {l.maxHolders ? (
                <QuotaField
                  id={`${id}-holders`}
                  label={`Holders quota on ${remote.name}`}
                  inputMode="numeric"
                  value={onRemote ? String(onRemote.quotas.maxHolders?.quota ?? "") : quotas.maxHolders}
                  readOnly={Boolean(onRemote)}
                  onChange={(v) => setQuotas({ ...quotas, maxHolders: v })}
                  error={fieldError.maxHolders}
                  hint={`${home.name} allows ${l.maxHolders.limit} holders and has ${l.maxHolders.used}; ${remote.name}'s quota is taken from it.`}
                />
              ) : null}
              {l.maxBalance ? (
                <QuotaField
                  id={`${id}-balance`}
                  label={`Balance cap quota on ${remote.name}`}
                  value={onRemote ? formatAmount(String(onRemote.quotas.maxBalance?.quota ?? 0n), asset.decimals) : quotas.maxBalance}
                  readOnly={Boolean(onRemote)}
                  onChange={(v) => setQuotas({ ...quotas, maxBalance: v })}
                  error={fieldError.maxBalance}
                  hint={`Whole tokens per wallet. ${home.name}'s cap is ${whole(l.maxBalance.limit)}; ${remote.name}'s quota is taken from it.`}
                />
              ) : null}
              {l.supplyCap ? (
                <QuotaField
                  id={`${id}-cap`}
                  label={`Supply cap quota on ${remote.name}`}
                  placeholder="smallest"
                  value={onRemote ? formatAmount(String(onRemote.quotas.supplyCap?.quota ?? 0n), asset.decimals) : quotas.supplyCap}
                  readOnly={Boolean(onRemote)}
                  onChange={(v) => setQuotas({ ...quotas, supplyCap: v })}
                  error={fieldError.supplyCap}
                  hint={`Whole tokens ${remote.name} may issue; empty: the smallest (it issues nothing, investors bring tokens from ${home.name}). ${home.name}'s cap is ${whole(l.supplyCap.limit)}, ${whole(l.supplyCap.used)} issued.`}
                />
              ) : null}
              {onRemote ? <p className="hint">The quotas are {remote.name}&apos;s own: its asset is already deployed.</p> : null}
            </>
          ) : null}
          {nextStep && nextStep.chainId !== connection.chainId && isOwner ? (
            <p className="notice warn" aria-label="Next step chain">
              The next step is sent on {nextStep.chainId === home.chainId ? home.name : remote.name}: the wallet is asked to switch, or:{" "}
              <SwitchChainButton chain={nextStep.chainId === home.chainId ? home : remote} />
            </p>
          ) : null}
          <div className="actions">
            <button type="button" className="btn-secondary" onClick={() => void onCheck()} disabled={busy || !l}>
              Check
            </button>
            <button type="submit" disabled={busy || !l}>
              {started ? `Resume enabling on ${remote.name}` : `Enable on ${remote.name}`}
            </button>
          </div>
          {shown && "error" in shown ? (
            <p role="alert" aria-label="Enable check" className="notice error">
              <strong>Not possible:</strong> {shown.error}
            </p>
          ) : null}
          {shown && "plan" in shown && !shown.plan.complete ? (
            <p role="status" aria-label="Quotas moved" className="notice ok">
              <strong>Possible.</strong>{" "}
              {quotaLines(shown.plan, home.name, remote.name, whole).join(" ") || `${asset.symbol} has no limit to share with ${remote.name}.`}
            </p>
          ) : null}
          {steps.length ? (
            <ol aria-label={`Steps to enable on ${remote.name}`} className="plain">
              {steps.map((s) => {
                const state = s.done ? "done" : running && s.id === current ? "now" : "to do";
                return (
                  <li key={s.id} data-state={state}>
                    <strong>{state === "done" ? "✓ done" : state === "now" ? "→ now" : "· to do"}</strong> {s.label}{" "}
                    <span className="hint">on {s.chainId === home.chainId ? home.name : remote.name}</span>
                  </li>
                );
              })}
            </ol>
          ) : null}
          <TxProgress state={activeTx.state} label="Enable progress" />
        </form>
      )}
    </section>
  );
}

/** One quota input of the form: its label, the value (read-only once the remote asset exists) and a hint or the error. */
function QuotaField(props: {
  id: string;
  label: string;
  value: string;
  readOnly: boolean;
  onChange: (value: string) => void;
  error: string | undefined;
  hint: string;
  inputMode?: "numeric" | "decimal";
  placeholder?: string;
}) {
  const { id, error } = props;
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        inputMode={props.inputMode ?? "decimal"}
        placeholder={props.placeholder}
        value={props.value}
        readOnly={props.readOnly}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={Boolean(error)}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="hint" style={error ? { color: "var(--danger)" } : undefined}>
        {error ?? props.hint}
      </p>
    </div>
  );
}

/** The quotas a plan moves, in words ("Holder limit: L1 10 → 7, L2 3."); amounts as whole tokens. */
function quotaLines(plan: EnablePlan, home: string, remote: string, whole: (v: bigint) => string): string[] {
  const out: string[] = [];
  const q = plan.quotas;
  if (q.maxHolders) out.push(`Holder limit: ${home} ${q.maxHolders.homeLimit} → ${q.maxHolders.homeAfter}, ${remote} ${q.maxHolders.quota}.`);
  if (q.maxBalance) out.push(`Balance cap: ${home} ${whole(q.maxBalance.homeLimit)} → ${whole(q.maxBalance.homeAfter)}, ${remote} ${whole(q.maxBalance.quota)}.`);
  if (q.supplyCap) out.push(`Supply cap: ${home} ${whole(q.supplyCap.homeLimit)} → ${whole(q.supplyCap.homeAfter)}, ${remote} ${whole(q.supplyCap.quota)}.`);
  return out;
}
