// The crowd verdict on the landing page (issue 12): what other iPhones report right now, with a chart
// of the last 24 hours per region drawn here as SVG (no script; colours come from the stylesheet's
// classes, so there is no inline style and dark mode works).
import type { FC } from "hono/jsx";
import { countryName } from "../domain/countries";
import { CHART_BIN_MINUTES, type CrowdChart } from "../domain/crowd";
import type { AppleVerdict, CrowdVerdict } from "../domain/types";

export interface CrowdView {
  verdict: CrowdVerdict;
  /** Other countries whose verdict is raised. */
  regions: readonly CrowdVerdict[];
  charts: readonly CrowdChart[];
}

const W = 720;
const H = 200;
const LEFT = 40;
const RIGHT = W - 8;
const TOP = 14;
const BOTTOM = 170;

const regionLabel = (region: string | null) => (region ? countryName(region) : "Worldwide");
const chartId = (region: string | null) => `crowd-chart-${(region ?? "world").toLowerCase()}`;
const fixed = (n: number) => (Math.round(n * 10) / 10).toString();

/** 1, 2, 5, 10, 20, 50…: a round top for the y axis. */
function niceCeil(value: number): number {
  const v = Math.max(4, value);
  const power = 10 ** Math.floor(Math.log10(v));
  for (const step of [1, 2, 5, 10]) if (step * power >= v) return step * power;
  return 10 * power;
}

/** Apple's incidents that overlap the chart's window, as [from, to] fractions of its width. */
function incidentSpans(apple: AppleVerdict | undefined, start: number, end: number) {
  const spans: { from: number; to: number; label: string }[] = [];
  for (const event of apple?.events ?? []) {
    const began = event.startedAt ? Date.parse(event.startedAt) : NaN;
    if (!Number.isFinite(began)) continue;
    const ended = event.endedAt ? Date.parse(event.endedAt) : end;
    if (ended < start || began > end) continue;
    const from = (Math.max(began, start) - start) / (end - start);
    const to = (Math.min(Number.isFinite(ended) ? ended : end, end) - start) / (end - start);
    spans.push({ from, to: Math.max(to, from + 0.004), label: `Apple: ${event.service} ${event.statusType.toLowerCase()}` });
  }
  return spans;
}

/** Words for screen readers: the chart in two sentences. */
function describe(chart: CrowdChart): string {
  const last = chart.bins.at(-1);
  const peak = chart.bins.reduce((best, bin) => (bin.clean > best.clean ? bin : best), chart.bins[0] ?? { clean: 0, expected: 0 });
  const raised = chart.bins.filter((bin) => bin.raised !== "none").length * CHART_BIN_MINUTES;
  const now = last ? `${last.clean} clean reports in the last 15 minutes, about ${fixed(last.expected)} usual.` : "No reports yet.";
  const most = `The most in any 15 minutes: ${peak.clean}.`;
  const flagged = raised > 0 ? ` More than usual for ${raised >= 60 ? `${fixed(raised / 60)} hours` : `${raised} minutes`} of the day.` : "";
  return `${now} ${most}${flagged}`;
}

