# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import annotations

DOCUMENTATION = r"""
name: codearts_projects
short_description: The CodeArts projects of one or more regions, as hosts
version_added: 2.5.0
description:
  - Lists the CodeArts projects of each region of O(regions) (ProjectMan's C(GET /v4/projects), 100 a page) and makes
    each a host named after the project, so a playbook runs once per project - in parallel with forks, and across
    several execution nodes with AWX's job slicing.
  - Each host has C(codearts_project_id), C(codearts_project_name), C(codearts_region), C(codearts_project_type),
    C(codearts_project_description), C(codearts_project_archived), C(codearts_project_created_time) and
    C(codearts_project_updated_time) (epoch milliseconds), C(codearts_project_creator), C(codearts_project_num_id) and,
    with an access key, C(codearts_iam_project_id) (the IAM project of the project's region, which the cookbook's
    playbooks pass to their tasks with C(module_defaults), beside C(region));
    a local connection (C(ansible_connection=local)) and, as its interpreter, the Python that reads the inventory
    (ansible-playbook's own when it runs the play; in AWX, the execution environment's). The tasks run on the
    controller, or AWX's execution node, and reach CodeArts over HTTPS.
  - Hosts are grouped by region (C(codearts_cn_north_4) for C(cn-north-4)), all of them in C(codearts_projects); add
    groups and variables of your own with O(compose), O(groups) and O(keyed_groups).
  - Two projects of the same name (in two regions) are named C(<name>@<region>), with a warning.
  - The authentication options and environment variables are those of the modules (the same AWX credential type).
  - The source file's name ends in C(codearts_projects.yml) or C(codearts_projects.yaml).
author:
  - huaweicloud.codearts maintainers (@huaweicloud)
options:
  plugin:
    description: The name of this plugin, so that the file is read by it.
    required: true
    choices: [huaweicloud.codearts.codearts_projects]
    type: str
  regions:
    description:
      - The regions whose projects to list, for example V([cn-north-4, cn-south-1]).
      - Empty, the default - the region of O(region) (or E(HUAWEICLOUD_REGION)).
      - With several regions, each region's IAM project is looked up (O(iam_project_id) is not used, with a warning), and
        O(auth_token), scoped to one region, cannot be used.
    type: list
    elements: str
    default: []
  scope:
    description:
      - V(member) lists the projects the caller is a member of; V(tenant) every project of the tenant (C(query_type=domain_projects)).
      - The modules can act only in projects the caller is a member of.
    type: str
    choices: [member, tenant]
    default: member
  name_patterns:
    description:
      - Shell-style patterns (C(fnmatch), case-sensitive), for example V(release-*); a project is kept when its name matches one.
      - Empty, the default - every project.
    type: list
    elements: str
    default: []
  project_types:
    description: The project types to keep (V(scrum), V(normal), V(xboard), V(basic), V(phoenix)); empty, every type.
    type: list
    elements: str
    default: []
  include_archived:
    description: Whether archived projects are hosts too (read with a second listing, C(archive=true)).
    type: bool
    default: false
  skip_failed_regions:
    description:
      - When a region fails to answer (an error, or no answer within O(timeout) and O(retries)), warn and build the
        inventory from the other regions; by default the inventory fails, naming the region and the error.
      - A failure before any request (bad options, no credentials) always fails.
    type: bool
    default: false
extends_documentation_fragment:
  - huaweicloud.codearts.common
  - constructed
  - inventory_cache
"""

EXAMPLES = r"""
# codearts_projects.yml: every project of the caller in two regions, grouped by region and by type
plugin: huaweicloud.codearts.codearts_projects
regions: [cn-north-4, cn-south-1]
keyed_groups:
  - key: codearts_project_type
    prefix: type

# release_codearts_projects.yml: only the release projects of the whole tenant, cached for an hour
# plugin: huaweicloud.codearts.codearts_projects
# scope: tenant
# name_patterns: ["release-*"]
# cache: true
# cache_plugin: ansible.builtin.jsonfile
# cache_connection: ~/.ansible/codearts/inventory-cache
# cache_timeout: 3600

# Then, over every project, 10 at a time:
#   ansible-playbook -i codearts_projects.yml huaweicloud.codearts.stop_long_runs -f 10
"""

import sys
from collections import Counter

from ansible.errors import AnsibleParserError
from ansible.module_utils.common.arg_spec import ArgumentSpecValidator
from ansible.plugins.inventory import BaseInventoryPlugin, Cacheable, Constructable
from ansible.utils.display import Display

from ansible_collections.huaweicloud.codearts.plugins.module_utils._errors import CodeArtsError
from ansible_collections.huaweicloud.codearts.plugins.module_utils._module import (
    client_from_params,
    codearts_argument_spec,
)
from ansible_collections.huaweicloud.codearts.plugins.module_utils._projects import Projects, check_filters

display = Display()

# The host variables, from the fields of a project (see _projects.py).
HOST_VARIABLES = {
    "codearts_project_id": "id",
    "codearts_project_name": "name",
    "codearts_region": "region",
    "codearts_project_type": "type",
    "codearts_project_description": "description",
    "codearts_project_archived": "archived",
    "codearts_project_created_time": "created_time",
    "codearts_project_updated_time": "updated_time",
    "codearts_project_creator": "creator",
    "codearts_project_num_id": "num_id",
}
ALL_GROUP = "codearts_projects"
# The interpreter of every host: the Python that reads the inventory - ansible-playbook's own when it runs the play,
# which has what the modules need. A path, not a template: what an inventory plugin gives is not rendered (2.19+).
PLAYBOOK_PYTHON = sys.executable


