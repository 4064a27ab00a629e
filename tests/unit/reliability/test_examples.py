# -*- coding: utf-8 -*-
# Copyright (c) 2026 huaweicloud.codearts contributors
# GNU General Public License v3.0+ (see https://www.gnu.org/licenses/gpl-3.0.txt)

"""Every module's EXAMPLES run as written, against the emulator, so that an example cannot rot unnoticed.

The EXAMPLES of a module are played as a play would: its tasks in order (those of a ``block:`` too) on a fresh seed,
each task's arguments templated from EXAMPLE_VARS and from what earlier tasks registered, a ``loop:`` task once per
item, and a ``when:`` evaluated. A task of this collection runs for real (in each of the ways ansible-playbook runs it,
``MODES``) and must not fail, unless the example says that it fails (``ignore_errors: true``); the two ways must report
the same ``changed``. ``ansible.builtin.debug`` and ``ansible.builtin.assert`` tasks are evaluated too, because they
read what the modules return: a return value that was renamed fails there. An undefined variable fails the task, as
it would in Ansible (StrictUndefined), and any keyword or action this player does not know fails the test rather than
being skipped, so it has to be taught before an example may use it.

An example known to be broken is listed in BROKEN: its test is expected to fail (strictly, so that fixing the example
fails the test until the entry is removed).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import types
from typing import NamedTuple

import jinja2
import pytest
import yaml

from ansible_collections.huaweicloud.codearts.plugins.module_utils import _module
from ansible_collections.huaweicloud.codearts.plugins.module_utils._client import CodeArtsClient

MODULE_PACKAGE = "ansible_collections.huaweicloud.codearts.plugins.modules"
COLLECTION = "huaweicloud.codearts."
MODES = ("module", "controller")  # as conftest.MODES (ansible-test's pytest does not put this directory on sys.path)

# The variables a play around the examples would define: the seed's IDs (tests/codearts_emulator/default_seed.yml)
# under the names examples use for them. Only what an example could take from its play belongs here: a variable that
# an example means to have registered itself (such as ``review``) must not be defined, or its bug would be hidden.
EXAMPLE_VARS = {
    "project_id": "c0dea7750000000000000000000000a1",  # the demo project
    "project_name": "demo",
    "job_id": "b1d0000000000000000000000000000a",  # nightly-build
    "job_name": "nightly-build",
    "task_id": "c4ec0000000000000000000000000002",  # web-frontend-check
    "pipeline_id": "p1e0000000000000000000000000000a",  # release-pipeline
    "pipeline_name": "release-pipeline",
    "pipeline_run_id": "r0000000000000000000000000000001",  # release-pipeline's latest run, waiting for a review
}

# The seeded ID or name to use for one that an example shows (once templated), by task: (module, task name) ->
# {as written: seeded}. Every example names things of the seed, but a loop over what a search found must find
# something, or the task it loops is never run: the runaway builds and runs of the seed are in the housekeeping
# project, not in the demo project that these searches name.
HOUSEKEEPING = {"c0dea7750000000000000000000000a1": "c0dea7750000000000000000000000a3"}
PLACEHOLDERS = {
    ("codearts_build_info", "Find the builds of a project that have run for more than an hour"): HOUSEKEEPING,
    ("codearts_pipeline_run_info", "Find every run of the project that has run for more than six hours"): HOUSEKEEPING,
    ("codearts_pipeline_run_info", "Wait until all of them have stopped, reading them at once each try"): HOUSEKEEPING,
}

# Examples that are wrong as written: (module, task name) -> the bug. Each is marked xfail(strict=True), and a fixed
# example then fails its test (XPASS) until its entry is removed.
BROKEN = {}

# What a task may say besides its action, as far as this player plays it: anything else fails the test (see _task).
TASK_KEYWORDS = {
    "name",
    "register",
    "loop",
    "loop_control",
    "when",
    "vars",
    "ignore_errors",
    "block",
    "always",
    "until",
    "retries",
    "delay",
}
LOOP_CONTROL = {"label", "loop_var"}
TEMPLATE = jinja2.Environment(undefined=jinja2.StrictUndefined)
WHOLE_EXPRESSION = re.compile(r"\A\{\{(.*)\}\}\Z", re.DOTALL)


class ExampleError(AssertionError):
    """An example that does not run as written (the message names the module and the task)."""


class ExampleUndefined(ExampleError):
    """An example that uses a variable that nothing defines: what BROKEN's entries expect."""


