// Fixture files as text, served by test/support/test-origin.ts (the Worker's outbound fetch in tests).
export const FIXTURES = "http://fixtures.test";

export async function fixtureText(path: string): Promise<string> {
  const response = await fetch(`${FIXTURES}/${path}`);
  if (!response.ok) throw new Error(`fixture ${path}: HTTP ${response.status}`);
  return response.text();
}
