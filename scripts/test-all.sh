#!/usr/bin/env bash
# `npm test`: every check, in the order that fails fastest. Integration tests use TEST_DATABASE_URL's
# server when set (CI sets the machine's PostgreSQL), else an embedded PostgreSQL of their own;
# browser tests always run the zero-config path: a production build on the embedded database.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n==> %s\n' "$*"; }

step "Lint (eslint)"
npx eslint .
step "Type check (tsc)"
npx tsc --noEmit
step "Unit tests (vitest)"
npx vitest run --project unit
if [ -n "${TEST_DATABASE_URL:-}" ]; then server="the server at TEST_DATABASE_URL"; else server="an embedded server"; fi
step "Integration tests against PostgreSQL ($server)"
npx vitest run --project integration
step "Browser tests (Playwright, Chromium, production build)"
rm -rf .data/e2e
npx playwright test