class Step(NamedTuple):
    """One task of an EXAMPLES block, its action and arguments as written (templated when it runs)."""

    number: int  # its place among the module's tasks, counting from 1 (blocks flattened)
    name: str
    action: str
    args: dict
    keywords: dict  # its other keywords, those of its enclosing blocks merged in (vars, when)


def _module_names():
    package = importlib.import_module(MODULE_PACKAGE)
    return sorted(info.name for info in pkgutil.iter_modules(package.__path__) if not info.name.startswith("_"))


def _task(module, task, inherited, steps):
    """Append the steps of ``task`` (a block's, flattened) to ``steps``."""
    name = task.get("name", "(unnamed)")
    where = "%s, task %r" % (module, name)
    if "block" in task:
        unknown = set(task) - TASK_KEYWORDS
        if unknown:
            raise ExampleError("%s: this test does not play %s in a block; teach it" % (where, sorted(unknown)))
        keywords = dict(inherited)
        keywords["vars"] = dict(inherited.get("vars", {}), **task.get("vars", {}))
        keywords["when"] = list(inherited.get("when", [])) + _conditions(task.get("when"))
        for inner in list(task["block"]) + list(task.get("always") or []):
            _task(module, inner, keywords, steps)
        return
    actions = [key for key in task if key not in TASK_KEYWORDS]
    if len(actions) != 1:
        raise ExampleError("%s: expected one action, found %s (a keyword this test does not play?)" % (where, actions))
    args = task[actions[0]]
    if not isinstance(args, dict):
        raise ExampleError("%s: the arguments of %s are not a mapping: %r" % (where, actions[0], args))
    keywords = {key: value for key, value in task.items() if key in TASK_KEYWORDS and key != "name"}
    keywords["vars"] = dict(inherited.get("vars", {}), **task.get("vars", {}))
    keywords["when"] = list(inherited.get("when", [])) + _conditions(task.get("when"))
    steps.append(Step(len(steps) + 1, name, actions[0], args, keywords))


def _conditions(when):
    if when is None:
        return []
    return list(when) if isinstance(when, list) else [when]


def _steps(module, text=None):
    """The tasks of ``module``'s EXAMPLES (or of ``text``), in the order a play runs them."""
    examples = yaml.safe_load(text or importlib.import_module("%s.%s" % (MODULE_PACKAGE, module)).EXAMPLES)
    if not isinstance(examples, list):
        raise ExampleError("%s: EXAMPLES is not a list of tasks" % module)
    steps = []
    for task in examples:
        _task(module, task, {}, steps)
    return steps


def _defined(value, what):
    """``value``, or ExampleUndefined when a template gave an undefined value (StrictUndefined raises only on use)."""
    if isinstance(value, jinja2.Undefined):
        try:
            str(value)
        except jinja2.UndefinedError as error:
            raise ExampleUndefined("%s: %s" % (what, error)) from None
    return value


def _render(value, context, what, placeholders=None):
    """``value`` templated as Ansible does: a string that is one ``{{ expression }}`` gives the expression's value
    (a list to loop over, a number), any other string a string; containers are templated item by item. A string
    that ``placeholders`` lists is then replaced by the seeded one."""
    if isinstance(value, dict):
        return {key: _render(item, context, what, placeholders) for key, item in value.items()}
    if isinstance(value, list):
        return [_render(item, context, what, placeholders) for item in value]
    if isinstance(value, str) and ("{{" in value or "{%" in value):
        try:
            whole = WHOLE_EXPRESSION.match(value)
            if whole and "{{" not in whole.group(1):
                value = _defined(TEMPLATE.compile_expression(whole.group(1).strip())(**context), what)
                if isinstance(value, types.GeneratorType):  # Ansible lists what a filter such as map() gives
                    value = [_defined(item, what) for item in value]
            else:
                value = TEMPLATE.from_string(value).render(**context)
        except jinja2.UndefinedError as error:
            raise ExampleUndefined("%s: %s" % (what, error)) from None
        except jinja2.TemplateError as error:
            raise ExampleError("%s: %s: %s" % (what, type(error).__name__, error)) from None
    if isinstance(value, str) and placeholders:
        return placeholders.get(value, value)
    return value


def _true(expression, context, what):
    """A ``when:`` or ``that:`` condition (a bare expression, as Ansible takes it), evaluated."""
    return bool(_render("{{ %s }}" % expression if "{{" not in str(expression) else expression, context, what))


