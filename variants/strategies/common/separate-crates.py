#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Turns a scratch copy of a Cargo workspace into the separate-crates layout: no workspace, every
member a Cargo project of its own beside the others (variants/STRATEGIES.md, "Layouts"). The first
prepare step of every strategy's separate layout, online and offline; the user's workspace is
never touched (Flakeoff runs it on its scratch copy only).

    separate-crates.py SCRATCH

- Each member's Cargo.toml stands alone: what it inherits from the workspace (`version.workspace
  = true`, `cats.workspace = true`, `lints.workspace = true`) is written out, a path in an
  inherited dependency made relative to the member's folder (`path = "cats"` -> `"../cats"`).
- The workspace's [patch], [replace] and [profile] tables (they apply to the root project only)
  and its resolver go to every root project: a member no other member depends on by path (the
  sample's app and wasm, not cats).
- The root Cargo.toml and Cargo.lock are removed: each project gets its own lock from the next
  prepare step (a workspace lock pins the whole workspace, not one project).
- In a git repository the changes are staged (a flake sees tracked files only).

Run again on a tree without a root Cargo.toml it does nothing (the step is idempotent). Exit 1
with a sentence when the tree cannot be separated: the root is itself a package, a member glob
it cannot expand, or a manifest that is not TOML.
"""
import glob
import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

DEPENDENCY_TABLES = ("dependencies", "dev-dependencies", "build-dependencies")
# [package] keys a member may inherit whose value is a path relative to the workspace root.
PATH_KEYS = ("readme", "license-file")
BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def die(message):
    print(f"separate-crates: {message}", file=sys.stderr)
    sys.exit(1)


def read_toml(path):
    try:
        return tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as e:
        die(f"{path}: {e}")


# --- A TOML writer for manifests (tomllib only reads) ---------------------------------------

def key(k):
    return k if BARE_KEY.fullmatch(k) else json.dumps(k, ensure_ascii=False)


def value(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return json.dumps(v, ensure_ascii=False)  # a JSON string is a TOML basic string
    if isinstance(v, list):
        return "[" + ", ".join(value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{key(k)} = {value(x)}" for k, x in v.items()) + " }"
    return v.isoformat()  # dates and times


def is_table_array(v):
    return isinstance(v, list) and v and all(isinstance(x, dict) for x in v)


def write_table(path, table, out, inline_dicts):
    """`table` under the header `path` (a list of keys): its values first, then its sub-tables.
    In a dependency table every dependency is an inline table (`cats = { path = "../cats" }`)."""
    scalars = {k: v for k, v in table.items()
               if inline_dicts or not (isinstance(v, dict) or is_table_array(v))}
    if path and (scalars or not table):
        out.append(f"\n[{'.'.join(key(k) for k in path)}]\n")
    for k, v in scalars.items():
        out.append(f"{key(k)} = {value(v)}\n")
    if inline_dicts:
        return
    for k, v in table.items():
        if isinstance(v, dict):
            inline = k in DEPENDENCY_TABLES or (len(path) == 1 and path[0] == "patch")
            write_table(path + [k], v, out, inline)
        elif is_table_array(v):
            for item in v:
                out.append(f"\n[[{'.'.join(key(x) for x in path + [k])}]]\n")
                for ik, iv in item.items():
                    out.append(f"{key(ik)} = {value(iv)}\n")


def dumps(doc):
    out = []
    write_table([], doc, out, False)
    return "".join(out).lstrip("\n")


# --- Workspace inheritance --------------------------------------------------------------------

def rebase(path, member_dir, root):
    """A path relative to the workspace root, relative to the member's folder instead."""
    return os.path.relpath(root / path, root / member_dir)


def inherited_dependency(name, spec, workspace_deps, member_dir, root, where):
    """A member's `name = { workspace = true, … }` as the workspace defines it, with the keys the
    member may add (features add to the workspace's; optional, default-features, public)."""
    base = workspace_deps.get(name)
    if base is None:
        die(f"{where}: {name} inherits from the workspace, which has no such dependency")
    dep = {"version": base} if isinstance(base, str) else dict(base)
    if "path" in dep:
        dep["path"] = rebase(dep["path"], member_dir, root)
    for k, v in spec.items():
        if k == "workspace":
            continue
        if k == "features":
            dep["features"] = dep.get("features", []) + [f for f in v if f not in dep.get("features", [])]
        else:
            dep[k] = v
    return dep["version"] if list(dep) == ["version"] else dep


def resolve_dependencies(table, workspace_deps, member_dir, root, where):
    for name, spec in list(table.items()):
        if isinstance(spec, dict) and spec.get("workspace") is True:
            table[name] = inherited_dependency(name, spec, workspace_deps, member_dir, root, where)


def rebase_patches(tables, member_dir, root):
    """[patch.*] / [replace] entries with their paths relative to the member's folder."""
    out = {}
    for source, entries in tables.items():
        out[source] = {}
        for name, spec in entries.items():
            spec = dict(spec) if isinstance(spec, dict) else spec
            if isinstance(spec, dict) and "path" in spec:
                spec["path"] = rebase(spec["path"], member_dir, root)
            out[source][name] = spec
    return out


def members_of(root, workspace):
    """workspace.members with globs expanded (as cargo does: folders that have a Cargo.toml),
    minus workspace.exclude, as paths relative to the root."""
    excluded = {os.path.normpath(e) for e in workspace.get("exclude", [])}
    dirs = []
    for pattern in workspace.get("members", []):
        found = sorted(glob.glob(pattern, root_dir=root)) if glob.has_magic(pattern) else [pattern]
        for d in found:
            d = os.path.normpath(d)
            if d not in excluded and (root / d / "Cargo.toml").is_file() and d not in dirs:
                dirs.append(d)
    return dirs


def path_dependencies(doc, member_dir, root):
    """The folders (relative to the root) this manifest depends on by path."""
    tables = [doc.get(t, {}) for t in DEPENDENCY_TABLES]
    for target in doc.get("target", {}).values():
        tables += [target.get(t, {}) for t in DEPENDENCY_TABLES]
    out = set()
    for table in tables:
        for spec in table.values():
            if isinstance(spec, dict) and "path" in spec:
                out.add(os.path.normpath(os.path.join(member_dir, spec["path"])))
    return out


def separate(root):
    top = read_toml(root / "Cargo.toml")
    if "package" in top:
        die(f"{root}/Cargo.toml is itself a package: the separate layout needs every crate in a "
            f"folder of its own beside the others")
    workspace = top.get("workspace")
    if workspace is None:
        die(f"{root}/Cargo.toml has no [workspace]: nothing to separate")
    package_defaults = workspace.get("package", {})
    workspace_deps = workspace.get("dependencies", {})
    members = members_of(root, workspace)
    if not members:
        die(f"{root}/Cargo.toml names no member with a Cargo.toml")

    docs = {}
    for d in members:
        where = f"{d}/Cargo.toml"
        doc = read_toml(root / d / "Cargo.toml")
        package = doc.get("package", {})
        for k, v in list(package.items()):
            if isinstance(v, dict) and v.get("workspace") is True:
                if k not in package_defaults:
                    die(f"{where}: package.{k} inherits from the workspace, which does not set it")
                inherited = package_defaults[k]
                if k in PATH_KEYS and isinstance(inherited, str):
                    inherited = rebase(inherited, d, root)
                package[k] = inherited
        for t in DEPENDENCY_TABLES:
            resolve_dependencies(doc.get(t, {}), workspace_deps, d, root, where)
        for target in doc.get("target", {}).values():
            for t in DEPENDENCY_TABLES:
                resolve_dependencies(target.get(t, {}), workspace_deps, d, root, where)
        if isinstance(doc.get("lints"), dict) and doc["lints"].get("workspace") is True:
            doc["lints"] = workspace.get("lints", {})
        docs[d] = doc

    # Root projects: members no other member depends on by path. They get what applied to the
    # workspace's root only.
    depended = set()
    for d, doc in docs.items():
        depended |= path_dependencies(doc, d, root)
    for d, doc in docs.items():
        if d in depended:
            continue
        if "resolver" in workspace and "resolver" not in doc.get("package", {}):
            doc.setdefault("package", {})["resolver"] = workspace["resolver"]
        if "profile" in top:
            doc["profile"] = top["profile"]
        if "patch" in top:
            doc["patch"] = rebase_patches(top["patch"], d, root)
        if "replace" in top:
            doc["replace"] = rebase_patches({"_": top["replace"]}, d, root)["_"]

    for d, doc in docs.items():
        (root / d / "Cargo.toml").write_text(
            "# Made by Flakeoff from the workspace's manifests (separate-crates layout).\n" + dumps(doc))
    for f in ("Cargo.toml", "Cargo.lock"):
        (root / f).unlink(missing_ok=True)

    if subprocess.run(["git", "-C", str(root), "rev-parse", "--git-dir"],
                      capture_output=True).returncode == 0:
        git = ["git", "-C", str(root)]
        subprocess.run(git + ["rm", "-q", "--cached", "--ignore-unmatch", "--", "Cargo.toml", "Cargo.lock"],
                       check=True)
        subprocess.run(git + ["add", "--force", "--"] + [f"{d}/Cargo.toml" for d in docs], check=True)
    roots = [d for d in docs if d not in depended]
    print(f"separate-crates: {root}: {len(docs)} projects side by side ({', '.join(docs)}; "
          f"root projects {', '.join(roots)}), no workspace")


def main():
    if len(sys.argv) != 2:
        print("usage: separate-crates.py SCRATCH", file=sys.stderr)
        sys.exit(2)
    root = Path(sys.argv[1]).resolve()
    if not (root / "Cargo.toml").exists():
        print(f"separate-crates: {root} has no Cargo.toml at its root: already separate")
        return
    separate(root)


if __name__ == "__main__":
    main()
