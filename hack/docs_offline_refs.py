# Copyright: Contributors to the huaweicloud.codearts collection
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)
"""Sphinx extension for the offline docs site (hack/docs.sh adds it to the generated conf.py).

The pages antsibull-docs generates link to a few labels of the Ansible documentation that intersphinx
would look up online, and a few of ansible-core's settings (environment variables). With intersphinx off they are
undefined, and ``-W`` fails the build. This resolves exactly these labels and settings to the pages intersphinx would
have linked to; any other undefined label still
fails the build, so a broken reference in our own pages is never hidden (``suppress_warnings =
['ref.ref']`` would hide them all).
"""

from __future__ import annotations

from docutils import nodes

ANSIBLE_DOCS = "https://docs.ansible.com/projects/ansible/latest/"

# label: (page under ANSIBLE_DOCS, its title, for a reference that gives no text of its own)
ANSIBLE_LABELS = {
    "common_return_values": ("reference_appendices/common_return_values.html", "Return Values"),
    "ansible_configuration_settings": ("reference_appendices/config.html", "Ansible Configuration Settings"),
    "action_plugins": ("plugins/action.html", "Action plugins"),
}


# ansible-core's own settings that a plugin's options name (the inventory plugin's cache, from ansible-core's
# inventory_cache fragment): on the configuration page, as intersphinx would link them.
ANSIBLE_ENVVARS = {
    "ANSIBLE_CACHE_PLUGIN",
    "ANSIBLE_CACHE_PLUGIN_CONNECTION",
    "ANSIBLE_CACHE_PLUGIN_PREFIX",
    "ANSIBLE_CACHE_PLUGIN_TIMEOUT",
}


def resolve_ansible_label(app, env, node, contnode):  # pylint: disable=unused-argument
    """Sphinx's missing-reference handler: a link for a known Ansible label or setting, else None (Sphinx warns)."""
    if node.get("refdomain") != "std" or node.get("reftype") not in ("ref", "envvar"):
        return None
    if node.get("reftype") == "envvar":
        name = node.get("reftarget")
        target = ("reference_appendices/config.html#envvar-" + name, name) if name in ANSIBLE_ENVVARS else None
    else:
        target = ANSIBLE_LABELS.get(node.get("reftarget"))
    if target is None:
        return None
    page, title = target
    reference = nodes.reference("", "", internal=False, refuri=ANSIBLE_DOCS + page)
    reference += contnode if node.get("refexplicit") else nodes.Text(title)
    return reference


def setup(app):
    app.connect("missing-reference", resolve_ansible_label)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
