import { respond } from "@/lib/api/errors";
import { getInvestorDetail, investorWalletParam } from "@/lib/compliance/get-investor";

/** GET /api/investors/[wallet]: the registry record now, the identity's other wallets and its claims (compliance officers). */
export async function GET(req: Request, ctx: { params: Promise<{ wallet: string }> }): Promise<Response> {
  return respond(async () => {
    const { wallet } = investorWalletParam.parse(await ctx.params);
    return getInvestorDetail(req, wallet);
  });
}
