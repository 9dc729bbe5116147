// Every action identifier and parameter key the Delivered shortcuts may use, with where it
// is known from. "golden" = a real Shortcuts export in test/fixtures/shortcuts/golden-*.xml,
// "apple-signed" = the plist inside the real Apple-signed test/fixtures/shortcuts/
// apple-signed-anyone-mode.shortcut, "format-doc" = the project's format reference
// (shared/domain/shortcut-file-format.md §2–3, which cites cherri and the ToolKit dump),
// "cherri" = electrikmilk/cherri actions/*.cherri, "decompiled" = Apple's own action definitions and
// code as read in docs/shortcuts-runtime.md (which cites each). The tests check the "golden" and
// "apple-signed" claims against the fixtures themselves.

export type KnownSource = "golden" | "apple-signed" | "format-doc" | "cherri" | "decompiled";

export interface KnownAction {
  /** Parameter key → where it is known from, and (when the set is closed) its allowed values. */
  keys: Record<string, { source: KnownSource; values?: readonly (string | number | boolean)[] }>;
  source: KnownSource;
}

/** Keys any action may carry: its output identity and, for control flow, its block. */
export const COMMON_KEYS = ["UUID", "CustomOutputName"] as const;
export const CONTROL_FLOW_KEYS = ["GroupingIdentifier", "WFControlFlowMode"] as const;

const k = (source: KnownSource, values?: readonly (string | number | boolean)[]) => ({ source, values });

