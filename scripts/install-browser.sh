#!/bin/sh
# Installs the headless browser the landing page's end-to-end test drives (test/e2e/landing.test.ts):
# Debian's chromium package at /usr/bin/chromium. Idempotent: does nothing when it is already there.
# Needs root (or sudo) and apt; CI calls this before the tests.
set -eu

CHROMIUM=/usr/bin/chromium

if [ -x "$CHROMIUM" ]; then
  echo "install-browser: $CHROMIUM is present ($("$CHROMIUM" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install-browser: $CHROMIUM is missing and this user cannot install packages (not root, no sudo)." >&2
  exit 1
fi

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-browser: $CHROMIUM is missing and apt-get is not available: install Chromium at $CHROMIUM by hand." >&2
  exit 1
fi

echo "install-browser: installing Debian's chromium package"
$SUDO apt-get update
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y --no-install-recommends chromium fonts-liberation

"$CHROMIUM" --version
