// Which device the Shortcut runs on, and what it can do: an iPhone, an iPad (often Wi-Fi only)
// or a Mac. Derived from what the Shortcut sends, so advice never sends a Mac to Airplane Mode
// or a Wi-Fi-only iPad to its carrier.
import type { Platform } from "./ids";
import type { Diagnostics } from "./types";

export interface DeviceProfile {
  platform: Platform;
  /** How texts name the device: "your iPhone", "your iPad", "your Mac". */
  noun: "iPhone" | "iPad" | "Mac";
  /** The device has a phone line of its own (carrier, SIM, cellular data). */
  cellular: boolean;
  /** The device itself sends and receives SMS (only an iPhone with a line does; iPads and Macs need forwarding). */
  sms: boolean;
}

/**
 * What Get Network Details gives for a cellular field when there is nothing real behind it:
 * empty, or the placeholders iOS 16.4+ returns since carrier details were deprecated ("--", 65535).
 */
export function usableCellularValue(value: string | undefined): boolean {
  const text = value?.trim();
  return !!text && text !== "--" && text !== "65535";
}

export function platformOf(d: Pick<Diagnostics, "device">): Platform {
  if (d.device.os) return d.device.os;
  const model = d.device.model?.toLowerCase() ?? "";
  if (model.includes("ipad")) return "iPadOS";
  if (model.includes("mac")) return "macOS";
  return "iOS";
}

export function deviceProfile(d: Pick<Diagnostics, "device" | "network" | "settings">): DeviceProfile {
  const platform = platformOf(d);
  const noun = platform === "macOS" ? "Mac" : platform === "iPadOS" ? "iPad" : "iPhone";
  const cellularFields = d.network?.cellular;
  let cellular: boolean;
  if (platform === "macOS") cellular = false;
  else if (d.settings?.hasSim !== undefined) cellular = d.settings.hasSim;
  else if (platform === "iPadOS") {
    // Most iPads are Wi-Fi only: without a radio technology or a carrier, there's no line.
    cellular = usableCellularValue(cellularFields?.radio) || usableCellularValue(cellularFields?.carrier);
  } else {
    // An iPhone nearly always has a line; iOS 16.4+ hides the carrier's name, so empty fields prove nothing.
    cellular = true;
  }
  return { platform, noun, cellular, sms: cellular && platform === "iOS" };
}