export const KNOWN_ACTIONS: Record<string, KnownAction> = {
  "is.workflow.actions.comment": { source: "golden", keys: { WFCommentActionText: k("golden") } },
  "is.workflow.actions.gettext": { source: "golden", keys: { WFTextActionText: k("golden") } },
  "is.workflow.actions.setvariable": { source: "golden", keys: { WFInput: k("golden"), WFVariableName: k("golden") } },
  "is.workflow.actions.url": { source: "golden", keys: { WFURLActionURL: k("golden"), "Show-WFURLActionURL": k("apple-signed") } },
  "is.workflow.actions.openurl": { source: "golden", keys: { WFInput: k("golden"), "Show-WFInput": k("apple-signed") } },
  "is.workflow.actions.exit": { source: "golden", keys: {} },
  "is.workflow.actions.showresult": { source: "golden", keys: { Text: k("golden") } },
  "is.workflow.actions.detect.dictionary": { source: "golden", keys: { WFInput: k("golden") } },
  "is.workflow.actions.detect.text": { source: "golden", keys: { WFInput: k("golden") } },
  "is.workflow.actions.getvalueforkey": {
    source: "golden",
    keys: { WFInput: k("golden"), WFDictionaryKey: k("golden"), WFGetDictionaryValueType: k("golden", ["Value", "All Keys", "All Values"]) },
  },
  "is.workflow.actions.downloadurl": {
    source: "golden",
    keys: {
      WFURL: k("golden"),
      WFHTTPMethod: k("golden", ["GET", "POST", "PUT", "PATCH", "DELETE"]),
      WFHTTPHeaders: k("golden"),
      ShowHeaders: k("golden"),
      WFHTTPBodyType: k("golden", ["JSON", "Form", "File"]),
      WFJSONValues: k("golden"),
    },
  },
  "is.workflow.actions.format.date": {
    source: "golden",
    keys: {
      WFDate: k("golden"),
      WFDateFormatStyle: k("golden", ["None", "Short", "Medium", "Long", "Relative", "RFC 2822", "ISO 8601", "Custom"]),
      WFDateFormat: k("golden"),
      WFISO8601IncludeTime: k("format-doc"),
    },
  },
  "is.workflow.actions.conditional": {
    source: "golden",
    keys: {
      WFInput: k("golden"),
      WFCondition: k("golden", [0, 1, 2, 3, 4, 5, 8, 9, 99, 999, 100, 101]),
      WFConditionalActionString: k("golden"),
      WFNumberValue: k("format-doc"),
    },
  },
  "is.workflow.actions.repeat.count": { source: "golden", keys: { WFRepeatCount: k("golden") } },
  "is.workflow.actions.getdevicedetails": {
    source: "apple-signed",
    keys: { WFDeviceDetail: k("apple-signed", ["Device Name", "Device Model", "System Version", "Screen Width", "Screen Height", "Current Volume", "Current Brightness", "Current Appearance"]) },
  },
  "is.workflow.actions.notification": {
    source: "apple-signed",
    keys: { WFNotificationActionTitle: k("apple-signed"), WFNotificationActionBody: k("apple-signed"), WFNotificationActionSound: k("apple-signed") },
  },
  "is.workflow.actions.documentpicker.open": {
    source: "apple-signed",
    keys: { WFGetFilePath: k("apple-signed"), WFFileErrorIfNotFound: k("apple-signed"), WFShowFilePicker: k("apple-signed") },
  },
  "is.workflow.actions.documentpicker.save": {
    source: "apple-signed",
    keys: { WFInput: k("apple-signed"), WFAskWhereToSave: k("apple-signed"), WFSaveFileOverwrite: k("apple-signed"), WFFileDestinationPath: k("apple-signed") },
  },
  "is.workflow.actions.text.changecase": {
    source: "apple-signed",
    keys: { text: k("apple-signed"), "Show-text": k("apple-signed"), WFCaseType: k("cherri", ["UPPERCASE", "lowercase", "Capitalize Every Word", "Capitalize with Title Case", "Capitalize with sentence case"]) },
  },
  "is.workflow.actions.getwifi": {
    source: "format-doc",
    keys: {
      WFNetworkDetailsNetwork: k("format-doc", ["Wi-Fi", "Cellular"]),
      WFWiFiDetail: k("format-doc", ["Network Name", "BSSID", "Wi-Fi Standard", "RX Rate", "TX Rate", "RSSI", "Noise", "Channel Number"]),
      WFCellularDetail: k("format-doc", ["Carrier Name", "Radio Technology", "Country Code", "Is Roaming Abroad", "Number of Signal Bars"]),
    },
  },
  "is.workflow.actions.getipaddress": {
    source: "format-doc",
    keys: { WFIPAddressSourceOption: k("format-doc", ["External", "Local"]), WFIPAddressTypeOption: k("format-doc", ["IPv4", "IPv6"]) },
  },
  "is.workflow.actions.choosefrommenu": {
    source: "format-doc",
    keys: { WFMenuPrompt: k("format-doc"), WFMenuItems: k("format-doc"), WFMenuItemTitle: k("format-doc") },
  },
  "is.workflow.actions.speaktext": { source: "format-doc", keys: { WFText: k("format-doc"), WFSpeakTextWait: k("format-doc") } },
  "is.workflow.actions.airplanemode.set": { source: "format-doc", keys: { OnValue: k("format-doc") } },
  "is.workflow.actions.delay": { source: "format-doc", keys: { WFDelayTime: k("format-doc") } },
  "is.workflow.actions.selectphone": { source: "format-doc", keys: {} },
  "is.workflow.actions.text.replace": {
    source: "decompiled",
    keys: {
      WFInput: k("decompiled"),
      WFReplaceTextFind: k("decompiled"),
      WFReplaceTextReplace: k("decompiled"),
      WFReplaceTextRegularExpression: k("decompiled"),
      WFReplaceTextCaseSensitive: k("decompiled"),
    },
  },
  "is.workflow.actions.dismisssiri": { source: "decompiled", keys: {} },
  "is.workflow.actions.ask": { source: "format-doc", keys: { WFAskActionPrompt: k("format-doc"), WFInputType: k("format-doc", ["Text", "Number", "URL", "Date", "Time", "Date and Time"]) } },
};

/** Actions that open, divide and close a block. */
export const CONTROL_FLOW_ACTIONS = new Set([
  "is.workflow.actions.conditional",
  "is.workflow.actions.choosefrommenu",
  "is.workflow.actions.repeat.count",
  "is.workflow.actions.repeat.each",
]);
