#!/usr/bin/env python3
"""Sum a wasm's function body sizes by crate, or by the project's modules, from its `name` section.

Usage: bench/wasm_crates.py FILE.wasm [TOP] [--by crate|module] [--brotli] [--match=REGEX]
`--by module` (`make bench-size-modules` runs it on the release build): which code of the tab
costs what. A function is charged to the first `idlcm_users::a::b` path in its demangled name that
names code (so a framework function instantiated for a closure of `tab::users_view` counts to
`idlcm_users::tab::users_view`), else to the first that names a type, and to its crate when no
project path appears in it: the framework code that every module shares. Legacy mangling drops
generic arguments from the names; the make target builds with v0 mangling to keep them.
`--match=REGEX`: only the functions whose demangled name (crate hashes removed) matches, grouped
by the regex's first group: what one generic costs per type argument, e.g.
`--match='AsyncDerived<(core::result::Result<[^,]*|\(\))'` for the fetch resources' types.
`--brotli`: also each group's code compressed on its own (brotli -q 11 of its function bodies
concatenated): a group's share of the download, roughly (the parts sum to more than the whole).
The wasm needs its name section: the cargo output (target/wasm32-unknown-unknown/release/*.wasm)
has it; so does `wasm-opt -Oz -g` of wasm-bindgen's output. Trunk's dist wasm does not.
Crate = first path segment of the demangled name, with generic impls (`<T as Trait>::f`)
attributed to the crate of the implementing type. Data segments are reported on their own.
"""
import collections
import re
import pathlib
import subprocess
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent.parent / "scripts"))
from wasm_format import leb  # noqa: E402  (scripts/wasm_format.py)

# v0 mangling (`-C symbol-mangling-version=v0`, which keeps generic arguments in the names, so a
# framework function instantiated for a project closure names that closure) adds crate hashes.
DISAMBIGUATOR = re.compile(r"\[[0-9a-f]+\]")


args = [a for a in sys.argv[1:] if not a.startswith("--")]
flags = sys.argv[1:]
by_module = "module" in flags and "--by" in flags
with_brotli = "--brotli" in flags
matching = next((re.compile(f.split("=", 1)[1]) for f in flags if f.startswith("--match=")), None)
data = open(args[0], "rb").read()
top = int(args[1]) if len(args) > 1 else 25
assert data[:4] == b"\0asm"
i = 8
n_imported = 0
bodies: list[int] = []
spans: list[tuple[int, int]] = []
names: dict[int, str] = {}
data_bytes = 0
sections = collections.Counter()
while i < len(data):
    sid = data[i]
    size, j = leb(data, i + 1)
    end = j + size
    sections[sid] += end - i
    if sid == 2:  # imports: count imported functions (they take function indices first)
        n, k = leb(data, j)
        for _ in range(n):
            for _ in range(2):
                ln, k = leb(data, k)
                k += ln
            kind = data[k]
            k += 1
            if kind == 0:
                _, k = leb(data, k)
                n_imported += 1
            elif kind == 1:
                k += 1
                flags, k = leb(data, k)
                _, k = leb(data, k)
                if flags & 1:
                    _, k = leb(data, k)
            elif kind == 2:
                flags, k = leb(data, k)
                _, k = leb(data, k)
                if flags & 1:
                    _, k = leb(data, k)
            elif kind == 3:
                k += 2
            else:
                _, k = leb(data, k)  # tag: its attribute, then its type index
                _, k = leb(data, k)
    elif sid == 10:
        n, k = leb(data, j)
        for _ in range(n):
            sz, k2 = leb(data, k)
            bodies.append(k2 + sz - k)
            spans.append((k, k2 + sz))
            k = k2 + sz
    elif sid == 11:
        data_bytes = size
    elif sid == 0:
        ln, k = leb(data, j)
        name = data[k : k + ln].decode()
        k += ln
        if name == "name":
            while k < end:
                sub = data[k]
                ssz, k = leb(data, k + 1)
                if sub == 1:
                    n, m = leb(data, k)
                    for _ in range(n):
                        idx, m = leb(data, m)
                        ln2, m = leb(data, m)
                        names[idx] = data[m : m + ln2].decode("utf-8", "replace")
                        m += ln2
                k += ssz
    i = end

