#!/usr/bin/env bash
# Usage: hack/release.sh   (from the repository root, with the tools of .venv on PATH: `make release`)
#
# Release the version of galaxy.yml: fold every fragment in changelogs/fragments/ into that release in
# changelogs/changelog.yaml, remove the fragments (config.yaml: keep_fragments: false) and regenerate
# CHANGELOG.rst, then lint the result. Run it again whenever fragments land before the tag: a release
# that already exists takes the new fragments and today's date (--update-existing), and a run without
# new fragments leaves every file as it was (on the same day).
set -euo pipefail

version=$(sed -n 's/^version: *//p' galaxy.yml)
if [[ -z $version ]]; then
    echo "release: no version in galaxy.yml" >&2
    exit 1
fi

# --reload-plugins: the modules' version_added decides which release announces them, so read the
# plugins afresh instead of trusting changelogs/.plugin-cache.yaml from an earlier run.
# A later run warns "Found no release_summary" because it looks at the new fragments only: drop that
# line, the check below looks at the whole release.
antsibull-changelog release --version "$version" --update-existing --reload-plugins |
    { grep -v 'Found no release_summary section' || true; }
antsibull-changelog lint
antsibull-changelog lint-changelog-yaml changelogs/changelog.yaml

python - "$version" <<'EOF'
import os
import sys

import yaml

version = sys.argv[1]
with open('changelogs/changelog.yaml', encoding='utf-8') as handle:
    release = (yaml.safe_load(handle)['releases'] or {}).get(version)
if not release or 'release_summary' not in release.get('changes', {}):
    sys.exit('release: changelogs/changelog.yaml has no release %s with a release_summary' % version)
# What the release left behind has a name that is already released (config.yaml: prevent_known_fragments).
left = sorted(name for name in os.listdir('changelogs/fragments') if name.endswith(('.yml', '.yaml')))
if left:
    sys.exit('release: already released under the same name, not folded in: %s; remove it (a correction goes into '
             'changelogs/changelog.yaml) or give a new change a new name' % ', '.join(left))
print('release: %s of %s, %d fragments, CHANGELOG.rst regenerated'
      % (version, release['release_date'], len(release.get('fragments', []))))
EOF
