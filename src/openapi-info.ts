// The prose of the API contract, as GET /openapi.json's info.description: what holds for every
// route. docs/api.md is generated from the same document (npm run docs:api), so this text, the
// route descriptions and the zod schemas are the one place the contract is written.

export const API_DESCRIPTION = `
Turns what an iPhone reports into the next iMessage fix to try, with Apple's live status. The
Shortcuts in \`shortcuts/\` and any other client speak this API. Names in this document are fixed:
clients and outside checks depend on them. Additions are additive; clients ignore fields they don't
know, and the API ignores request fields it doesn't know.

## Conventions

- JSON in, JSON out, UTF-8. Request bodies must be \`Content-Type: application/json\` (else \`415\`)
  and at most 16 KiB (else \`413\`).
- **Lenient input.** Shortcuts sends numbers and booleans as text more often than not: every number
  field also takes its text form (\`"87"\`), every boolean \`true\`/\`false\`, \`yes\`/\`no\`, \`on\`/\`off\`,
  \`1\`/\`0\`, and an empty string means "not given".
- Every response carries \`x-request-id\`, and security headers (a strict Content-Security-Policy,
  HSTS, nosniff, frame denial).
- A Shortcut sends \`client: {shortcut, version}\` (on a GET: \`?client=&version=\`); an older version is
  answered with \`client.updateUrl\`, where to get the current one.

## What a device reports

| \`symptom.kind\` | what the person sees |
|---|---|
| \`not_delivered\` | a red "!" and "Not Delivered" under the message |
| \`no_delivered_status\` | no status under the bubble |
| \`waiting_for_activation\` | "Waiting for activation" in Settings > Messages |
| \`activation_error\` | "Activation unsuccessful" or "An error occurred during activation" |
| \`sending_green\` | messages go as green text messages |
| \`mac_delivered_iphone_not\` | the Mac shows the message delivered, the iPhone doesn't |
| \`sms_mms_failing\` | iMessage works, but text and picture messages don't |

\`tried[].outcome\` and a session outcome are \`fixed\`, \`not_fixed\`, \`skipped\` or \`cannot_do\`.

## Errors

Every error is the same envelope:

\`\`\`json
{"error": {"code": "invalid_request", "message": "A sentence a person can read.", "issues": [{"path": "device.osVersion", "message": "Required."}], "requestId": "…"}}
\`\`\`

\`issues\` is always a list: per field (dotted paths) for \`invalid_request\`, empty otherwise.

| status | code | when |
|---|---|---|
| 400 | \`invalid_request\` | the body or query doesn't validate, or isn't JSON |
| 404 | \`not_found\` | no such route, session or file |
| 405 | \`method_not_allowed\` | the route exists with other methods: they are in the \`Allow\` header |
| 409 | \`conflict\` | a session outcome for a fix not offered, already recorded, or after the repair was resolved |
| 413 | \`too_large\` | a body over 16 KiB |
| 415 | \`unsupported_media_type\` | a body that isn't JSON |
| 429 | \`rate_limited\` | over 30 POST requests in 60 s from one address; \`Retry-After\` says when to retry |
| 500 | \`internal\` | an unexpected fault; logged with its request id, never with the body |
| 503 | \`unavailable\` | the session store is unavailable; \`Retry-After\` says when to retry |

## Sessions

A session keeps a guided repair across restarts of the phone: \`POST /v1/sessions\` starts one,
\`POST /v1/sessions/{id}/outcome\` records how the offered fix went and answers the next, \`GET
/v1/sessions/{id}\` says where it stands. Sessions expire 30 days after their last use (\`404\` after).
A retried outcome with the same \`Idempotency-Key\` changes nothing and answers the same. The clock's
skew is measured when a reading arrives and kept; a fresh \`clock\` in an outcome's \`diagnostics\`
replaces it. The DFU restore is offered only after an explicit backup confirmation
(\`settings.backupConfirmed: true\`, or a \`tried[]\` \`back-up-iphone\` entry with \`confirmed: true\`).

## Apple's status, the crowd and what worked

- \`verdict.apple\` comes from Apple's own status feeds, read every 5 minutes into a snapshot: a request
  never waits on Apple while a snapshot exists. \`GET /v1/status\` is cached for 30 s (5 s while
  \`unknown\`), by clients and, on a custom domain, by Cloudflare in the location that serves it.
- \`verdict.crowd\` counts clean problem reports from Fix iMessage runs in the caller's country over
  the last 15 minutes against what is usual for that time of day (\`none\`, \`possible\`, \`likely\`,
  \`unknown\`).
- \`next.worked\` is how often the offered fix ended the repair for people with the same symptom and
  scope, or \`null\` when fewer than 20 people tried it.

## Privacy

A recipient's number or email is checked and forgotten: never stored, never logged. Sessions keep
findings, fix ids and outcomes only. No request body is logged.

## Configuration (wrangler vars)

| var | what |
|---|---|
| \`APPLE_STATUS_URL\`, \`APPLE_DEVELOPER_STATUS_URL\`, \`IOS_VERSIONS_URL\` | Apple's feeds (tests and mirrors point them elsewhere; empty turns a feed off) |
| \`PUBLIC_URL\` | where this deployment answers: update links, the landing page, the Shortcuts' default |
| \`RATE_LIMIT\` | \`off\` lifts the rate limiter (local load tests only) |
| \`STATUS_CACHE\` | \`off\`: \`GET /v1/status\` is not answered from the location's cache |

## Other routes

\`GET /\` is the landing page (with \`/styles.css\`, \`/favicon.svg\`, \`/favicon.ico\`), \`GET /openapi.json\`
this document. With \`wrangler dev --test-scheduled\`, \`/__scheduled\` runs the status refresh by hand.
`.trim();
