#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Makes a scratch copy's Cargo.lock (made offline from Debian's crate sources by
variants/offline/prepare-scratch.sh) usable by the real Nix tools. Used by prepare-offline.sh.

    offline-crates.py --scratch DIR --cache DIR --vendor DIR [--original-config FILE] [--registry DIR]

- Packs every registry crate of the lock into a deterministic `.crate` tarball from Debian's
  sources (`<name>-<version>/…` without Debian's .cargo-checksum.json; sorted, mtime 0, owner 0,
  gzip without name or time), so its sha256 is the same on every machine with the same sources,
  and writes that sha256 into the lock (Debian's lock has "Could not get crate checksum" for many
  crates, and every tool uses the checksum as a fixed-output hash).
- Turns each shim that prepare-scratch patched in (`[patch.crates-io]` in .cargo/config.toml, a
  crate Debian 12 lacks) into an ordinary registry crate of the lock, packed the same way: no
  patch and no path package is left, so every tool vendors it like any other crate (a patch in
  .cargo/config.toml breaks cargo2nix's crates; one in Cargo.toml makes naersk's dependency
  source copy the whole tree, so any edit would rebuild its deps).
- Puts the workspace's own .cargo/config.toml back without [source.*] (the tools vendor the
  crates themselves; Debian's checksums no longer match the lock).
