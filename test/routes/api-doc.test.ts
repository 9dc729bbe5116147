// docs/api.md is the contract inside the repository, generated from the Worker's own GET
// /openapi.json (npm run docs:api). This fails when the committed file is stale, and checks that
// the names the contract fixes are all in it.
import { describe, expect, it } from "vitest";
import committed from "../../docs/api.md?raw";
import { renderApiDoc, type OpenApiDocument } from "../../scripts/lib/api-doc";
import { get } from "../support/http";

const CONTRACT_FIX_IDS = "apple-outage-wait reconnect-network toggle-airplane-mode disable-vpn switch-network set-date-time-automatically wait-for-activation contact-carrier send-as-text fix-recipient-number merge-duplicate-contacts new-conversation recipient-deregister check-blocked free-storage update-ios force-restart toggle-imessage check-send-receive enable-send-as-sms sign-out-apple-id carrier-settings-update inspect-sim reset-network-settings dfu-restore hardware-service crowd-outage-wait".split(" ");
const CONTRACT_FINDING_IDS = "offline weak-wifi vpn restricted-network clock-skew timezone-mismatch low-storage ios-outdated no-sim roaming activation-pending activation-overdue apple-incident apple-recent-incident recipient-number-format recipient-number-invalid recipient-landline recipient-email single-recipient crowd-outage crowd-possible".split(" ");

describe("docs/api.md", () => {
  it("is what GET /openapi.json renders to (else: npm run docs:api)", async () => {
    const doc = (await (await get("/openapi.json")).json()) as OpenApiDocument;
    const fresh = renderApiDoc(doc);
    // On failure the diff shows what changed; regenerate rather than edit by hand.
    expect(committed, "docs/api.md is stale: run npm run docs:api").toBe(fresh);
  });

  it("holds every route, error code and id the contract fixes", () => {
    for (const route of ["POST /v1/diagnose", "POST /v1/sessions", "GET /v1/sessions/{id}", "POST /v1/sessions/{id}/outcome", "POST /v1/contact-check", "GET /v1/status", "GET /v1/playbook", "GET /healthz", "GET /shortcuts/{file}"]) {
      expect(committed).toContain(`### ${route}\n`);
    }
    for (const code of ["invalid_request", "not_found", "method_not_allowed", "conflict", "too_large", "unsupported_media_type", "rate_limited", "internal", "unavailable"]) {
      expect(committed).toContain(`| \`${code}\` |`);
    }
    for (const id of [...CONTRACT_FIX_IDS, ...CONTRACT_FINDING_IDS]) expect(committed, id).toContain(`\`${id}\``);
    for (const field of ["`verdict.apple`", "`verdict.crowd`", "`next`", "`say`", "`show`", "`client`", "`session`", "`issues`"]) expect(committed, field).toContain(field);
  });
});
