#!/usr/bin/env bash
# Runs the repository's .pre-commit-hooks.yaml through the real `pre-commit` (pip install
# pre-commit): `pre-commit try-repo` builds vouch with `cargo install --path .` and runs
# the `vouch` hook in a throwaway brand repository, once on a broken promise (must fail)
# and once on kept promises plus files the hook or vouch.toml leave out (must pass).
#
#   tests/precommit.sh [VOUCH_REPO]    (default: the repository this script is in)
#
# try-repo installs into a fresh store each time, so both runs share CARGO_TARGET_DIR
# (target/precommit) and the second build only recompiles vouch itself.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
repo="$(cd "${1:-$here}" && pwd)"
if command -v pre-commit >/dev/null; then
    pc=(pre-commit)
elif python3 -c "import pre_commit" 2>/dev/null; then
    pc=(python3 -m pre_commit)   # installed, but its script folder is not on PATH
else
    echo "tests/precommit.sh: pre-commit is not installed (pip install pre-commit)" >&2
    exit 1
fi
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR_PRECOMMIT:-$repo/target/precommit}"

brand="$(mktemp -d)"
trap 'rm -rf "$brand"' EXIT
cd "$brand"
git init -q .
git config user.email ci@example.com
git config user.name ci
# The starter files `vouch init` writes, as a brand would begin.
cp "$repo/templates/vouch.toml" "$repo/templates/psp.toml" .
mkdir -p dtc hcp
cat > dtc/brochure.md <<'EOF'
# Support from CareBridge

Our nurses are available 24/7 to answer your questions.
EOF
cat > hcp/office.html <<'EOF'
<html><body>
<p>Your patients can call CareBridge at 1-800-555-0100, Monday to Friday, 8 AM to 8 PM ET.</p>
</body></html>
EOF
cat > dtc/reminders.txt <<'EOF'
Sign up for refill reminders in the CareBridge app.
EOF
# Excluded by the starter vouch.toml: broken, but must not fail the hook.
cat > README.md <<'EOF'
Our nurses are available 24/7.
EOF
git add -A
git commit -qm "brand copy"

fail=0
log="$brand/.precommit.log"

echo "pre-commit try-repo: a broken promise must fail the hook"
if "${pc[@]}" try-repo "$repo" vouch --verbose --color never --files dtc/brochure.md hcp/office.html >"$log" 2>&1; then
    cat "$log"
    echo "FAIL: the hook passed on a broken promise" >&2
    fail=1
elif ! grep -q "availability.always" "$log" || ! grep -q "dtc/brochure.md" "$log"; then
    cat "$log"
    echo "FAIL: the hook failed, but not with the broken promise's finding" >&2
    fail=1
else
    grep -E "^(error|warning)\[|^vouch:" "$log" || true
    echo "ok"
fi

echo "pre-commit try-repo: kept promises, an excluded file and a manifest must pass"
if ! "${pc[@]}" try-repo "$repo" vouch --verbose --color never \
    --files hcp/office.html dtc/reminders.txt README.md psp.toml vouch.toml >"$log" 2>&1; then
    cat "$log"
    echo "FAIL: the hook failed on kept promises" >&2
    fail=1
elif ! grep -q "^vouch: 2 files checked" "$log"; then
    cat "$log"
    echo "FAIL: the hook passed, but did not check exactly the two copy files" >&2
    fail=1
else
    grep "^vouch:" "$log" || true
    echo "ok"
fi

exit "$fail"
