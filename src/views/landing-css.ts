// The landing page's stylesheet, served at /styles.css?v=<hash>: the CSP allows no inline style, and
// the hash in the URL lets browsers keep it for a year while a new deploy still takes effect at once.

export const LANDING_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --surface: #f5f5f7; --text: #1d1d1f; --muted: #4a4a50; --line: #c9c9cf;
  --link: #0047a8; --button-bg: #0b57d0; --button-text: #ffffff; --focus: #0b57d0;
  --ok-bg: #e6f4ea; --ok-line: #1e7b34; --ok-text: #0d4a1f;
  --warn-bg: #fff3df; --warn-line: #a35f00; --warn-text: #5c3500;
  --bad-bg: #fde7e7; --bad-line: #c62828; --bad-text: #7f1010;
  --none-bg: #eeeef1; --none-line: #6e6e76; --none-text: #2e2e33;
  --chart-clean: #0b57d0; --chart-other: #a9b4c6; --chart-band: #d9e7d9; --chart-expected: #1e7b34;
  --chart-likely: #f9d4d4; --chart-possible: #fde9c4; --chart-apple: #c62828;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #121214; --surface: #1d1d21; --text: #f2f2f5; --muted: #b9b9c2; --line: #45454d;
    --link: #8cc2ff; --button-bg: #8ab4f8; --button-text: #0b1b33; --focus: #8ab4f8;
    --ok-bg: #0f2a19; --ok-line: #52c476; --ok-text: #cdf3d9;
    --warn-bg: #33250c; --warn-line: #f0a63a; --warn-text: #ffe4b8;
    --bad-bg: #3b1214; --bad-line: #ff6b6b; --bad-text: #ffd9d9;
    --none-bg: #26262b; --none-line: #9a9aa3; --none-text: #e6e6ea;
    --chart-clean: #8ab4f8; --chart-other: #55596a; --chart-band: #1f3a26; --chart-expected: #52c476;
    --chart-likely: #4a1a1d; --chart-possible: #3d2e10; --chart-apple: #ff6b6b;
  }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body {
  margin: 0; background: var(--bg); color: var(--text);
  font: 1rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Liberation Sans", sans-serif;
}
a { color: var(--link); text-underline-offset: 0.15em; }
a:focus-visible, summary:focus-visible { outline: 3px solid var(--focus); outline-offset: 2px; border-radius: 4px; }
code { font-family: ui-monospace, "SF Mono", Menlo, "Liberation Mono", monospace; font-size: 0.85em; overflow-wrap: anywhere; }
.skip { position: absolute; left: -999px; top: 0; }
.skip:focus { left: 1rem; top: 1rem; background: var(--bg); padding: 0.5rem 0.75rem; z-index: 1; }
.wrap { max-width: 52rem; margin: 0 auto; padding: 0 1.25rem; }
header.site { border-bottom: 1px solid var(--line); }
header.site .wrap { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 0.5rem 1.5rem; padding-top: 0.75rem; padding-bottom: 0.75rem; }
.brand { font-weight: 700; font-size: 1.15rem; color: var(--text); text-decoration: none; }
nav ul { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none; margin: 0; padding: 0; }
main section { padding: 1.75rem 0 0.5rem; }
h1 { font-size: clamp(1.7rem, 5vw, 2.4rem); line-height: 1.15; margin: 0.5rem 0 1rem; }
h2 { font-size: 1.45rem; margin: 0 0 0.75rem; }
h3 { font-size: 1.15rem; margin: 0 0 0.35rem; }
.muted { color: var(--muted); }

