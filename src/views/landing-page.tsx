// The landing page: is iMessage down right now, how to get the Shortcuts, what they send, and every fix.
// Plain server-rendered HTML and one stylesheet: no script at all, so it works without JavaScript
// and under a CSP that allows none.
import type { FC } from "hono/jsx";
import type { AppleStatus } from "../domain/ids";
import type { AppleVerdict, Fix, Risk } from "../domain/types";
import type { Worked } from "../domain/worked";
import { downloadPath, type ShortcutEntry } from "../services/shortcut-catalog";
import { CrowdPanel, type CrowdView } from "./crowd-panel";
import { LANDING_CSS_PATH } from "./landing-css";
import type { QrCode } from "./qr-code";

export const APPLE_STATUS_PAGE = "https://www.apple.com/support/systemstatus/";

export interface LandingPageProps {
  verdict: AppleVerdict;
  now: Date;
  shortcuts: readonly ShortcutEntry[];
  playbook: readonly ListedFix[];
  /** The page's own address, which the QR code encodes. */
  pageUrl: string;
  qr: QrCode;
  /** What other iPhones report (the crowd verdict and its charts); absent: not shown. */
  crowd?: CrowdView;
}

/**
 * The verdict's first sentence is the headline ("Apple reports no incident for iMessage."); the rest
 * (another service's incident, a recent end) follows as detail. Apple's wording, never "iMessage works".
 */
export function splitSummary(summary: string): { headline: string; detail: string | null } {
  const [headline = summary, ...rest] = summary.split(/(?<=\.)\s+/);
  return { headline, detail: rest.length ? rest.join(" ") : null };
}

const ADVICE: Record<AppleStatus, string> = {
  outage: "It's not your iPhone: wait for Apple to fix it. For something urgent, touch and hold the message and tap Send as Text Message.",
  degraded: "It's likely not your iPhone: give Apple some time, then try again.",
  maintenance: "Apple is working on iMessage; messages may be delayed until it's done.",
  no_incident:
    "Apple often posts late, so this doesn't prove iMessage works for everyone. If your messages fail, run Fix iMessage: it checks your iPhone one step at a time.",
  unknown: "Check Apple's System Status page, or run Fix iMessage to check your iPhone.",
};

/** "just now", "4 minutes ago", "3 hours ago". */
export function relativeAge(from: Date, now: Date): string {
  const minutes = Math.round((now.getTime() - from.getTime()) / 60_000);
  if (minutes < 1) return "just now";
  if (minutes < 90) return `${minutes} minute${minutes === 1 ? "" : "s"} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return `${hours} hours ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** "about 5 min", "about 1 hour", "about 2 hours". */
export function duration(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) return minutes === 60 ? "about 1 hour" : `about ${minutes / 60} hours`;
  return `about ${minutes} min`;
}

/** "2026-11-27T04:54:00Z": ISO 8601 in UTC, to the second. */
const isoUtc = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, "Z");

const VerdictSection: FC<{ verdict: AppleVerdict; now: Date; crowd?: CrowdView }> = ({ verdict, now, crowd }) => {
  const checked = verdict.checkedAt ? new Date(verdict.checkedAt) : null;
  const checkedValid = checked !== null && !Number.isNaN(checked.getTime());
  const { headline, detail } = splitSummary(verdict.summary);
  return (
    <section id="status" aria-labelledby="status-heading">
      <h1 id="status-heading">Is iMessage down right now?</h1>
      <div class="verdict" data-status={verdict.status}>
        <p class="verdict-headline">{headline}</p>
        {detail && <p class="verdict-detail">{detail}</p>}
        {verdict.events.length > 0 && (
          <ul class="events" aria-label="What Apple lists">
            {verdict.events.map((event) => (
              <li>
                <strong>{event.service}</strong>: {event.statusType.toLowerCase()}, {event.eventStatus}
                {event.message ? ` — ${event.message}` : ""}
              </li>
            ))}
          </ul>
        )}
        <p class="checked">
          {checkedValid ? (
            <>
              Last checked{" "}
              <time datetime={verdict.checkedAt ?? ""} title={`${isoUtc(checked)} (UTC)`}>
                {relativeAge(checked, now)}
              </time>
              .
            </>
          ) : (
            "Apple's status page hasn't been read yet."
          )}
        </p>
        {verdict.stale && (
          <p class="stale">Apple's status page couldn't be read since then, so this may be out of date.</p>
        )}
        <p class="caveat">{ADVICE[verdict.status]}</p>
      </div>
      <p class="muted">
        From <a href={APPLE_STATUS_PAGE}>Apple's System Status page</a>, read every 5 minutes. iMessage and Apple's push
        service (APNS) decide the verdict.
      </p>
      {crowd && <CrowdPanel crowd={crowd} apple={verdict} />}
    </section>
  );
};

