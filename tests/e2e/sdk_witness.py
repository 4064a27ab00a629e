# Copyright: Contributors to the huaweicloud.codearts collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Report the emulator's SDK witness, and fail unless the official SDK agreed on every signature.

Usage: python tests/e2e/sdk_witness.py URL   (what tests/e2e/integration.sh runs after the integration tests)

The emulator at URL runs with --sdk-witness (tests/e2e/with-emulator.sh starts it so): it re-signed every
AK/SK request with the official Huawei Cloud SDK's signer. This fails when it checked no request, or
when it and the emulator's own verifier disagreed about any signature. Mismatches the emulator refused
as well are expected: tests that send a wrong secret key on purpose make them; they are listed.
With SDK_WITNESS=off in the environment (tests/e2e/with-emulator.sh then starts no witness) it only says so.
"""

from __future__ import annotations

import json
import os
import sys
import urllib.request

SHOWN = 20


def main(argv):
    if len(argv) != 2:
        sys.exit(__doc__)
    if os.environ.get("SDK_WITNESS", "on") == "off":
        print("sdk witness: off (SDK_WITNESS=off)")
        return 0
    with urllib.request.urlopen(argv[1].rstrip("/") + "/_emulator/witness", timeout=30) as answer:
        witness = json.load(answer)
    if not witness.get("enabled"):
        print("sdk witness: FAILED: the emulator runs without --sdk-witness", file=sys.stderr)
        return 1
    print(
        "sdk witness: %(checked)d signed requests checked, %(matched)d signatures reproduced by the official SDK signer, "
        "%(mismatched)d not reproduced, %(disagreed)d disagreements with the emulator" % witness
    )
    for entry in witness["mismatches"][:SHOWN]:
        print(
            "  %s %s %s (%s, request %s): SDK %s, emulator %s: %s"
            % (
                "DISAGREEMENT" if entry["disagreement"] else "mismatch",
                entry["method"],
                entry["path"],
                entry["operation"],
                entry["request_id"],
                entry["sdk_signature"],
                entry["emulator_signature"],
                entry["reason"],
            )
        )
    if witness["disagreed"]:
        print(
            "sdk witness: FAILED: the emulator and the official SDK disagree about %d signatures"
            % witness["disagreed"],
            file=sys.stderr,
        )
        return 1
    if not witness["checked"]:
        print("sdk witness: FAILED: no AK/SK-signed request reached the emulator", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