.verdict { border: 2px solid var(--none-line); background: var(--none-bg); color: var(--none-text); border-radius: 14px; padding: 1rem 1.25rem; }
.verdict[data-status="no_incident"] { border-color: var(--ok-line); background: var(--ok-bg); color: var(--ok-text); }
.verdict[data-status="degraded"], .verdict[data-status="maintenance"] { border-color: var(--warn-line); background: var(--warn-bg); color: var(--warn-text); }
.verdict[data-status="outage"] { border-color: var(--bad-line); background: var(--bad-bg); color: var(--bad-text); }
.verdict p { margin: 0.35rem 0; }
.verdict .verdict-headline { font-size: 1.35rem; line-height: 1.3; font-weight: 700; margin: 0 0 0.5rem; display: flex; align-items: flex-start; gap: 0.6rem; }
.verdict-headline::before { content: ""; flex: none; width: 0.8rem; height: 0.8rem; margin-top: 0.5rem; border-radius: 50%; background: currentColor; }
.verdict-detail { font-weight: 600; }
.verdict ul { margin: 0.5rem 0; padding-left: 1.2rem; }
.checked { font-size: 0.95rem; }
.stale { font-weight: 600; }
.caveat { margin-top: 0.75rem; }

.crowd-panel { margin-top: 1.25rem; }
.crowd { border: 2px solid var(--none-line); background: var(--none-bg); color: var(--none-text); border-radius: 14px; padding: 0.85rem 1.25rem; }
.crowd[data-status="possible"] { border-color: var(--warn-line); background: var(--warn-bg); color: var(--warn-text); }
.crowd[data-status="likely"] { border-color: var(--bad-line); background: var(--bad-bg); color: var(--bad-text); }
.crowd p { margin: 0.35rem 0; }
.crowd .crowd-headline { font-size: 1.1rem; font-weight: 700; line-height: 1.35; }
.crowd-regions { margin: 0.5rem 0; padding-left: 1.2rem; }
.crowd-charts { margin-top: 1rem; }
.crowd-chart { margin: 0 0 1rem; }
.crowd-chart svg { display: block; width: 100%; height: auto; }
.crowd-chart figcaption { font-size: 0.9rem; color: var(--muted); }
.crowd-raised-likely { fill: var(--chart-likely); }
.crowd-raised-possible { fill: var(--chart-possible); }
.apple-incident rect { fill: none; stroke: var(--chart-apple); stroke-width: 2; stroke-dasharray: 5 3; }
.apple-incident text { fill: var(--chart-apple); font-size: 12px; font-weight: 600; }
.crowd-band { fill: var(--chart-band); }
.crowd-clean { fill: var(--chart-clean); }
.crowd-other { fill: var(--chart-other); }
.crowd-expected { fill: none; stroke: var(--chart-expected); stroke-width: 1.5; stroke-dasharray: 4 3; }
.crowd-axis line { stroke: var(--line); }
.crowd-axis text { fill: var(--muted); font-size: 12px; }
.crowd-legend { display: flex; flex-wrap: wrap; gap: 0.25rem 1.25rem; list-style: none; margin: 0 0 0.5rem; padding: 0; font-size: 0.9rem; color: var(--muted); }
.swatch { display: inline-block; width: 0.9rem; height: 0.9rem; border-radius: 3px; vertical-align: -0.1rem; margin-right: 0.25rem; }
.swatch-clean { background: var(--chart-clean); }
.swatch-other { background: var(--chart-other); }
.swatch-band { background: var(--chart-band); border: 1px dashed var(--chart-expected); }
.swatch-raised { background: var(--chart-likely); }
.swatch-apple { border: 2px dashed var(--chart-apple); }
.crowd-about { font-size: 0.95rem; }

