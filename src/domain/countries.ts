// Countries as a person says them: "Germany", "the UK", "in the Netherlands", "from the US".

/** "Germany" for "DE" (the runtime's own region names), the code itself when it has none. */
export function countryName(region: string): string {
  try {
    return new Intl.DisplayNames(["en"], { type: "region" }).of(region.toUpperCase()) ?? region;
  } catch {
    return region;
  }
}

/** How people say these, rather than the full name. */
const SPOKEN: Partial<Record<string, string>> = { GB: "the UK", US: "the US", AE: "the UAE" };
/** Names said with "the" ("the Netherlands", "the Philippines"), beyond those ending in Republic, Islands, … */
const WITH_THE = new Set(["NL", "PH", "BS", "GM", "MV", "VA", "CD", "CG", "KM", "UM"]);

/** A country as said after "in" or "from": "the UK", "Germany", "the Czech Republic". */
export function countryPhrase(region: string): string {
  const code = region.toUpperCase();
  const spoken = SPOKEN[code];
  if (spoken) return spoken;
  const name = countryName(code);
  return WITH_THE.has(code) || /\b(Republic|Islands|Kingdom|States|Emirates)\b/.test(name) ? `the ${name}` : name;
}

/** "in Germany", "in the UK"; "worldwide" for the global count. */
export function place(region: string | null): string {
  return region ? `in ${countryPhrase(region)}` : "worldwide";
}
