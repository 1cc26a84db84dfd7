#!/bin/sh
# Runs a command with Node >= 22.12 first on PATH, so `npm start` and `npm test` work on a
# machine whose own Node is older (Debian 12 has 18, many images 20). When the running Node is
# too old, Node 22 is installed once from the npm registry (as setup-node or .ci/run would)
# into ~/.cache/rhec-pledge/node22 (or $RHEC_NODE_DIR). With --chromium first, also makes sure
# Chromium is there for the browser tests (Debian's, through apt, as .ci/run does).
# POSIX sh: this must run before any modern Node does.
set -eu

node_ok() {
  command -v node >/dev/null 2>&1 &&
    node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 22 || (a === 22 && b >= 12) ? 0 : 1)' 2>/dev/null
}

if ! node_ok; then
  dir="${RHEC_NODE_DIR:-$HOME/.cache/rhec-pledge/node22}"
  if [ ! -x "$dir/node_modules/.bin/node" ]; then
    if ! command -v npm >/dev/null 2>&1; then
      echo "RHEC Pledge needs Node 22.12 or newer and there is no npm to fetch it with: install Node 22 (https://nodejs.org/en/download), then run this command again." >&2
      exit 1
    fi
    echo "Node $(node --version 2>/dev/null || echo 'is missing') is older than RHEC Pledge needs (22.12): installing Node 22 from the npm registry into $dir (once)." >&2
    if ! npm install --prefix "$dir" --no-audit --no-fund --loglevel=error node@22 >&2; then
      echo "Could not install Node 22 from the npm registry: install Node 22.12 or newer (https://nodejs.org/en/download), then run this command again." >&2
      exit 1
    fi
  fi
  PATH="$dir/node_modules/.bin:$PATH"
  export PATH
  if ! node_ok; then
    echo "The Node in $dir is not 22.12 or newer: delete that folder and run this command again." >&2
    exit 1
  fi
fi

if [ "${1:-}" = "--chromium" ]; then
  shift
  if [ -z "${CHROME_PATH:-}" ] && [ ! -x /usr/bin/chromium ] && ! command -v chromium >/dev/null 2>&1; then
    sudo=""
    [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null && sudo="sudo -n"
    if command -v apt-get >/dev/null 2>&1 && { [ "$(id -u)" -eq 0 ] || [ -n "$sudo" ]; }; then
      echo "The browser tests need Chromium: installing Debian's (apt-get install chromium)." >&2
      $sudo apt-get update -qq >&2
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >&2
    else
      echo "The browser tests need Chromium: install it (on Debian or Ubuntu: sudo apt-get install chromium), or set CHROME_PATH to a Chrome or Chromium binary, then run npm test again." >&2
      exit 1
    fi
  fi
  if [ -z "${CHROME_PATH:-}" ]; then
    CHROME_PATH="$(command -v chromium 2>/dev/null || echo /usr/bin/chromium)"
    export CHROME_PATH
  fi
fi

exec "$@"
