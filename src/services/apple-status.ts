// Where a request gets Apple's status and the iOS version table: the cached snapshot.
// (Filled in by the status-feed work: see issue 3.)
import { BUILT_IN_IOS_VERSIONS, type IosVersionTable } from "../domain/ios-versions";
import type { AppleVerdict } from "../domain/types";
import { unknownVerdict } from "../domain/verdict";
import type { Bindings } from "../env";

export interface StatusView {
  verdict: AppleVerdict;
  versions: IosVersionTable;
}

export async function currentStatus(_env: Bindings, _ctx: ExecutionContext, _now: Date): Promise<StatusView> {
  return { verdict: unknownVerdict(), versions: BUILT_IN_IOS_VERSIONS };
}