.notice { border-left: 4px solid var(--warn-line); background: var(--warn-bg); color: var(--warn-text); padding: 0.75rem 1rem; border-radius: 0 10px 10px 0; margin: 0 0 1.25rem; }
.notice p { margin: 0.25rem 0; }
.notice a { color: inherit; }
.shortcuts-layout { display: grid; gap: 1.25rem; }
.cards { display: grid; gap: 1rem; list-style: none; margin: 0; padding: 0; }
.card { background: var(--surface); border: 1px solid var(--line); border-radius: 14px; padding: 1rem 1.25rem; }
.card p { margin: 0.35rem 0; }
.card dl { margin: 0.5rem 0; display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 0.75rem; font-size: 0.95rem; }
.card dt { font-weight: 600; }
.card dd { margin: 0; }
.actions { display: flex; flex-wrap: wrap; align-items: center; gap: 0.5rem 1rem; margin-top: 0.75rem; }
.button { display: inline-block; background: var(--button-bg); color: var(--button-text); font-weight: 650; text-decoration: none; padding: 0.65rem 1.1rem; border-radius: 999px; min-height: 44px; }
.button:hover { filter: brightness(1.08); }
.qr { display: none; margin: 0; text-align: center; }
.qr svg { width: 168px; height: 168px; display: block; margin: 0 auto 0.5rem; border-radius: 8px; }
.qr figcaption { font-size: 0.9rem; color: var(--muted); max-width: 13rem; margin: 0 auto; }
@media (min-width: 48rem) {
  .shortcuts-layout { grid-template-columns: 1fr 13.5rem; align-items: start; }
  .qr { display: block; position: sticky; top: 1rem; }
}

.privacy ul { padding-left: 1.2rem; }
.privacy li { margin: 0.3rem 0; }
.playbook { list-style: none; margin: 0; padding: 0; counter-reset: fix; }
.playbook > li { border-top: 1px solid var(--line); }
.playbook > li:last-child { border-bottom: 1px solid var(--line); }
.playbook summary { cursor: pointer; list-style: none; padding: 0.7rem 0.25rem; display: flex; flex-wrap: wrap; gap: 0.1rem 0.75rem; align-items: baseline; }
.playbook summary::-webkit-details-marker { display: none; }
.playbook summary:hover .title { text-decoration: underline; text-underline-offset: 0.15em; }
.playbook summary .rank { color: var(--muted); font-variant-numeric: tabular-nums; min-width: 1.6rem; }
.playbook summary .name { flex: 1 1 14rem; }
.playbook summary .title { font-weight: 600; }
.playbook summary .risk { display: inline-block; margin-left: 0.5rem; padding: 0 0.45rem; border: 1px solid var(--bad-line); border-radius: 999px; color: var(--bad-text); background: var(--bad-bg); font-size: 0.8rem; font-weight: 600; white-space: nowrap; }
.playbook summary .minutes { color: var(--muted); font-size: 0.9rem; white-space: nowrap; margin-left: auto; }
/* A chevron says the row opens; it turns when it is open. */
.playbook summary::after { content: ""; flex: none; align-self: center; width: 0.5rem; height: 0.5rem; margin: 0 0.35rem 0 0.25rem; border-right: 2px solid var(--muted); border-bottom: 2px solid var(--muted); transform: rotate(45deg) translateY(-0.15rem); transition: transform 0.15s; }
.playbook details[open] > summary::after { transform: rotate(225deg) translateY(-0.1rem); }
@media (prefers-reduced-motion: reduce) { .playbook summary::after { transition: none; } }
.playbook .fix-body { padding: 0 0.25rem 1rem 2.6rem; }
.playbook .fix-body ol { margin: 0.25rem 0 0.5rem; padding-left: 1.2rem; }
.playbook .warning { border-left: 4px solid var(--bad-line); padding-left: 0.75rem; }

footer.site { border-top: 1px solid var(--line); margin-top: 2.5rem; padding: 1.25rem 0 2rem; font-size: 0.95rem; color: var(--muted); }
footer.site p { margin: 0.35rem 0; }
footer.site a { color: var(--link); }
`.trim();

/** FNV-1a (32-bit): a synchronous content hash, enough to tell one stylesheet from the next. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}

export const LANDING_CSS_VERSION = fnv1a(LANDING_CSS);
export const LANDING_CSS_PATH = `/styles.css?v=${LANDING_CSS_VERSION}`;
