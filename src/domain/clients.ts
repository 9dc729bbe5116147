// Points a sender on an older Shortcut at the current file.
import { compareVersions } from "./ios-versions";

export interface ClientAdvice {
  latest: string;
  updateUrl: string | null;
}

/**
 * `latest` maps each Shortcut's slug to its current version (the built manifest's). An unknown
 * or absent sender is advised as Fix iMessage, the Shortcut that talks to the API the most.
 */
export function adviseClient(
  client: { shortcut?: string; version?: string } | undefined,
  publicUrl: string,
  latest: Readonly<Record<string, string>>,
): ClientAdvice {
  const slug = client?.shortcut && client.shortcut in latest ? client.shortcut : "fix-imessage";
  const current = latest[slug] ?? "1.0.0";
  const outdated = client?.version !== undefined && compareVersions(client.version, current) < 0;
  return { latest: current, updateUrl: outdated ? `${publicUrl.replace(/\/$/, "")}/shortcuts/${slug}.shortcut` : null };
}
