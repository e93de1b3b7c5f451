#!/usr/bin/env bash
# Installs Debian's chromium and a CJK font for the browser test (test/e2e/docs.browser.test.ts); does nothing when
# /usr/bin/chromium is there. playwright-core drives it; nothing downloads a browser build of its own.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
sudo=''
if [ "$(id -u)" -ne 0 ]; then sudo='sudo'; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends chromium fonts-wqy-microhei >/dev/null
