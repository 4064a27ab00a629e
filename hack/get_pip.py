# Copyright: Contributors to the huaweicloud.codearts collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Offline stand-in for the get-pip.py bootstrap script that ansible-test downloads.

ansible-test creates a virtual environment without pip for each sanity test that needs Python
packages, then runs ``get_pip_<version>.py`` from ``~/.ansible/test/cache/`` (downloading it from
a host that this machine cannot reach when the file is missing) as::

    python get_pip_24_2.py --disable-pip-version-check pip==24.2 [--no-setuptools] [--no-wheel]

This stand-in does the same with what is at hand: ``ensurepip`` installs the pip bundled with
Python, which then upgrades itself from the package index.

``python hack/get_pip.py --install`` (run by ``make sanity``) copies this file to where the
installed ansible-test looks for it, and points any requirement of ansible-test's that is an archive on GitHub at PyPI.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys

# pip options that get-pip.py knows and pip install does not.
GET_PIP_ONLY_OPTIONS = ("--no-setuptools", "--no-wheel")


def bootstrap(args):
    """Install pip into the running interpreter, as get-pip.py would."""
    pip_args = [arg for arg in args if arg not in GET_PIP_ONLY_OPTIONS]
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--default-pip"], stdout=subprocess.DEVNULL)
    subprocess.check_call([sys.executable, "-m", "pip", "install", "--quiet", "--upgrade"] + pip_args)


def install():
    """Copy this file to the cache path of the pip version the installed ansible-test uses."""
    # pylint: disable-next=import-outside-toplevel
    import ansible_test

    source = os.path.join(os.path.dirname(ansible_test.__file__), "_internal", "python_requirements.py")
    with open(source, encoding="utf-8") as requirements:
        match = re.search(r"\bpip='([0-9.]+)'", requirements.read())
    if not match:
        sys.exit("get_pip.py: cannot find the pip version in %s" % source)

    target = os.path.expanduser("~/.ansible/test/cache/get_pip_%s.py" % match.group(1).replace(".", "_"))
    if os.path.exists(target) and filecmp.cmp(__file__, target, shallow=False):
        return
    os.makedirs(os.path.dirname(target), exist_ok=True)
    # Copied, then renamed into place: several steps of `make test` may install it at the same time.
    partial = "%s.%d" % (target, os.getpid())
    shutil.copyfile(__file__, partial)
    os.replace(partial, target)
    print("get_pip.py: installed the offline pip bootstrap stand-in as %s" % target)


def requirements_from_pypi():
    """Point requirements that ansible-test pins to an archive on GitHub (which this machine cannot reach) at PyPI.

    ansible-core 2.22.0rc1's pylint requirements pin dill to a GitHub snapshot; the release on PyPI is used instead,
    and this says so, so that the run shows it.
    """
    import ansible_test  # pylint: disable=import-outside-toplevel

    folder = os.path.join(os.path.dirname(ansible_test.__file__), "_data", "requirements")
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        with open(path, encoding="utf-8") as handle:
            lines = handle.read().splitlines(keepends=True)
        changed = [re.sub(r"^([A-Za-z0-9_.-]+) @ https://github\.com/\S+", r"\1", line) for line in lines]
        if changed != lines:
            with open(path, "w", encoding="utf-8") as handle:
                handle.writelines(changed)
            for before, after in zip(lines, changed):
                if before != after:
                    print(
                        "get_pip.py: %s: %s from PyPI instead of %s"
                        % (name, after.strip(), before.split(" @ ")[1].strip())
                    )


def main():
    """Entry point."""
    if sys.argv[1:] == ["--install"]:
        install()
        requirements_from_pypi()
    else:
        bootstrap(sys.argv[1:])


if __name__ == "__main__":
    main()