const ShortcutCard: FC<{ shortcut: ShortcutEntry }> = ({ shortcut }) => (
  <li class="card" id={`shortcut-${shortcut.slug}`}>
    <h3>{shortcut.name}</h3>
    <p>{shortcut.description}</p>
    <dl>
      <dt>Ask Siri</dt>
      <dd>“{shortcut.name}”</dd>
      <dt>Sends</dt>
      <dd>{shortcut.sends}</dd>
      <dt>Version</dt>
      <dd>{shortcut.version}</dd>
      <dt>SHA-256</dt>
      <dd>
        <code>{shortcut.sha256}</code>
      </dd>
    </dl>
    <div class="actions">
      {shortcut.signedFile ? (
        <a class="button" href={downloadPath(shortcut)} download={`${shortcut.name}.shortcut`} data-signed="true">
          Install {shortcut.name}
        </a>
      ) : (
        <>
          <a href={downloadPath(shortcut)} download={`${shortcut.name}.shortcut`} data-signed="false">
            Download the unsigned file<span class="muted"> (for inspection; iPhones won't import it)</span>
          </a>
        </>
      )}
    </div>
  </li>
);

const ShortcutsSection: FC<{ shortcuts: readonly ShortcutEntry[]; pageUrl: string; qr: QrCode }> = ({ shortcuts, pageUrl, qr }) => {
  const signed = shortcuts.some((s) => s.signedFile !== null);
  const unsignedOnly = shortcuts.filter((s) => s.signedFile === null);
  return (
    <section id="shortcuts" aria-labelledby="shortcuts-heading">
      <h2 id="shortcuts-heading">Get the Shortcuts</h2>
      <div class="shortcuts-layout">
        <div>
          {shortcuts.length === 0 ? (
            <p class="notice" role="note">
              The Shortcuts aren't built in this deployment yet.
            </p>
          ) : (
            unsignedOnly.length > 0 && (
              <div class="notice" role="note" id="signing-note">
                <p>
                  <strong>Signed release pending.</strong> iPhones and iPads on iOS 15 or later only import shortcuts
                  signed by Apple ("Importing unsigned shortcut files is not supported"), and{" "}
                  {signed ? "some of these aren't signed yet" : "this server has no signed build yet"}.
                </p>
                <p>
                  A maintainer signs them on a Mac: see <code>docs/shortcuts.md</code> in the project. Until then the
                  unsigned files are here to read and to build on.
                </p>
              </div>
            )
          )}
          {signed && (
            <p>
              On your iPhone or iPad: tap Install, open the downloaded file, then tap Add Shortcut. Keep the suggested
              server address when Shortcuts asks.
            </p>
          )}
          <ul class="cards">
            {shortcuts.map((shortcut) => (
              <ShortcutCard shortcut={shortcut} />
            ))}
          </ul>
        </div>
        <figure class="qr" aria-labelledby="qr-caption">
          <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${qr.size} ${qr.size}`} role="img" aria-labelledby="qr-title" shape-rendering="crispEdges">
            <title id="qr-title">QR code for {pageUrl}</title>
            <rect width={qr.size} height={qr.size} fill="#ffffff" />
            <path d={qr.path} fill="#000000" />
          </svg>
          <figcaption id="qr-caption">On a computer? Scan this with your iPhone's camera to open this page there.</figcaption>
        </figure>
      </div>
    </section>
  );
};

const PrivacySection: FC = () => (
  <section id="privacy" class="privacy" aria-labelledby="privacy-heading">
    <h2 id="privacy-heading">What they send, in plain words</h2>
    <ul>
      <li>Each shortcut above lists exactly what it sends. Nothing is sent until you run one, and only to the server you chose when you added it.</li>
      <li>A recipient's phone number or email is checked and forgotten: never stored, never logged.</li>
      <li>
        Fix iMessage remembers your progress for 30 days after you last use it: what it found and which fixes you tried,
        nothing about who you were messaging.
      </li>
      <li>The contents of requests are never logged. This page sets no cookies and runs no scripts.</li>
    </ul>
  </section>
);

/** What a fix puts at stake, said before it is opened (harmless ones and plain settings say nothing). */
export const RISK_TAGS: Partial<Record<Risk, string>> = {
  account: "signs you out",
  data: "may lose data",
  money: "may cost money",
  erase: "erases the iPhone",
};

/** A fix as the page lists it: with what worked for people with the commonest problem, when 20 or more tried it. */
export type ListedFix = Fix & { worked?: Worked | null };

const FixItem: FC<{ fix: ListedFix }> = ({ fix }) => (
  <li id={`fix-${fix.id}`} data-fix-id={fix.id}>
    <details>
      <summary>
        <span class="rank">{fix.rank}.</span>
        <span class="name">
          <span class="title">{fix.title}</span>
          {RISK_TAGS[fix.risk] && <span class="risk">{RISK_TAGS[fix.risk]}</span>}
        </span>
        <span class="minutes">
          {fix.steps.length} step{fix.steps.length === 1 ? "" : "s"} · {duration(fix.minutes)}
          {fix.worked && <span class="worked"> · fixed it for {Math.round(fix.worked.rate * 100)}% of {fix.worked.people} people</span>}
        </span>
      </summary>
      <div class="fix-body">
        <ol>
          {fix.steps.map((step) => (
            <li>{step}</li>
          ))}
        </ol>
        {fix.warning && (
          <p class="warning">
            <strong>Before you do this:</strong> {fix.warning}
          </p>
        )}
        <p class="muted">{fix.why}</p>
      </div>
    </details>
  </li>
);

const PlaybookSection: FC<{ playbook: readonly ListedFix[] }> = ({ playbook }) => (
  <section id="fixes" aria-labelledby="fixes-heading">
    <h2 id="fixes-heading">Every fix, from harmless to drastic</h2>
    <p>
      Fix iMessage picks the next one from what your iPhone reports; without evidence it goes in this order. Open a fix
      to see its steps. Where 20 or more people with messages not delivered to anyone have tried a fix, it says how often it
      fixed it for them.
    </p>
    <ol class="playbook">
      {playbook.map((fix) => (
        <FixItem fix={fix} />
      ))}
    </ol>
  </section>
);

export const LandingPage: FC<LandingPageProps> = ({ verdict, now, shortcuts, playbook, pageUrl, qr, crowd }) => (
  <html lang="en">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>Is iMessage down? · Delivered</title>
      <meta name="description" content="Is iMessage down right now? Apple's live status, and Shortcuts that fix “Not Delivered” one step at a time." />
      <meta name="color-scheme" content="light dark" />
      <link rel="stylesheet" href={LANDING_CSS_PATH} />
      <link rel="icon" href="/favicon.ico" sizes="16x16 32x32 48x48" />
      <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
    </head>
    <body>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="site">
        <div class="wrap">
          <a class="brand" href="/">
            Delivered
          </a>
          <nav aria-label="On this page">
            <ul>
              <li>
                <a href="#status">Status</a>
              </li>
              <li>
                <a href="#shortcuts">Shortcuts</a>
              </li>
              <li>
                <a href="#privacy">Privacy</a>
              </li>
              <li>
                <a href="#fixes">Fixes</a>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" class="wrap">
        <VerdictSection verdict={verdict} now={now} crowd={crowd} />
        <ShortcutsSection shortcuts={shortcuts} pageUrl={pageUrl} qr={qr} />
        <PrivacySection />
        <PlaybookSection playbook={playbook} />
      </main>
      <footer class="site">
        <div class="wrap">
          <p>
            Delivered is not affiliated with Apple. Status comes from <a href={APPLE_STATUS_PAGE}>Apple's System Status</a>{" "}
            page.
          </p>
          <p>
            For developers: <a href="/v1/status">/v1/status</a> · <a href="/v1/playbook">/v1/playbook</a> ·{" "}
            <a href="/openapi.json">/openapi.json</a>
          </p>
        </div>
      </footer>
    </body>
  </html>
);