export const CrowdChartFigure: FC<{ chart: CrowdChart; apple?: AppleVerdict }> = ({ chart, apple }) => {
  const id = chartId(chart.region);
  const n = chart.bins.length;
  const end = Date.parse(chart.end);
  const start = end - n * CHART_BIN_MINUTES * 60_000;
  const top = niceCeil(Math.max(...chart.bins.map((b) => Math.max(b.clean + b.other, b.upper))));
  const x = (i: number) => LEFT + ((RIGHT - LEFT) * i) / n;
  const y = (v: number) => BOTTOM - ((BOTTOM - TOP) * Math.min(v, top)) / top;
  const width = (RIGHT - LEFT) / n;
  // The usual band: from the usual count's mirror below to the top of the usual range, step by step.
  const upperPath = chart.bins.map((b, i) => `L${fixed(x(i))} ${fixed(y(b.upper))}H${fixed(x(i + 1))}`).join("");
  const lowerPath = [...chart.bins]
    .map((b, i) => ({ b, i }))
    .reverse()
    .map(({ b, i }) => `L${fixed(x(i + 1))} ${fixed(y(Math.max(0, 2 * b.expected - b.upper)))}H${fixed(x(i))}`)
    .join("");
  const band = `M${fixed(x(0))} ${fixed(y(chart.bins[0]?.upper ?? 0))}${upperPath}${lowerPath}Z`;
  const expected = chart.bins.map((b, i) => `${i === 0 ? "M" : "L"}${fixed(x(i))} ${fixed(y(b.expected))}H${fixed(x(i + 1))}`).join("");
  const raisedRuns: { from: number; to: number; level: string }[] = [];
  chart.bins.forEach((b, i) => {
    if (b.raised === "none") return;
    const last = raisedRuns.at(-1);
    if (last && last.to === i && last.level === b.raised) last.to = i + 1;
    else raisedRuns.push({ from: i, to: i + 1, level: b.raised });
  });
  const incidents = incidentSpans(apple, start, end);
  const ticks = [0, 6, 12, 18, 24];
  return (
    <figure class="crowd-chart" id={id}>
      <svg xmlns="http://www.w3.org/2000/svg" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-title ${id}-desc`}>
        <title id={`${id}-title`}>{`${regionLabel(chart.region)}: clean reports every 15 minutes over the last 24 hours, against the usual range`}</title>
        <desc id={`${id}-desc`}>{describe(chart)}</desc>
        {raisedRuns.map((r) => (
          <rect class={`crowd-raised crowd-raised-${r.level}`} x={fixed(x(r.from))} y={TOP} width={fixed(x(r.to) - x(r.from))} height={BOTTOM - TOP} />
        ))}
        {incidents.map((span) => (
          <g class="apple-incident">
            <rect x={fixed(LEFT + (RIGHT - LEFT) * span.from)} y={TOP} width={fixed((RIGHT - LEFT) * (span.to - span.from))} height={BOTTOM - TOP} />
            <text x={fixed(LEFT + (RIGHT - LEFT) * span.from + 3)} y={TOP + 12}>
              {span.label}
            </text>
          </g>
        ))}
        <path class="crowd-band" d={band} />
        {chart.bins.map((b, i) => (
          <>
            {b.other > 0 && <rect class="crowd-other" x={fixed(x(i) + 0.5)} y={fixed(y(b.clean + b.other))} width={fixed(width - 1)} height={fixed(y(b.clean) - y(b.clean + b.other))} />}
            {b.clean > 0 && <rect class="crowd-clean" x={fixed(x(i) + 0.5)} y={fixed(y(b.clean))} width={fixed(width - 1)} height={fixed(BOTTOM - y(b.clean))} />}
          </>
        ))}
        <path class="crowd-expected" d={expected} />
        <g class="crowd-axis">
          <line x1={LEFT} y1={BOTTOM} x2={RIGHT} y2={BOTTOM} />
          <text x={LEFT - 6} y={TOP + 4} text-anchor="end">
            {top}
          </text>
          <text x={LEFT - 6} y={BOTTOM} text-anchor="end">
            0
          </text>
          {ticks.map((hours) => (
            <text x={fixed(x((n * (24 - hours)) / 24))} y={H - 10} text-anchor={hours === 24 ? "start" : hours === 0 ? "end" : "middle"}>
              {hours === 0 ? "now" : `${hours} h ago`}
            </text>
          ))}
        </g>
      </svg>
      <figcaption>
        <strong>{regionLabel(chart.region)}</strong>, the last 24 hours: clean reports every 15 minutes against the usual range.
      </figcaption>
    </figure>
  );
};

const Legend: FC = () => (
  <ul class="crowd-legend" aria-label="Chart key">
    <li>
      <span class="swatch swatch-clean" /> clean reports (no cause on the iPhone)
    </li>
    <li>
      <span class="swatch swatch-other" /> other reports
    </li>
    <li>
      <span class="swatch swatch-band" /> the usual range
    </li>
    <li>
      <span class="swatch swatch-raised" /> more than usual
    </li>
    <li>
      <span class="swatch swatch-apple" /> Apple's incidents
    </li>
  </ul>
);

const ADVICE: Record<CrowdVerdict["status"], string> = {
  likely: "It's likely not your iPhone: send urgent messages as texts and try again in 30 minutes.",
  possible: "It may not be your iPhone. If your messages fail, run Fix iMessage: it checks your iPhone first.",
  none: "If your messages fail anyway, run Fix iMessage: it checks your iPhone one step at a time.",
  unknown: "Run Fix iMessage to check your iPhone.",
};

export const CrowdPanel: FC<{ crowd: CrowdView; apple?: AppleVerdict }> = ({ crowd, apple }) => {
  const others = crowd.regions.filter((r) => r.region !== crowd.verdict.region);
  return (
    <div class="crowd-panel">
      <div class="crowd" data-status={crowd.verdict.status}>
        <p class="crowd-headline">{crowd.verdict.summary}</p>
        <p class="crowd-advice">{ADVICE[crowd.verdict.status]}</p>
        {others.length > 0 && (
          <ul class="crowd-regions" aria-label="Other countries with more reports than usual">
            {others.slice(0, 5).map((r) => (
              <li data-status={r.status}>{r.summary}</li>
            ))}
          </ul>
        )}
      </div>
      {crowd.charts.length > 0 && (
        <div class="crowd-charts">
          {crowd.charts.map((chart) => (
            <CrowdChartFigure chart={chart} apple={apple} />
          ))}
          <Legend />
        </div>
      )}
      <p class="muted crowd-about">
        What other iPhones report: Fix iMessage runs on iPhones that show no cause of their own (clock, network, VPN,
        storage, the iMessage switch), one per connection every 30 minutes, against the same time of day over the past week.
      </p>
    </div>
  );
};
