"""Reading a wasm binary's sections: shared by scripts/shrink_wasm.py (its exports) and
bench/wasm_crates.py (function bodies and names)."""


def leb(b: bytes, i: int) -> tuple[int, int]:
    """The unsigned LEB128 number at `b[i]`, and the index after it."""
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i
