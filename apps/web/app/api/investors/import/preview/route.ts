import { withSession } from "@/lib/api/with-session";
import { IMPORT_BODY_LIMIT, importPreviewBody, previewInvestorImport } from "@/lib/compliance/import-investors";

/** POST /api/investors/import/preview `{ csv }`: validates an allowlist CSV row by row before anything is sent (413 over 256 KiB). */
export const POST = withSession(({ body }) => previewInvestorImport(body), {
  body: importPreviewBody,
  bodyLimit: IMPORT_BODY_LIMIT,
  permission: "compliance-officer",
});