- Keeps the lock at format v3 when it has no git packages (Debian's cargo 1.65 reads v3 only).
- Writes a directory source matching the new lock (VENDOR/<name>-<version>/ linking Debian's files,
  with the lock's checksum in .cargo-checksum.json) and VENDOR/../cargo-home/config.toml pointing
  crates-io at it, so cargo itself still runs offline on the scratch copy with
  CARGO_HOME=VENDOR/../cargo-home (e.g. `cargo metadata` for a Cargo.nix generator).

Prints one line per crate: name TAB version TAB sha256 TAB tarball. Exit 1 with a message when a
crate is not in Debian's sources or the lock has git packages.
"""
import argparse
import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tarfile
import tomllib
from pathlib import Path

REGISTRY = "registry+https://github.com/rust-lang/crates.io-index"


def die(message):
    print(f"offline-crates: {message}", file=sys.stderr)
    sys.exit(1)


def pack(src, name, version, dest):
    """A deterministic gzip'd tar of src as <name>-<version>/."""
    top = f"{name}-{version}"
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for root, dirs, files in os.walk(src):
            dirs.sort()
            rel_root = os.path.relpath(root, src)
            for entry in sorted(files + dirs):
                path = os.path.join(root, entry)
                rel = os.path.normpath(os.path.join(rel_root, entry))
                if rel == ".cargo-checksum.json":
                    continue
                info = tar.gettarinfo(path, arcname=f"{top}/{rel}")
                info.mtime = 0
                info.uid = info.gid = 0
                info.uname = info.gname = ""
                if info.isdir():
                    info.mode = 0o755
                    tar.addfile(info)
                elif info.isreg():
                    info.mode = 0o755 if os.stat(path).st_mode & 0o111 else 0o644
                    with open(path, "rb") as f:
                        tar.addfile(info, f)
                elif info.issym():
                    tar.addfile(info)
    raw = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz:
        gz.write(buf.getvalue())
    tmp = dest.with_suffix(".tmp")
    tmp.write_bytes(raw.getvalue())
    tmp.replace(dest)


def newest_mtime(folder):
    newest = 0.0
    for root, _dirs, files in os.walk(folder):
        for f in files:
            newest = max(newest, os.lstat(os.path.join(root, f)).st_mtime)
    return newest


def tarball(src, cache, name, version):
    """The cached tarball of src (re-packed when src changed) and its sha256."""
    dest = cache / f"{name}-{version}.crate"
    if not dest.exists() or dest.stat().st_mtime < newest_mtime(src):
        pack(src, name, version, dest)
    return dest, hashlib.sha256(dest.read_bytes()).hexdigest()


def without_tables(text, prefixes):
    """text without the TOML tables whose header starts with one of prefixes."""
    out, skipping = [], False
    for line in text.splitlines(keepends=True):
        header = re.match(r"\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$", line)
        if header:
            skipping = any(header.group(1) == p or header.group(1).startswith(p + ".")
                           for p in prefixes)
        if not skipping:
            out.append(line)
    text = "".join(out).strip()
    return text + "\n" if text else ""


def rewrite_lock(text, sums, shims):
    """The lock with our checksums, shims as registry packages, no patch tables, format v3."""
    out, name, version, skipping = [], None, None, False
    for line in text.splitlines(keepends=True):
        if line.startswith("[["):
            skipping = line.strip() == "[[patch.unused]]"
            name = version = None
        elif line.startswith("["):
            skipping = line.strip().startswith("[patch")
        if skipping:
            continue
        m = re.match(r'(name|version) = "(.*)"$', line.rstrip("\n"))
        if m:
            if m.group(1) == "name":
                name = m.group(2)
            else:
                version = m.group(2)
                # A shim gets the source and checksum a registry package has, after its version.
                if name in shims and shims[name] == version:
                    out.append(line)
                    out.append(f'source = "{REGISTRY}"\n')
                    out.append(f'checksum = "{sums[(name, version)][0]}"\n')
                    continue
        if line.startswith("checksum = ") and (name, version) in sums:
            line = f'checksum = "{sums[(name, version)][0]}"\n'
        out.append(line)
    text = "".join(out).rstrip("\n") + "\n"
    return re.sub(r"(?m)^version = 4$", "version = 3", text, count=1)


def write_vendor(vendor, crates):
    """A cargo directory source for the lock: links to Debian's sources (copies of the shims,
    which leave the scratch copy), with the lock's checksums."""
    if vendor.exists():
        shutil.rmtree(vendor)
    vendor.mkdir(parents=True)
    for (name, version), (digest, src, copy) in crates.items():
        d = vendor / f"{name}-{version}"
        if copy:
            shutil.copytree(src, d, ignore=shutil.ignore_patterns(".cargo-checksum.json"))
        else:
            d.mkdir()
            for entry in os.listdir(src):
                if entry != ".cargo-checksum.json":
                    os.symlink(os.path.join(src, entry), d / entry)
        (d / ".cargo-checksum.json").write_text(json.dumps({"files": {}, "package": digest}))
    home = vendor.parent / "cargo-home"
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text(
        "# Written by Flakeoff's prepare-offline.sh: the scratch lock's crates, offline.\n"
        "[source.crates-io]\nreplace-with = \"flakeoff-offline\"\n\n"
        f"[source.flakeoff-offline]\ndirectory = \"{vendor}\"\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--scratch", required=True, type=Path)
    ap.add_argument("--cache", required=True, type=Path)
    ap.add_argument("--vendor", required=True, type=Path)
    ap.add_argument("--original-config", type=Path)
    ap.add_argument("--registry", type=Path, default=Path("/usr/share/cargo/registry"))
    args = ap.parse_args()
    scratch = args.scratch.resolve()
    lock_path = scratch / "Cargo.lock"
    config_path = scratch / ".cargo" / "config.toml"
    args.cache.mkdir(parents=True, exist_ok=True)

    lock_text = lock_path.read_text()
    lock = tomllib.loads(lock_text)
    packages = lock.get("package", [])
    git = [p["name"] for p in packages if str(p.get("source", "")).startswith("git+")]
    if git:
        die(f"git packages cannot be built offline: {', '.join(sorted(git))}")
    other = [p["name"] for p in packages if "source" in p and p["source"] != REGISTRY]
    if other:
        die(f"packages from other registries cannot be built offline: {', '.join(sorted(other))}")

    # Shims: the patches of prepare-scratch's config that the lock uses (a path package of that
    # name), with their folder (relative to the scratch root, which holds .cargo/).
    config = tomllib.loads(config_path.read_text()) if config_path.exists() else {}
    patches = config.get("patch", {}).get("crates-io", {})
    shims, shim_dirs = {}, {}
    for p in packages:
        spec = patches.get(p["name"])
        if "source" not in p and spec and "path" in spec:
            shims[p["name"]] = p["version"]
            shim_dirs[p["name"]] = (scratch / spec["path"]).resolve()

    crates = {}  # (name, version) -> (sha256, source folder, copy it)
    sums = {}    # (name, version) -> (sha256, tarball)
    for p in packages:
        name, version = p["name"], p["version"]
        if p.get("source") == REGISTRY:
            src = args.registry / f"{name}-{version}"
            if not src.is_dir():
                die(f"{name} {version} is not in Debian's crate sources ({src}); install its "
                    f"librust-*-dev package or change the workspace's requirement")
        elif shims.get(name) == version:
            src = shim_dirs[name]
        else:
            continue
        dest, digest = tarball(src, args.cache, name, version)
        sums[(name, version)] = (digest, dest)
        crates[(name, version)] = (digest, str(src), name in shims)

    lock_path.write_text(rewrite_lock(lock_text, sums, shims))
    write_vendor(args.vendor.resolve(), crates)

    # The shims now live in the store and the cache; the workspace's own config comes back.
    shutil.rmtree(scratch / ".cargo" / "shims", ignore_errors=True)
    original = args.original_config.read_text() if args.original_config else ""
    kept = without_tables(original, ["source"])
    if kept:
        config_path.write_text(kept)
    elif config_path.exists():
        config_path.unlink()
    cargo_dir = scratch / ".cargo"
    if cargo_dir.is_dir() and not any(cargo_dir.iterdir()):
        cargo_dir.rmdir()

    for (n, v), (digest, dest) in sorted(sums.items()):
        print(f"{n}\t{v}\t{digest}\t{dest}")


if __name__ == "__main__":
    main()