class Outcome(NamedTuple):
    """What a task gave: each run's result (one per loop item; none when ``when`` skipped it)."""

    step: Step
    results: list


class Player:
    """Plays a module's EXAMPLES one way (``mode``), keeping what tasks register."""

    def __init__(self, module, mode, run_either, sleep):
        self.module = module
        self.mode = mode
        self.run_either = run_either
        self.sleep = sleep
        self.variables = dict(EXAMPLE_VARS)

    def play(self, steps):
        return [self.run(step) for step in steps]

    def run(self, step):
        what = "%s, task %d %r (%s)" % (self.module, step.number, step.name, self.mode)
        context = dict(self.variables, **_render(step.keywords["vars"], self.variables, what))
        results = []
        if all(_true(condition, context, what + ", when") for condition in step.keywords["when"]):
            loop_control = step.keywords.get("loop_control") or {}
            if set(loop_control) - LOOP_CONTROL:
                raise ExampleError("%s: this test does not play loop_control %s" % (what, sorted(loop_control)))
            if "loop" in step.keywords:
                items = _render(step.keywords["loop"], context, what + ", loop")
                if not isinstance(items, list):
                    raise ExampleError("%s: loop is not a list: %r" % (what, items))
                if not items:  # then the task is never run, and could be wrong unseen
                    raise ExampleError("%s: the loop has no item on the seed; name seeded data (PLACEHOLDERS)" % what)
                loop_var = loop_control.get("loop_var", "item")
                for item in items:
                    item_context = dict(context, **{loop_var: item})
                    if "label" in loop_control:
                        _render(loop_control["label"], item_context, what + ", loop_control.label")
                    results.append(self.act(step, item_context, "%s, item %r" % (what, item)))
            else:
                results.append(self.retried(step, context, what))
        if "register" in step.keywords:
            self.variables[step.keywords["register"]] = self.registered(step, results)
        return Outcome(step, results)

    @staticmethod
    def registered(step, results):
        if "loop" in step.keywords:
            return {"results": results, "changed": any(result.get("changed") for result in results), "msg": "done"}
        return results[0] if results else {"skipped": True, "changed": False}

    def retried(self, step, context, what):
        """act(), then again while ``until`` is false: up to ``retries`` more times (3 unless said), ``delay`` seconds
        apart (5 unless said) on the emulator's clock. Still false after that fails, as in Ansible."""
        result = self.act(step, context, what)
        if "until" not in step.keywords:
            return result
        register = step.keywords.get("register")
        for _retry in range(int(step.keywords.get("retries", 3))):
            if _true(step.keywords["until"], dict(context, **({register: result} if register else {})), what):
                return result
            self.sleep(float(step.keywords.get("delay", 5)))
            result = self.act(step, context, what)
        if not _true(step.keywords["until"], dict(context, **({register: result} if register else {})), what):
            raise ExampleError("%s: until was still false after the retries: %s" % (what, result))
        return result

    def act(self, step, context, what):
        args = _render(step.args, context, what, PLACEHOLDERS.get((self.module, step.name)))
        if step.action.startswith(COLLECTION):
            result = self.run_either(self.mode, step.action[len(COLLECTION) :], args).result
            expected = bool(step.keywords.get("ignore_errors"))
            if bool(result.get("failed")) != expected:
                raise ExampleError(
                    "%s: expected %s, got: %s"
                    % (what, "a failure (ignore_errors)" if expected else "no failure", result.get("msg", result))
                )
            return result
        if step.action in ("ansible.builtin.debug", "debug"):
            if "var" in args:  # Ansible prints "VARIABLE IS NOT DEFINED!" and goes on; an example should not
                return {"changed": False, args["var"]: _render("{{ %s }}" % args["var"], context, what + ", var")}
            return {"changed": False, "msg": args.get("msg", "Hello world!")}
        if step.action in ("ansible.builtin.assert", "assert"):
            conditions = args["that"] if isinstance(args["that"], list) else [args["that"]]
            for condition in conditions:
                if not _true(condition, context, what):
                    raise ExampleError("%s: the assertion %r is false" % (what, condition))
            return {"changed": False, "msg": "All assertions passed"}
        raise ExampleError("%s: this test does not play %s; teach it" % (what, step.action))


