// The Shortcuts' current versions: a sender on an older one is pointed at the new file.
// Keep in step with shortcuts/src definitions (a test checks the built manifest agrees).
import { compareVersions } from "./ios-versions";

export const CLIENT_LATEST: Record<string, string> = {
  "fix-imessage": "1.0.0",
  "is-imessage-down": "1.0.0",
  "check-imessage-contact": "1.0.0",
};

export interface ClientAdvice {
  latest: string;
  updateUrl: string | null;
}

export function adviseClient(client: { shortcut?: string; version?: string } | undefined, publicUrl: string): ClientAdvice {
  const slug = client?.shortcut && client.shortcut in CLIENT_LATEST ? client.shortcut : "fix-imessage";
  const latest = CLIENT_LATEST[slug]!;
  const outdated = client?.version !== undefined && compareVersions(client.version, latest) < 0;
  return { latest, updateUrl: outdated ? `${publicUrl.replace(/\/$/, "")}/shortcuts/${slug}.shortcut` : null };
}
