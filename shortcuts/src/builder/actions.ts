// Typed wrappers for the actions the Delivered shortcuts use. Identifiers, parameter keys
// and values are the ones listed in known-actions.ts (taken from real exports and the format
// reference); the tests check every built action against that table.
import type { ShortcutBuilder } from "./shortcut.ts";
import { dictionaryField, joinText, type DictionaryFields, type PlistDict, Ref, type TextPart, TokenText } from "./values.ts";

export type DeviceDetail = "Device Model" | "System Version" | "Device Name";
export type WifiDetail = "Network Name" | "RSSI" | "BSSID";
export type CellularDetail = "Carrier Name" | "Radio Technology" | "Country Code" | "Is Roaming Abroad";

const tokenText = (parts: TextPart | TextPart[]): TokenText => joinText(Array.isArray(parts) ? parts : [parts]);

export function deviceDetail(sc: ShortcutBuilder, name: string, detail: DeviceDetail): Ref {
  return sc.output(name, "getdevicedetails", { WFDeviceDetail: detail });
}

export function wifiDetail(sc: ShortcutBuilder, name: string, detail: WifiDetail): Ref {
  return sc.output(name, "getwifi", { WFNetworkDetailsNetwork: "Wi-Fi", WFWiFiDetail: detail });
}

export function cellularDetail(sc: ShortcutBuilder, name: string, detail: CellularDetail): Ref {
  return sc.output(name, "getwifi", { WFNetworkDetailsNetwork: "Cellular", WFCellularDetail: detail });
}

/** ISO 8601 with time (carries the UTC offset), e.g. 2026-11-27T04:55:30-08:00. */
export function formatDateIso8601(sc: ShortcutBuilder, name: string, date: Ref): Ref {
  return sc.output(name, "format.date", { WFDate: tokenText(date).toTokenString(), WFDateFormatStyle: "ISO 8601", WFISO8601IncludeTime: true });
}

/** Custom TR35 pattern, e.g. "VV" for the IANA time zone id. */
export function formatDateCustom(sc: ShortcutBuilder, name: string, date: Ref, pattern: string): Ref {
  return sc.output(name, "format.date", { WFDate: tokenText(date).toTokenString(), WFDateFormatStyle: "Custom", WFDateFormat: pattern });
}

export interface HttpRequest {
  url: TextPart | TextPart[];
  method: "GET" | "POST";
  json?: DictionaryFields;
  headers?: DictionaryFields;
}

/** Get Contents of URL. */
export function getContentsOfUrl(sc: ShortcutBuilder, name: string, request: HttpRequest): Ref {
  const params: Record<string, PlistDict | string | boolean> = {
    WFURL: tokenText(request.url).toTokenString(),
    WFHTTPMethod: request.method,
  };
  if (request.headers) {
    params.ShowHeaders = true;
    params.WFHTTPHeaders = dictionaryField(request.headers);
  }
  if (request.json) {
    params.WFHTTPBodyType = "JSON";
    params.WFJSONValues = dictionaryField(request.json);
  }
  return sc.output(name, "downloadurl", params);
}

/** Get Dictionary from Input (real exports run it on a URL result before reading keys). */
export function dictionaryFrom(sc: ShortcutBuilder, name: string, input: Ref): Ref {
  return sc.output(name, "detect.dictionary", { WFInput: input });
}

/**
 * Get Dictionary Value of one key. Never a dotted path: iOS evaluates "error.message" as a key path
 * and stops the run when "error" is missing or null (docs/shortcuts-runtime.md §1). A missing single
 * key gives nothing, so read one level per action and test for a value before going deeper.
 */
export function valueForKey(sc: ShortcutBuilder, name: string, dictionary: Ref, key: string): Ref {
  if (key.includes(".")) throw new Error(`Get Dictionary Value "${key}": read one key per action, not a key path`);
  return sc.output(name, "getvalueforkey", { WFInput: dictionary, WFDictionaryKey: key, WFGetDictionaryValueType: "Value" });
}

/** Replace Text with a regular expression, e.g. keep only the digits and + of a phone number. */
export function replaceText(sc: ShortcutBuilder, name: string, input: Ref, pattern: string, replacement: string): Ref {
  return sc.output(name, "text.replace", {
    WFInput: input,
    WFReplaceTextFind: pattern,
    WFReplaceTextReplace: replacement,
    WFReplaceTextRegularExpression: true,
    WFReplaceTextCaseSensitive: false,
  });
}

/** Dismiss Siri and Continue: under Siri the run moves to the Shortcuts app; elsewhere it does nothing (§5). */
export function dismissSiri(sc: ShortcutBuilder): void {
  sc.action("dismisssiri");
}

export function showResult(sc: ShortcutBuilder, ...parts: TextPart[]): void {
  sc.action("showresult", { Text: tokenText(parts).toTokenString() });
}

export function speak(sc: ShortcutBuilder, ...parts: TextPart[]): void {
  sc.action("speaktext", { WFText: tokenText(parts).toTokenString(), WFSpeakTextWait: true });
}

export function notify(sc: ShortcutBuilder, title: TextPart | TextPart[], body: TextPart | TextPart[]): void {
  sc.action("notification", {
    WFNotificationActionTitle: tokenText(title).toTokenString(),
    WFNotificationActionBody: tokenText(body).toTokenString(),
    WFNotificationActionSound: false,
  });
}

export function stopShortcut(sc: ShortcutBuilder): void {
  sc.action("exit");
}

export function setAirplaneMode(sc: ShortcutBuilder, on: boolean): void {
  sc.action("airplanemode.set", { OnValue: on });
}

export function wait(sc: ShortcutBuilder, seconds: number | Ref): void {
  sc.action("delay", { WFDelayTime: seconds });
}

/** URL action then Open URL (Open URL takes the URL as an attachment). */
export function openUrl(sc: ShortcutBuilder, name: string, ...parts: TextPart[]): void {
  const url = sc.output(name, "url", { WFURLActionURL: tokenText(parts).toParameter() });
  sc.action("openurl", { WFInput: url, "Show-WFInput": true });
}

/** Select Phone Number: the person picks a contact's number. */
export function selectPhoneNumber(sc: ShortcutBuilder, name: string): Ref {
  return sc.output(name, "selectphone");
}

/** Get File from the Shortcuts folder in iCloud Drive; nothing (not an error) when it is missing. */
export function getFile(sc: ShortcutBuilder, name: string, path: string): Ref {
  return sc.output(name, "documentpicker.open", { WFGetFilePath: path, WFFileErrorIfNotFound: false, WFShowFilePicker: false });
}

/** Save File into the Shortcuts folder without asking, replacing an older copy. */
export function saveFile(sc: ShortcutBuilder, name: string, input: Ref, path: string): Ref {
  return sc.output(name, "documentpicker.save", { WFInput: input, WFAskWhereToSave: false, WFSaveFileOverwrite: true, WFFileDestinationPath: path });
}