@pytest.fixture
def play(emulator, run_either, monkeypatch):
    """play(module, mode, steps) -> the Outcomes of ``steps`` played ``mode`` on a fresh seed.

    A client's wait moves the emulator's clock on instead of sleeping, so that an example that waits for a build or a
    check to end is done as soon as the emulator would have ended it, not after seconds of polling.
    """

    def client(*args, **kwargs):
        kwargs["sleep"] = emulator.advance_clock
        return CodeArtsClient(*args, **kwargs)

    monkeypatch.setattr(_module, "CodeArtsClient", client)

    def run(module, mode, steps):
        emulator.reset()
        return Player(module, mode, run_either, emulator.advance_clock).play(steps)

    return run


# What the player plays that no example uses yet (a block, vars, when, loop_control, an expected failure): played
# by test_the_player_plays_what_an_example_may_use, so that the first example to use it is played right.
PLAYER_EXAMPLE = """
- name: Find a job by a variable of its block
  vars:
    wanted: nightly-build
  when: project_id is defined
  block:
    - name: Find it
      huaweicloud.codearts.codearts_build_job_info:
        project_id: "{{ project_id }}"
        name: "{{ wanted }}"
      register: found
    - name: Skipped, since it was found
      huaweicloud.codearts.codearts_build_job_info:
        project_id: "{{ project_id }}"
      when: found.jobs | length == 0
      register: skipped
- name: Enable what was found (it is already)
  huaweicloud.codearts.codearts_build_job:
    job_id: "{{ job.id }}"
    state: enabled
  loop: "{{ found.jobs }}"
  loop_control:
    loop_var: job
    label: "{{ job.name }}"
  register: enabled
- name: Disable a job that does not exist, which fails
  huaweicloud.codearts.codearts_build_job:
    job_id: b1d00000000000000000000000000099
    state: disabled
  ignore_errors: true
  register: missing
- name: Check what the tasks registered
  ansible.builtin.assert:
    that:
      - skipped.skipped
      - not enabled.changed and enabled.results | length == 1
      - missing.failed
"""


def _cases(modes):
    for module in _module_names():
        try:
            steps = _steps(module)
        except ExampleError:  # an EXAMPLES this test cannot read fails its own test (which reads it again), not all
            steps = [Step(0, "", "", {}, {})]
        for step in steps:
            for mode in modes:
                bug = BROKEN.get((module, step.name))
                marks = [pytest.mark.xfail(strict=True, raises=ExampleUndefined, reason=bug)] if bug else []
                ids = [module, "task%d" % step.number] + ([mode] if mode else [])
                yield pytest.param(module, step.number, *([mode] if mode else []), marks=marks, id="-".join(ids))


def test_every_module_has_examples_that_call_it():
    for module in _module_names():
        assert any(step.action == COLLECTION + module for step in _steps(module)), module


@pytest.mark.parametrize("mode", MODES)
def test_the_player_plays_what_an_example_may_use(mode, play):
    outcomes = play("the player's example", mode, _steps("the player's example", PLAYER_EXAMPLE))
    assert [len(outcome.results) for outcome in outcomes] == [1, 0, 1, 1, 1]


def test_the_player_fails_on_an_undefined_variable(play):
    with pytest.raises(ExampleUndefined, match="task 1 'Read' .*'review' is undefined"):
        play("an example", "module", _steps("an example", "[{name: Read, debug: {msg: '{{ review.job_run_id }}'}}]"))


def test_every_broken_example_is_still_there():
    steps = {(module, step.name) for module in _module_names() for step in _steps(module)}
    assert set(BROKEN) <= steps, "a renamed or removed example is still listed in BROKEN"


@pytest.mark.parametrize("module, number, mode", list(_cases(MODES)))
def test_each_example_task_runs_as_written(module, number, mode, play):
    # The tasks before it run first, as in a play: it may read what they registered, or act on what they changed.
    outcomes = play(module, mode, _steps(module)[:number])
    assert outcomes[-1].step.number == number


@pytest.mark.parametrize("module, number", list(_cases([None])))
def test_each_example_task_changes_the_same_both_ways(module, number, play):
    steps = _steps(module)[:number]
    changed = {
        mode: [bool(result.get("changed")) for result in play(module, mode, steps)[-1].results] for mode in MODES
    }
    assert changed["module"] == changed["controller"], "%s, task %d %r: changed as a module and in the controller" % (
        module,
        number,
        steps[-1].name,
    )
