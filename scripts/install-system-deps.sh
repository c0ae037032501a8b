#!/usr/bin/env bash
# Installs the Debian packages the test suite drives for real:
#   raptor2-utils        rapper, an independent RDF parser that re-reads every export format
#   virtuoso-opensource  Virtuoso 7, a triple store `coekg load` is tested against
#   chromium             headless browser for the page tests (driven by Playwright)
#   default-jre-headless Java, for the HermiT reasoner bundled with owlready2
#   nodejs, npm          Node.js, for the JavaScript clients in package.json (jsonld.js, Comunica)
#   nginx-light          nginx, to run the nginx.conf that `coekg publish` writes
#   apache2              Apache httpd, to run the .htaccess that `coekg publish` writes
# Only what is missing is installed. Needs root (CI runs as root); otherwise prints what to do.
set -euo pipefail

need=()
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
command -v virtuoso-t >/dev/null 2>&1 || need+=(virtuoso-opensource)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v java >/dev/null 2>&1 || need+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx-light)
command -v apache2 >/dev/null 2>&1 || [ -x /usr/sbin/apache2 ] || need+=(apache2)

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${need[*]}" >&2
  echo "install them with: sudo apt-get install ${need[*]}" >&2
  echo "(tests that need them are skipped, saying why)" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${need[@]}"
# The Debian package starts a Virtuoso service on the default ports; the tests start their
# own instances on free ports, so stop it if the package's scripts started it.
if command -v service >/dev/null 2>&1; then
  service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
  # likewise nginx and Apache on port 80: the tests run their own on free ports
  service nginx stop >/dev/null 2>&1 || true
  service apache2 stop >/dev/null 2>&1 || true
fi
