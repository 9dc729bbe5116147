// `npm test`: type-checks the Worker and the Node-side code, then runs vitest with whatever
// arguments follow (`npm test -- test/domain/engine.test.ts` runs that file only; `-t name`, …).
import { spawnSync } from "node:child_process";

function run(command: string, args: string[]): number {
  const result = spawnSync(command, args, { stdio: "inherit" });
  if (result.error) {
    console.error(`could not run ${command}: ${result.error.message}`);
    return 127;
  }
  return result.status ?? 1;
}

const steps: [string, string[]][] = [
  ["tsc", ["--noEmit"]],
  ["tsc", ["--noEmit", "-p", "tsconfig.node.json"]],
  ["vitest", ["run", ...process.argv.slice(2)]],
];
let code = 0;
for (const [command, args] of steps) {
  code = run(command, args);
  if (code !== 0) break;
}
process.exit(code);
