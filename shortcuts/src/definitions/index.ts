import { checkIMessageContact } from "./check-imessage-contact.ts";
import { fixIMessage } from "./fix-imessage.ts";
import { isIMessageDown } from "./is-imessage-down.ts";
import type { ShortcutDefinition } from "./common.ts";

export const SHORTCUTS: readonly ShortcutDefinition[] = [fixIMessage, isIMessageDown, checkIMessageContact];
export type { ShortcutDefinition };
