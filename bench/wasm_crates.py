#!/usr/bin/env python3
"""Sum a wasm's function body sizes by crate, from its `name` section.

Usage: bench/wasm_crates.py FILE.wasm [TOP]
The wasm needs its name section: the cargo output (target/wasm32-unknown-unknown/release/*.wasm)
has it; so does `wasm-opt -Oz -g` of wasm-bindgen's output. Trunk's dist wasm does not.
Crate = first path segment of the demangled name, with generic impls (`<T as Trait>::f`)
attributed to the crate of the implementing type. Data segments are reported on their own.
"""
import collections
import re
import subprocess
import sys


def leb(b: bytes, i: int) -> tuple[int, int]:
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


data = open(sys.argv[1], "rb").read()
top = int(sys.argv[2]) if len(sys.argv) > 2 else 25
assert data[:4] == b"\0asm"
i = 8
n_imported = 0
bodies: list[int] = []
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
                _, k = leb(data, k)  # tag
                _, k = leb(data, k) if False else (0, k)
    elif sid == 10:
        n, k = leb(data, j)
        for _ in range(n):
            sz, k2 = leb(data, k)
            bodies.append(k2 + sz - k)
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
    n = name.strip()
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


by = collections.Counter()
count = collections.Counter()
for name, sz in zip(raw, bodies):
    c = crate(name)
    by[c] += sz
    count[c] += 1
total_code = sum(bodies)
print(f"{sys.argv[1]}: {len(data):,} bytes; code {total_code:,} in {len(bodies):,} functions; data {data_bytes:,}")
print()
print("| crate | functions | code bytes | share of code |")
print("|---|---:|---:|---:|")
for c, sz in by.most_common(top):
    print(f"| `{c}` | {count[c]:,} | {sz:,} | {100 * sz / total_code:.1f}% |")
rest = sum(sz for c, sz in by.most_common()[top:])
if rest:
    print(f"| (other {len(by) - top} crates) | | {rest:,} | {100 * rest / total_code:.1f}% |")
print(f"| data segments (strings, tables) | | {data_bytes:,} | |")
