// AccessManager events → RoleChange (every event, arguments as JSON) and RoleMember (current members).
import type { EventName } from "../contracts.ts";
import { argsJson } from "../store/sql.ts";
import type { ContextOf, EventOf, HandlersOf } from "./types.ts";

/** Every event of the asset's AccessManager, in chain order, with its decoded arguments. */
const recordRoleChange = async (event: EventOf<"AccessManager", Exclude<EventName<"AccessManager">, "Initialized">>, context: ContextOf<"AccessManager">) => {
  const args: Record<string, unknown> = event.args;
  const roleId = typeof args.roleId === "bigint" ? args.roleId : null;
  const account = typeof args.account === "string" ? args.account : null;
  await context.db.query(
    `INSERT INTO "RoleChange" ("chainId", "blockNumber", "logIndex", "txHash", "blockTime", "token", "accessManager", "event", "roleId", "account", "args")
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
    [context.chainId, event.blockNumber.toString(), event.logIndex, event.txHash, context.blockTime(event.blockNumber), context.token,
      event.address, event.name, roleId?.toString() ?? null, account, argsJson(args)],
  );
};

export const accessManagerHandlers = {
  "AccessManager:RoleGranted": async (event, context) => {
    await recordRoleChange(event, context);
    const { roleId, account, since, delay, newMember } = event.args;
    await context.journal?.roleMember(event.address, roleId, account);
    // newMember false: an existing member's execution delay changed (its grant block stays).
    await context.db.query(
      `INSERT INTO "RoleMember" ("chainId", "accessManager", "roleId", "account", "token", "active", "since", "executionDelay", "grantedBlock", "updatedBlock")
       VALUES ($1, $2, $3, $4, $5, true, $6, $7, $8, $8)
       ON CONFLICT ("chainId", "accessManager", "roleId", "account") DO UPDATE SET "active" = true, "since" = EXCLUDED."since",
         "executionDelay" = EXCLUDED."executionDelay", "updatedBlock" = EXCLUDED."updatedBlock",
         "grantedBlock" = CASE WHEN $9 OR NOT "RoleMember"."active" THEN EXCLUDED."grantedBlock" ELSE "RoleMember"."grantedBlock" END`,
      [context.chainId, event.address, roleId.toString(), account, context.token, String(since), String(delay), event.blockNumber.toString(), newMember],
    );
  },
  "AccessManager:RoleRevoked": async (event, context) => {
    await recordRoleChange(event, context);
    const { roleId, account } = event.args;
    await context.journal?.roleMember(event.address, roleId, account);
    await context.db.query(
      `UPDATE "RoleMember" SET "active" = false, "updatedBlock" = $5
       WHERE "chainId" = $1 AND "accessManager" = $2 AND "roleId" = $3 AND "account" = $4`,
      [context.chainId, event.address, roleId.toString(), account, event.blockNumber.toString()],
    );
  },
  "AccessManager:RoleLabel": recordRoleChange,
  "AccessManager:RoleAdminChanged": recordRoleChange,
  "AccessManager:RoleGuardianChanged": recordRoleChange,
  "AccessManager:RoleGrantDelayChanged": recordRoleChange,
  "AccessManager:TargetFunctionRoleUpdated": recordRoleChange,
  "AccessManager:TargetClosed": recordRoleChange,
  "AccessManager:TargetAdminDelayUpdated": recordRoleChange,
  "AccessManager:OperationScheduled": recordRoleChange,
  "AccessManager:OperationExecuted": recordRoleChange,
  "AccessManager:OperationCanceled": recordRoleChange,
  "AccessManager:Initialized": null,
} satisfies HandlersOf<"AccessManager">;
