#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""remarshal's command line for JSON and TOML, for Flakeoff's offline nixpkgs stand-in.

    remarshal [-i IN] [-o OUT] -if json|toml -of json|toml [IN [OUT]]
    json2toml IN OUT, toml2json IN OUT   (the format pair from the program name)

Reads TOML with tomllib (Python 3.11), writes TOML with the small writer below (tables, arrays
of tables, inline arrays and tables, strings, integers, floats, booleans). Dates are not handled.
"""
import json
import math
import os
import sys
import tomllib

BARE = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-")


def key(k):
    return k if k and set(k) <= BARE else string(k)


def string(s):
    out = ['"']
    for c in s:
        if c == '"':
            out.append('\\"')
        elif c == "\\":
            out.append("\\\\")
        elif c == "\n":
            out.append("\\n")
        elif c == "\t":
            out.append("\\t")
        elif c == "\r":
            out.append("\\r")
        elif ord(c) < 0x20 or ord(c) == 0x7F:
            out.append(f"\\u{ord(c):04x}")
        else:
            out.append(c)
    out.append('"')
    return "".join(out)


def inline(v):
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        if math.isnan(v):
            return "nan"
        if math.isinf(v):
            return "inf" if v > 0 else "-inf"
        return repr(v)
    if isinstance(v, str):
        return string(v)
    if isinstance(v, list):
        return "[" + ", ".join(inline(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{key(k)} = {inline(x)}" for k, x in v.items()) + " }"
    if v is None:
        raise SystemExit("remarshal: TOML has no null")
    raise SystemExit(f"remarshal: cannot write {type(v).__name__} as TOML")


def is_table_array(v):
    return isinstance(v, list) and v and all(isinstance(x, dict) for x in v)


def table(d, path, lines):
    """Scalars and inline values first, then sub-tables and arrays of tables."""
    for k, v in d.items():
        if not isinstance(v, dict) and not is_table_array(v):
            lines.append(f"{key(k)} = {inline(v)}")
    for k, v in d.items():
        sub = path + [key(k)]
        if isinstance(v, dict):
            simple = [x for x in v.values() if not isinstance(x, dict) and not is_table_array(x)]
            if simple or not v:
                lines.append("")
                lines.append("[" + ".".join(sub) + "]")
            table(v, sub, lines)
        elif is_table_array(v):
            for item in v:
                lines.append("")
                lines.append("[[" + ".".join(sub) + "]]")
                table(item, sub, lines)


def dump_toml(data):
    if not isinstance(data, dict):
        raise SystemExit("remarshal: a TOML document must be a table")
    lines = []
    table(data, [], lines)
    while lines and lines[0] == "":
        lines.pop(0)
    return "\n".join(lines) + "\n"


def main(argv):
    prog = os.path.basename(argv[0])
    fmt_in = fmt_out = None
    if "2" in prog and prog != "remarshal":
        fmt_in, fmt_out = prog.split("2", 1)
    files, path_in, path_out = [], None, None
    args = iter(argv[1:])
    for a in args:
        if a in ("-i", "--input"):
            path_in = next(args)
        elif a in ("-o", "--output"):
            path_out = next(args)
        elif a in ("-if", "--input-format", "--if"):
            fmt_in = next(args)
        elif a in ("-of", "--output-format", "--of"):
            fmt_out = next(args)
        elif a.startswith("-") and a != "-":
            pass  # formatting options (--indent, --sort-keys, …) do not matter here
        else:
            files.append(a)
    if files:
        path_in = path_in or files.pop(0)
    if files:
        path_out = path_out or files.pop(0)
    if fmt_in not in ("json", "toml") or fmt_out not in ("json", "toml"):
        raise SystemExit(f"remarshal (Flakeoff stand-in): only json and toml, not {fmt_in} -> {fmt_out}")
    raw = sys.stdin.buffer.read() if path_in in (None, "-") else open(path_in, "rb").read()
    data = tomllib.loads(raw.decode()) if fmt_in == "toml" else json.loads(raw)
    text = dump_toml(data) if fmt_out == "toml" else json.dumps(data, indent=2, default=str) + "\n"
    if path_out in (None, "-"):
        sys.stdout.write(text)
    else:
        with open(path_out, "w") as f:
            f.write(text)


if __name__ == "__main__":
    main(sys.argv)
