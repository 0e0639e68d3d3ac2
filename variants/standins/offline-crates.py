#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Makes a scratch copy's Cargo.lock (made offline from Debian's crate sources by
variants/offline/prepare-scratch.sh) usable by the real Nix tools. Used by prepare-offline.sh.

    offline-crates.py --scratch DIR [--original-config FILE] [--registry DIR] --cache DIR

- Packs every registry crate of the lock into a deterministic `.crate` tarball from Debian's
  sources (`<name>-<version>/…` without Debian's .cargo-checksum.json; sorted, mtime 0, owner 0,
  gzip without name or time), so its sha256 is the same on every machine with the same sources.
- Writes those sha256 into the lock (Debian's lock has "Could not get crate checksum" for many
  crates, and every tool uses the checksum as a fixed-output hash).
- Moves the [patch.crates-io] entries the lock uses from .cargo/config.toml into the root
  Cargo.toml (cargo2nix copies .cargo/config.toml into every crate's build, where a relative
  patch path breaks), drops unused ones and their [[patch.unused]] lock entries, and puts back
  the workspace's own config without [source.*] tables (the tools vendor the crates themselves).
- Keeps the lock at format v3 when it has no git packages (Debian's cargo 1.65 reads v3 only).

Prints one line per crate: name TAB version TAB sha256 TAB tarball. Exit 1 with a message when a
crate is not in Debian's sources or the lock has git packages.
"""
import argparse
import gzip
import hashlib
import io
import os
import re
import sys
import tarfile
import tomllib
from pathlib import Path

REGISTRY = "registry+https://github.com/rust-lang/crates.io-index"
# Marks what this script adds to the root Cargo.toml (removed again by --strip).
MARK = "# flakeoff-offline"


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


def tarball(registry, cache, name, version):
    src = registry / f"{name}-{version}"
    if not src.is_dir():
        die(f"{name} {version} is not in Debian's crate sources ({src}); "
            f"install its librust-*-dev package or change the workspace's requirement")
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
    return "".join(out).strip() + "\n" if "".join(out).strip() else ""


def strip_marked(manifest):
    """Cargo.toml without what an earlier run added (lines carrying MARK), so a re-run is clean."""
    text = manifest.read_text()
    kept = [line for line in text.splitlines(keepends=True) if MARK not in line]
    stripped = "".join(kept).rstrip("\n") + "\n"
    if stripped != text:
        manifest.write_text(stripped)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--strip", action="store_true",
                    help="only remove an earlier run's additions from the root Cargo.toml")
    ap.add_argument("--scratch", required=True, type=Path)
    ap.add_argument("--original-config", type=Path)
    ap.add_argument("--registry", type=Path, default=Path("/usr/share/cargo/registry"))
    ap.add_argument("--cache", type=Path)
    args = ap.parse_args()
    scratch = args.scratch
    if args.strip:
        strip_marked(scratch / "Cargo.toml")
        return
    lock_path = scratch / "Cargo.lock"
    config_path = scratch / ".cargo" / "config.toml"
    if args.cache is None:
        ap.error("--cache is required")
    args.cache.mkdir(parents=True, exist_ok=True)

    lock_text = lock_path.read_text()
    lock = tomllib.loads(lock_text)
    packages = lock.get("package", [])
    git = [p["name"] for p in packages if str(p.get("source", "")).startswith("git+")]
    if git:
        die(f"git packages cannot be built offline: {', '.join(sorted(git))}")
    other = [p["name"] for p in packages
             if "source" in p and p["source"] != REGISTRY]
    if other:
        die(f"packages from other registries cannot be built offline: {', '.join(sorted(other))}")

    # Patches: which ones the lock uses (a path package of that name), from the Debian config.
    config = tomllib.loads(config_path.read_text()) if config_path.exists() else {}
    patches = config.get("patch", {}).get("crates-io", {})
    path_names = {p["name"] for p in packages if "source" not in p}
    used = {n: spec for n, spec in patches.items() if n in path_names}

    # The lock: checksums, no [[patch.unused]], format v3.
    sums = {}
    for p in packages:
        if p.get("source") == REGISTRY:
            dest, digest = tarball(args.registry, args.cache, p["name"], p["version"])
            sums[(p["name"], p["version"])] = (digest, dest)
    out, name, version, skipping = [], None, None, False
    for line in lock_text.splitlines(keepends=True):
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
        if line.startswith("checksum = ") and (name, version) in sums:
            line = f'checksum = "{sums[(name, version)][0]}"\n'
        out.append(line)
    text = "".join(out).rstrip("\n") + "\n"
    text = re.sub(r"(?m)^version = 4$", "version = 3", text, count=1)
    lock_path.write_text(text)

    # The root Cargo.toml gets the used patches; .cargo/config.toml goes back to the workspace's.
    if used:
        manifest = scratch / "Cargo.toml"
        mtext = manifest.read_text()
        lines = [f'{n} = {{ path = "{spec["path"]}" }}  {MARK}' for n, spec in sorted(used.items())]
        if re.search(r"(?m)^\[patch\.crates-io\]\s*$", mtext):
            mtext = re.sub(r"(?m)^\[patch\.crates-io\]\s*$",
                           "[patch.crates-io]\n" + "\n".join(lines), mtext, count=1)
        else:
            mtext = mtext.rstrip("\n") + (f"\n\n{MARK}: crates Debian 12 lacks (a scratch copy only)\n"
                                          f"[patch.crates-io]  {MARK}\n" + "\n".join(lines) + "\n")
        manifest.write_text(mtext)
    else:
        shims = scratch / ".cargo" / "shims"
        if shims.is_dir():
            import shutil
            shutil.rmtree(shims)
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
