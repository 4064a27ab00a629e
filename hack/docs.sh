#!/usr/bin/env bash
# Usage: hack/docs.sh BUILD   (from the repository root, after `make tree`; what `make docs` runs)
#
# Build the collection's docs site offline in BUILD/docsite (the site: BUILD/docsite/build/html).
# antsibull-docs sphinx-init writes the Sphinx project; its build.sh renders the plugin pages and the
# guides of docs/docsite/ and runs Sphinx with -W (warnings are errors). The collection documented is
# the copy in BUILD/ansible_collections/ (through ANSIBLE_COLLECTIONS_PATH), i.e. the working tree,
# not a release that may be installed elsewhere.
set -euo pipefail

build=$(cd "${1:?usage: hack/docs.sh BUILD}" && pwd)
hack=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
site=$build/docsite
collection=huaweicloud.codearts
export ANSIBLE_COLLECTIONS_PATH=$build

seconds_since() {
    awk -v start="$1" -v now="$EPOCHREALTIME" 'BEGIN { printf "%.1f", now - start }'
}

start=$EPOCHREALTIME
rm -rf "$site"
mkdir -m 0755 "$site"  # sphinx-init writes into an existing folder that only its owner may write to
antsibull-docs sphinx-init --use-current --fail-on-error --dest-dir "$site" \
    --project "$collection" --copyright 'huaweicloud.codearts contributors' \
    --title 'Huawei Cloud CodeArts collection for Ansible' --html-short-title "$collection" \
    "$collection"

# CI has no network: intersphinx would fail downloading the Ansible and Python inventories. The
# Ansible labels the generated pages link to are resolved by hack/docs_offline_refs.py instead
# (its ANSIBLE_LABELS), so -W still fails on any other undefined label.
cat >>"$site/conf.py" <<CONF

# Added by hack/docs.sh: build offline (see hack/docs_offline_refs.py).
import sys
intersphinx_mapping = {}
sys.path.insert(0, '$hack')
extensions.append('docs_offline_refs')
CONF

"$site/build.sh"

html=$site/build/html
pages=$(find "$html" -name '*.html' -not -path "$html/_*" | wc -l)
modules=$(find "$html/collections/huaweicloud/codearts" -name '*_module.html' | wc -l)
echo "docs: site built in $(seconds_since "$start")s: $pages pages ($modules module pages) in $html"
echo "docs: open file://$html/index.html"
