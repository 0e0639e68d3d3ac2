#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks strategy manifests against schema 1 (variants/STRATEGIES.md) and against their files.

Usage: check-manifest.py MANIFEST.json...   Prints one line per problem; exit 1 if any.
"""
import json
import re
import sys
from pathlib import Path

FAMILIES = {"monolithic", "deps-split", "per-crate"}
LAYOUTS = {"workspace", "separate"}
SCENARIOS = {"noop", "edit-leaf", "edit-shared", "bump-dependency", "edit-nix", "touch-docs"}
TARGET_KINDS = {"native", "wasm32"}
ARTIFACT_KINDS = {"deps", "vendor", "download", "crate", "source"}
WHEN = {"missing", "always", "changed"}
FOR_EACH = {None, "target-crate"}
MODES = {None, "online", "offline"}
# offline.overrides[].from: a stand-in assembled from variants/standins/, or an imported input.
FROM = re.compile(r"^(standin|input):([A-Za-z0-9][A-Za-z0-9._-]*)$")
# Values that stand in for the placeholders when a pattern is compiled for checking.
SAMPLE = {"{pname}": "app", "{version}": "0.1.0", "{crate}": "cats", "{target}": "app",
          "{dependency}": "tokio-1.37.0"}


def fill(pattern):
    for key, value in SAMPLE.items():
        pattern = pattern.replace(key, re.escape(value))
    return pattern


class Checker:
    def __init__(self, path):
        self.path = path
        self.dir = path.parent
        self.variants = path.resolve().parent.parent.parent
        self.problems = []

    def fail(self, where, message):
        self.problems.append(f"{self.path}: {where}: {message}")

    def need(self, obj, key, kind, where):
        if not isinstance(obj, dict) or key not in obj:
            self.fail(where, f"missing '{key}'")
            return None
        value = obj[key]
        if not isinstance(value, kind):
            self.fail(f"{where}.{key}", f"expected {getattr(kind, '__name__', kind)}")
            return None
        return value

    def regex(self, pattern, where):
        try:
            re.compile(fill(pattern))
        except re.error as e:
            self.fail(where, f"bad regex {pattern!r}: {e}")

    def strings(self, obj, key, where, required=True):
        if not required and key not in obj:
            return []
        items = self.need(obj, key, list, where) or []
        if not all(isinstance(i, str) for i in items):
            self.fail(f"{where}.{key}", "expected a list of strings")
            return []
        return items

    def check(self):
        try:
            m = json.loads(self.path.read_text())
        except (OSError, json.JSONDecodeError) as e:
            self.fail("file", f"not valid JSON: {e}")
            return self.problems
        if m.get("schema") != 1:
            self.fail("schema", "must be 1")
        sid = self.need(m, "id", str, "manifest")
        if sid is not None and sid != self.dir.name:
            self.fail("id", f"'{sid}' differs from the folder name '{self.dir.name}'")
        self.need(m, "name", str, "manifest")
        self.need(m, "summary", str, "manifest")
        if m.get("family") not in FAMILIES:
            self.fail("family", f"must be one of {sorted(FAMILIES)}")

        inputs = self.check_inputs(m)
        tool = self.need(m, "tool", dict, "manifest") or {}
        for key in ("name", "url", "ref", "flakeInput"):
            self.need(tool, key, str, "tool")
        self.strings(tool, "api", "tool")
        if tool.get("flakeInput") not in inputs:
            self.fail("tool.flakeInput", "names no entry of inputs")

        self.check_offline(m, inputs)
        targets = self.check_targets(m)
        steps = self.check_prepare(m)
        layouts = self.check_layouts(m, inputs)
        for need in self.need(m, "needs", list, "manifest") or []:
            self.need(need, "id", str, "needs[]")
            self.need(need, "why", str, "needs[]")
        roles = self.check_artifacts(m, targets)
        sf = self.need(m, "sourceFilter", dict, "manifest") or {}
        self.need(sf, "function", str, "sourceFilter")
        self.strings(sf, "includes", "sourceFilter")
        self.strings(sf, "excludes", "sourceFilter")
        self.check_rebuilds(m, roles, steps)
        self.check_edit_nix(m, layouts, roles)
        return self.problems

    def check_inputs(self, m):
        names = {}
        for i, inp in enumerate(self.need(m, "inputs", list, "manifest") or []):
            where = f"inputs[{i}]"
            name = self.need(inp, "name", str, where)
            self.need(inp, "url", str, where)
            self.need(inp, "role", str, where)
            for target in (inp.get("follows") or {}).values():
                if target not in [x.get("name") for x in m["inputs"]]:
                    self.fail(f"{where}.follows", f"'{target}' is not an input")
            if name:
                names[name] = inp
        for required in ("nixpkgs", "rust-overlay"):
            if required not in names:
                self.fail("inputs", f"no '{required}'")
        return names

    def check_offline(self, m, inputs):
        """offline: how the strategy runs without network (variants/STRATEGIES.md)."""
        if "offline" not in m:
            return
        offline = self.need(m, "offline", dict, "manifest") or {}
        seen = set()
        for i, o in enumerate(self.need(offline, "overrides", list, "offline") or []):
            where = f"offline.overrides[{i}]"
            name = self.need(o, "input", str, where)
            source = self.need(o, "from", str, where)
            if name:
                if name in seen:
                    self.fail(where, f"input '{name}' overridden twice")
                seen.add(name)
                if name.split("/")[0] not in inputs:
                    self.fail(f"{where}.input", f"'{name.split('/')[0]}' is not an input of the manifest")
            if source:
                match = FROM.match(source)
                if not match:
                    self.fail(f"{where}.from", f"'{source}' must be standin:NAME or input:NAME")
                elif match.group(1) == "standin":
                    standin = self.variants / "standins" / match.group(2) / "flake.nix"
                    if not standin.is_file():
                        self.fail(f"{where}.from", f"no stand-in {match.group(2)} (variants/standins/{match.group(2)}/flake.nix)")
        # Offline, an input that is not overridden would be downloaded.
        for name in inputs:
            if name not in seen:
                self.fail("offline.overrides", f"input '{name}' has no override")
        words = self.strings(offline, "standins", "offline")
        if not words:
            self.fail("offline.standins", "is empty (say what stands in for what)")

    def check_targets(self, m):
        ids = []
        for i, t in enumerate(self.need(m, "targets", list, "manifest") or []):
            where = f"targets[{i}]"
            tid = self.need(t, "id", str, where)
            if t.get("kind") not in TARGET_KINDS:
                self.fail(f"{where}.kind", f"must be one of {sorted(TARGET_KINDS)}")
            if t.get("kind") == "wasm32":
                self.need(t, "triple", str, where)
            self.strings(t, "outputs", where)
            pattern = self.need(t, "pattern", str, where)
            if pattern:
                self.regex(pattern, f"{where}.pattern")
            if tid in ids:
                self.fail(where, f"duplicate id '{tid}'")
            ids.append(tid)
        return ids

    def check_prepare(self, m):
        names = set()
        for i, step in enumerate(self.need(m, "prepare", list, "manifest") or []):
            where = f"prepare[{i}]"
            name = self.need(step, "name", str, where)
            names.add(name)
            self.need(step, "description", str, where)
            if not self.strings(step, "argv", where):
                self.fail(f"{where}.argv", "is empty")
            if not set(self.strings(step, "layouts", where)) <= LAYOUTS:
                self.fail(f"{where}.layouts", f"only {sorted(LAYOUTS)}")
            if step.get("when") not in WHEN:
                self.fail(f"{where}.when", f"must be one of {sorted(WHEN)}")
            if step.get("when") == "changed" and not self.strings(step, "inputs", where):
                self.fail(f"{where}.inputs", "a 'changed' step needs inputs")
            if step.get("forEach") not in FOR_EACH:
                self.fail(f"{where}.forEach", "must be absent or 'target-crate'")
            self.strings(step, "needs", where)
            self.strings(step, "produces", where)
            self.need(step, "track", bool, where)
            if step.get("mode") not in MODES:
                self.fail(f"{where}.mode", "must be absent, 'online' or 'offline'")
            if "network" in (step.get("needs") or []) and step.get("mode") == "offline":
                self.fail(f"{where}.mode", "an offline step cannot need the network")
            # Scripts of this repository named through {variants} must exist.
            for arg in step.get("argv") or []:
                if isinstance(arg, str) and arg.startswith("{variants}/"):
                    if not (self.variants / arg[len("{variants}/"):]).exists():
                        self.fail(f"{where}.argv", f"no file {arg}")
            for earlier in self.strings(step, "after", where, required=False):
                if earlier not in names:
                    self.fail(f"{where}.after", f"'{earlier}' is not an earlier step")
        return names

    def check_layouts(self, m, inputs):
        layouts = self.need(m, "layouts", dict, "manifest") or {}
        if set(layouts) != LAYOUTS:
            self.fail("layouts", f"must have exactly {sorted(LAYOUTS)}")
        for name, layout in layouts.items():
            where = f"layouts.{name}"
            self.need(layout, "description", str, where)
            for j, f in enumerate(self.need(layout, "files", list, where) or []):
                src, dst = f.get("from"), f.get("to")
                if not isinstance(src, str) or not isinstance(dst, str):
                    self.fail(f"{where}.files[{j}]", "needs 'from' and 'to'")
                    continue
                if not (self.dir / src).is_file():
                    self.fail(f"{where}.files[{j}]", f"no file {src}")
                if dst.startswith("/") or ".." in Path(dst).parts:
                    self.fail(f"{where}.files[{j}]", f"'to' must stay inside the scratch copy: {dst}")
            tos = {f.get("to") for f in layout.get("files", [])}
            if "flake.nix" not in tos:
                self.fail(f"{where}.files", "no flake.nix")
            build = self.need(layout, "build", dict, where) or {}
            if build.get("kind") != "flake":
                self.fail(f"{where}.build.kind", "must be 'flake'")
            if "${target}" not in (build.get("attribute") or ""):
                self.fail(f"{where}.build.attribute", "must contain ${target}")
            expect = layout.get("expect")
            if expect not in ("build", "fail"):
                self.fail(f"{where}.expect", "must be 'build' or 'fail'")
            if expect == "fail":
                failure = self.need(layout, "failure", dict, where) or {}
                self.strings(failure, "derivations", f"{where}.failure")
                message = self.need(failure, "message", str, f"{where}.failure")
                if message:
                    self.regex(message, f"{where}.failure.message")
                self.need(failure, "why", str, f"{where}.failure")
            # Every input the manifest declares is declared by the layout's flake.nix.
            flake = next((f["from"] for f in layout.get("files", []) if f.get("to") == "flake.nix"), None)
            if flake and (self.dir / flake).is_file():
                text = (self.dir / flake).read_text()
                for inp in inputs.values():
                    if f'"{inp.get("url")}"' not in text:
                        self.fail(f"{where}", f"{flake} does not use input url {inp.get('url')}")
        return layouts

    def check_artifacts(self, m, targets):
        """Returns regexes for the role tokens expectedRebuilds and editNix may use."""
        target = "(" + "|".join(map(re.escape, targets)) + ")"
        roles = [f"final:({target[1:-1]}|\\*)"]
        for i, a in enumerate(self.need(m, "intermediateArtifacts", list, "manifest") or []):
            where = f"intermediateArtifacts[{i}]"
            role = self.need(a, "role", str, where) or ""
            if a.get("kind") not in ARTIFACT_KINDS:
                self.fail(f"{where}.kind", f"must be one of {sorted(ARTIFACT_KINDS)}")
            pattern = self.need(a, "pattern", str, where)
            if pattern:
                self.regex(pattern, f"{where}.pattern")
            self.need(a, "perTarget", bool, where)
            self.need(a, "description", str, where)
            roles.append(re.escape(role).replace(re.escape("{target}"), f"(?:{target[1:-1]}|\\*)")
                         .replace(re.escape("{crate}"), "(?:[A-Za-z0-9_-]+|\\*)"))
        # A token may name one target's derivations only: "member:cats@app".
        return [re.compile(f"^(?:{r})(@{target})?$") for r in roles]

    def known_role(self, token, roles):
        return any(r.match(token) for r in roles)

    def check_rebuilds(self, m, roles, steps):
        rebuilds = self.need(m, "expectedRebuilds", dict, "manifest") or {}
        if set(rebuilds) != SCENARIOS:
            self.fail("expectedRebuilds", f"must have exactly {sorted(SCENARIOS)}")
        for name, exp in rebuilds.items():
            where = f"expectedRebuilds.{name}"
            self.need(exp, "why", str, where)
            for key in ("rebuild", "some", "keep"):
                for token in self.strings(exp, key, where, required=key != "some"):
                    if not self.known_role(token, roles):
                        self.fail(f"{where}.{key}", f"unknown role '{token}'")
            for step in self.strings(exp, "prepare", where, required=False):
                if step not in steps:
                    self.fail(f"{where}.prepare", f"'{step}' is not a prepare step")

    def check_edit_nix(self, m, layouts, roles):
        edit = self.need(m, "editNix", dict, "manifest") or {}
        file = self.need(edit, "file", str, "editNix")
        anchor = self.need(edit, "anchor", str, "editNix")
        pattern = self.need(edit, "regex", str, "editNix")
        if edit.get("action") != "increment":
            self.fail("editNix.action", "must be 'increment'")
        for token in self.strings(edit, "reaches", "editNix"):
            if not self.known_role(token, roles):
                self.fail("editNix.reaches", f"unknown role '{token}'")
        if not (file and anchor and pattern):
            return
        try:
            rx = re.compile(pattern)
        except re.error as e:
            self.fail("editNix.regex", str(e))
            return
        if rx.groups < 1:
            self.fail("editNix.regex", "needs a capture group (the number)")
        for name, layout in layouts.items():
            src = next((f["from"] for f in layout.get("files", []) if f.get("to") == file), None)
            if src is None:
                self.fail(f"editNix ({name})", f"{file} is not among the layout's files")
                continue
            path = self.dir / src
            if not path.is_file():
                continue
            lines = path.read_text().splitlines()
            at = [k for k, line in enumerate(lines) if anchor in line]
            if len(at) != 1:
                self.fail(f"editNix ({name})", f"{src}: anchor found {len(at)} times, expected once")
            elif not any(rx.search(line) for line in lines[at[0] + 1:at[0] + 2]):
                self.fail(f"editNix ({name})", f"{src}: the line after the anchor does not match regex")


def main(paths):
    problems = []
    for p in paths:
        problems += Checker(Path(p)).check()
    for line in problems:
        print(line)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