def region_group(region):
    """The group of a region's projects: codearts_cn_north_4 for cn-north-4."""
    return "codearts_" + "".join(char if char.isalnum() else "_" for char in region)


def host_names(projects):
    """Each project's host name: its name, or ``<name>@<region>`` when another project has the same name."""
    counts = Counter(project["name"] for project in projects)
    return [
        project["name"] if counts[project["name"]] == 1 else "%s@%s" % (project["name"], project["region"])
        for project in projects
    ]


class InventoryModule(BaseInventoryPlugin, Constructable, Cacheable):
    """The CodeArts projects of the regions asked for, one host each."""

    NAME = "huaweicloud.codearts.codearts_projects"

    def verify_file(self, path):
        return super().verify_file(path) and path.endswith(("codearts_projects.yml", "codearts_projects.yaml"))

    def parse(self, inventory, loader, path, cache=True):
        super().parse(inventory, loader, path, cache)
        self._read_config_data(path)
        cache_key = self.get_cache_key(path)
        use_cache = self.get_option("cache") and cache
        projects = None
        if use_cache:
            try:
                projects = self._cache[cache_key]
            except KeyError:
                projects = None
        if projects is None:
            try:
                projects = self.list_projects()
            except CodeArtsError as error:
                raise AnsibleParserError("codearts_projects: %s" % error) from None
            if self.get_option("cache"):
                self._cache[cache_key] = projects
        self.add_hosts(projects)

    def connection_params(self):
        """The connection and authentication options as the modules take them: from the source file, else from the
        modules' environment variables (the same fallbacks and defaults)."""
        spec = codearts_argument_spec()
        given = {name: self.get_option(name) for name in spec}
        result = ArgumentSpecValidator(spec).validate(
            {name: value for name, value in given.items() if value is not None}
        )
        if result.error_messages:
            raise CodeArtsError("; ".join(result.error_messages))
        return result.validated_parameters

    def list_projects(self):
        """The projects of every region asked for; a region that fails fails the inventory, or is skipped with a
        warning (skip_failed_regions)."""
        params = self.connection_params()
        check_filters(self.get_option("scope"), self.get_option("project_types"), self.get_option("name_patterns"))
        regions = self.get_option("regions") or [params.get("region")]
        if None in regions or "" in regions:
            raise CodeArtsError("Name the regions to list: regions, or region (or HUAWEICLOUD_REGION).")
        if len(regions) > 1 and params.get("auth_token"):
            raise CodeArtsError(
                "auth_token is scoped to one region's IAM project; with several regions use an access key or a password."
            )
        if len(regions) > 1 and params.get("iam_project_id"):
            display.warning(
                "codearts_projects: iam_project_id (or HUAWEICLOUD_SDK_PROJECT_ID) names one region's IAM project; with "
                "several regions it is not used, and each region's is looked up."
            )
            params = dict(params, iam_project_id=None)
        projects = []
        for region in regions:
            try:
                client = client_from_params(dict(params, region=region))
                listed = Projects(client).list(
                    self.get_option("scope"),
                    self.get_option("project_types"),
                    self.get_option("name_patterns"),
                    self.get_option("include_archived"),
                )
                # The region's IAM project, when the listing used one (AK/SK): the hosts' tasks sign with it.
                iam_project_id = getattr(client.auth, "iam_project_id", None)
                projects.extend(dict(project, iam_project_id=iam_project_id) for project in listed)
            except CodeArtsError as error:
                if not self.get_option("skip_failed_regions") or error.status is None and not error.ambiguous:
                    raise CodeArtsError("region %s: %s" % (region, error)) from None
                display.warning("codearts_projects: region %s failed, its projects are left out: %s" % (region, error))
        return projects

    def add_hosts(self, projects):
        """One host per project, in its region's group, with its variables, then the constructed groups and vars."""
        self.inventory.add_group(ALL_GROUP)
        strict = self.get_option("strict")
        for project, host in zip(projects, host_names(projects)):
            if host != project["name"]:
                display.warning(
                    "codearts_projects: several projects are named %r; this one (%s) is host %s."
                    % (project["name"], project["id"], host)
                )
            group = self.inventory.add_group(region_group(project["region"]))
            self.inventory.add_host(host, group=group)
            self.inventory.add_child(ALL_GROUP, group)
            for variable, field in HOST_VARIABLES.items():
                self.inventory.set_variable(host, variable, project[field])
            if project.get("iam_project_id"):
                self.inventory.set_variable(host, "codearts_iam_project_id", project["iam_project_id"])
            self.inventory.set_variable(host, "ansible_connection", "local")
            self.inventory.set_variable(host, "ansible_python_interpreter", PLAYBOOK_PYTHON)
            variables = self.inventory.get_host(host).get_vars()
            self._set_composite_vars(self.get_option("compose"), variables, host, strict=strict)
            self._add_host_to_composed_groups(self.get_option("groups"), variables, host, strict=strict)
            self._add_host_to_keyed_groups(self.get_option("keyed_groups"), variables, host, strict=strict)
