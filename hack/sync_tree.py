# Copyright: Contributors to the huaweicloud.codearts collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Mirror the collection's files into DEST, the ``ansible_collections/<ns>/<name>`` tree that
ansible-test, ansible-lint and antsibull-docs work in.

Usage: python hack/sync_tree.py DEST   (from the repository root)

The files are those git knows of: tracked plus untracked-but-not-ignored, so work in progress is
tested while build output is not. DEST must hold real copies: ansible-test resolves the working
directory with getcwd(), so a symlinked tree is not under ``ansible_collections``. Files are copied
only when changed, and files that are no longer in the repository are removed.

DEST gets an empty git repository of its own. ansible-test looks for ``.git`` from the working
directory upwards to list the content it tests; without one in DEST it would find this repository's
``.git``, in which DEST is ignored, and see no files at all. In the empty repository every file of
DEST is "untracked", and the copied ``.gitignore`` keeps test output out.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

# Paths in DEST that the sync leaves alone: its own git repository and what the tools write there.
KEEP = (".git", "tests/output", ".ansible", ".hypothesis", ".pytest_cache")


def repository_files():
    """Return the relative paths of the files in the repository's working tree."""
    output = subprocess.check_output(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"])
    paths = {path for path in output.decode("utf-8").split("\0") if path}
    # A tracked file deleted from the working tree is still listed by --cached.
    return sorted(path for path in paths if os.path.lexists(path))


def is_kept(path):
    """Return True if ``path`` (relative to DEST) is not the sync's business."""
    return any(path == keep or path.startswith(keep + "/") for keep in KEEP)


def same(source, target):
    """Return True if ``target`` is an up-to-date copy of ``source``."""
    if os.path.islink(source) or os.path.islink(target):
        return os.path.islink(source) and os.path.islink(target) and os.readlink(source) == os.readlink(target)
    try:
        src, dst = os.stat(source), os.stat(target)
    except FileNotFoundError:
        return False
    return src.st_size == dst.st_size and int(src.st_mtime) == int(dst.st_mtime) and src.st_mode == dst.st_mode


def copy(source, target):
    """Copy one file, or symlink, from the repository into DEST."""
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)
    elif os.path.lexists(target):
        os.unlink(target)
    os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
    shutil.copy2(source, target, follow_symlinks=False)


def remove_stale(dest, wanted):
    """Remove from DEST every file and empty directory the repository no longer has."""
    removed = 0
    for root, dirs, files in os.walk(dest, topdown=False):
        rel_root = os.path.relpath(root, dest)
        rel_root = "" if rel_root == "." else rel_root
        if is_kept(rel_root):
            continue
        for name in files + [d for d in dirs if os.path.islink(os.path.join(root, d))]:
            rel = os.path.join(rel_root, name)
            if rel not in wanted and not is_kept(rel):
                os.unlink(os.path.join(root, name))
                removed += 1
        if rel_root and not os.listdir(root):
            os.rmdir(root)
    return removed


def main():
    """Entry point."""
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    dest = sys.argv[1]
    files = repository_files()
    copied = 0
    for path in files:
        target = os.path.join(dest, path)
        if not same(path, target):
            copy(path, target)
            copied += 1
    removed = remove_stale(dest, set(files))
    if not os.path.isdir(os.path.join(dest, ".git")):
        subprocess.check_call(["git", "init", "--quiet", dest])
    print("tree: %s: %d files, %d copied, %d removed" % (dest, len(files), copied, removed))


if __name__ == "__main__":
    main()