if not names:
    sys.exit("no name section: build with the names kept (see the docstring)")

# Demangle with rustfilt/c++filt if present; legacy Rust mangling is readable enough otherwise.
raw = [names.get(n_imported + f, f"func{f}") for f in range(len(bodies))]
try:
    dem = subprocess.run(["c++filt"], input="\n".join(raw), capture_output=True, text=True, check=True).stdout.split("\n")
    if len(dem) >= len(raw):
        raw = dem[: len(raw)]
except (OSError, subprocess.SubprocessError):
    pass


def crate(name: str) -> str:
    n = DISAMBIGUATOR.sub("", name).strip()
    m = re.match(r"^<(?:&(?:mut )?)?(?:dyn )?([A-Za-z_][\w]*)(::)?", n)
    t = re.match(r"^<[^<>]*(?:<.*?>)?[^<>]* as ([A-Za-z_]\w*)::", n)
    if m and not m.group(2) and t:
        first = t.group(1)  # <T as trait_crate::Trait>::f: a generic instance, count it to the trait's crate
    elif m:
        first = m.group(1)
    else:
        first = re.split(r"::|\[|<|\(", n, maxsplit=1)[0]
    if first in ("alloc", "core", "std"):
        if "fmt" in n.split("<")[0] or "::fmt::" in n:
            return f"{first}::fmt"
        return first
    if not re.match(r"^[A-Za-z_]\w*$", first):
        return "(other)"
    if first.startswith("__wbg") or first.startswith("__wbindgen") or first.startswith("wasm_bindgen"):
        return "wasm_bindgen"
    return first


PROJECT = re.compile(r"idlcm_users((?:::[a-z_][a-z0-9_]*)+)")


def module(name: str) -> str:
    """The project module whose code `name` is: the first `idlcm_users::a::b…` path in it that
    names code (a function or a closure), else the first that names a type (`…::ApiError`, as a
    type argument), cut to two segments below the crate, which is how the code is laid out; the
    crate when no project path appears in it."""
    plain = DISAMBIGUATOR.sub("", name)
    code, types = [], []
    for m in PROJECT.finditer(plain):
        rest = plain[m.end() :]
        (types if re.match(r"::[A-Z]", rest) else code).append(m)
    pick = (code or types or [None])[0]
    if pick is None:
        return crate(name)
    parts = pick.group(1).strip(":").split("::")
    return "idlcm_users::" + "::".join(parts[:2])


def matched(name: str) -> str | None:
    m = matching.search(DISAMBIGUATOR.sub("", name))
    return (m.group(1) if m.groups() else m.group(0)) if m else None


group = matched if matching else module if by_module else crate
by = collections.Counter()
count = collections.Counter()
code = collections.defaultdict(list)
for f, (name, sz) in enumerate(zip(raw, bodies)):
    c = group(name)
    if c is None:
        continue
    by[c] += sz
    count[c] += 1
    if with_brotli:
        a, b = spans[f]
        code[c].append(data[a:b])


def brotli_size(blob: bytes) -> int:
    out = subprocess.run(["brotli", "-q", "11", "-c"], input=blob, capture_output=True, check=True)
    return len(out.stdout)


total_code = sum(bodies)
what = "match" if matching else "module" if by_module else "crate"
print(f"{args[0]}: {len(data):,} bytes; code {total_code:,} in {len(bodies):,} functions; data {data_bytes:,}")
print()
head = f"| {what} | functions | code bytes | share of code |"
rule = "|---|---:|---:|---:|"
if with_brotli:
    head += " code brotli bytes |"
    rule += "---:|"
print(head)
print(rule)
for c, sz in by.most_common(top):
    row = f"| `{c}` | {count[c]:,} | {sz:,} | {100 * sz / total_code:.1f}% |"
    if with_brotli:
        row += f" {brotli_size(b''.join(code[c])):,} |"
    print(row)
rest = sum(sz for c, sz in by.most_common()[top:])
if rest:
    print(f"| (other {len(by) - top} {what}s) | | {rest:,} | {100 * rest / total_code:.1f}% |" + (" |" if with_brotli else ""))
print(f"| data segments (strings, tables) | | {data_bytes:,} | |" + (" |" if with_brotli else ""))
