# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Command line: serve the emulator until SIGTERM or SIGINT, announcing its base URL on stdout's first line."""

from __future__ import annotations

import argparse
import os
import signal
import sys
from pathlib import Path
from typing import Optional

import yaml

from .server import Emulator
from .state import DEFAULT_SEED

STOP_SIGNALS = {signal.SIGTERM, signal.SIGINT}


def _write_atomically(path: Path, text: str) -> None:
    """Whoever polls for the URL file never reads it half-written."""
    partial = path.with_name(path.name + ".tmp")
    partial.write_text(text, encoding="utf-8")
    os.replace(partial, path)


def main(argv: Optional[list[str]] = None) -> int:
    """Run the emulator; returns the exit status."""
    parser = argparse.ArgumentParser(prog="python -m codearts_emulator", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default: %(default)s)")
    parser.add_argument(
        "--port", type=int, default=0, help="port to listen on; 0 picks a free one (default: %(default)s)"
    )
    parser.add_argument(
        "--state", type=Path, default=DEFAULT_SEED, help="seed YAML file (default: the packaged default_seed.yml)"
    )
    parser.add_argument("--url-file", type=Path, help="also write the base URL to this file")
    parser.add_argument(
        "--max-skew",
        type=float,
        default=900.0,
        help="seconds X-Sdk-Date may differ from the emulator clock (default: %(default)s)",
    )
    parser.add_argument(
        "--sdk-witness",
        action="store_true",
        help="re-sign every AK/SK request with the official Huawei Cloud SDK and count mismatches "
        "(GET /_emulator/witness); needs huaweicloudsdkcore",
    )
    parser.add_argument(
        "--latency",
        type=float,
        default=0.0,
        help="seconds added before every API answer, as a network round trip would (default: %(default)s)",
    )
    parser.add_argument("--tls-cert", help="serve HTTPS with this PEM certificate chain (the key may be in it too)")
    parser.add_argument("--tls-key", help="the PEM private key of --tls-cert, when it is in a file of its own")
    args = parser.parse_args(argv)
    if args.tls_key and not args.tls_cert:
        parser.error("--tls-key needs --tls-cert")

    # Block the stop signals before any thread starts, so every thread inherits the mask and sigwait() gets them.
    signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
    try:
        emulator = Emulator(
            seed=args.state,
            host=args.host,
            port=args.port,
            max_skew=args.max_skew,
            sdk_witness=args.sdk_witness,
            tls_cert=args.tls_cert,
            tls_key=args.tls_key,
            latency=args.latency,
        ).start()
    except (OSError, ValueError, RuntimeError, yaml.YAMLError) as exc:
        parser.error(str(exc))
    # The URL file first: whoever has seen the URL on stdout can then rely on the file too.
    if args.url_file:
        _write_atomically(args.url_file, emulator.url)
    print(emulator.url, flush=True)
    signal.sigwait(STOP_SIGNALS)
    emulator.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
