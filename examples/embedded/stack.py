#!/usr/bin/env python3
"""Worst-case stack of a call chain, from the frame sizes the compiler records.

usage: stack.py ELF TOOLS_DIR DEPTH ROOT [ROOT ...]

ELF is built with `-Z emit-stack-sizes`, which records each function's frame in the
`.stack_sizes` section; TOOLS_DIR holds llvm-readobj and llvm-objdump (the llvm-tools
component). The call graph comes from the direct calls and tail calls in the disassembly.
For each ROOT (a substring of a demangled function name) the script prints the deepest
chain below it and its total.

Recursion is bounded by the caller: nested A-XDR Data is parsed recursively, at most
DEPTH levels deep (dlms-apdu's MAX_DEPTH). Each recursive cycle found below a root adds
DEPTH - 1 further passes of its most expensive cycle to that root's total, which bounds
any chain that recurses through one cycle family at a time. Functions without a recorded frame (precompiled
compiler-builtins such as memcpy) count as 0 and are listed; indirect calls and recursion
would make the bound unsound and are reported as errors.
"""
import re
import subprocess
import sys


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def main():
    elf, tools = sys.argv[1], sys.argv[2]
    depth = int(sys.argv[3])
    roots = sys.argv[4:]

    frames = {}
    text = run(f"{tools}/llvm-readobj", "--stack-sizes", elf)
    for names, size in re.findall(r"Functions: \[(.*?)\]\s*Size: 0x([0-9A-Fa-f]+)", text):
        for name in names.split(", "):
            frames[name] = int(size, 16)

    calls = {}
    indirect = set()
    current = None
    dis = run(f"{tools}/llvm-objdump", "-d", "--no-show-raw-insn", elf)
    for line in dis.splitlines():
        m = re.match(r"^[0-9a-f]+ <(.*)>:$", line)
        if m:
            current = m.group(1)
            calls.setdefault(current, set())
            continue
        if current is None:
            continue
        m = re.search(r"\s(bl|blx|b|b\.w|b\.n)\s+0x[0-9a-f]+ <(.*?)>", line)
        if m:
            target = m.group(2)
            if "+0x" in target or target == current:
                continue  # a branch inside a function
            calls[current].add(target)
        elif re.search(r"\sblx\s+r\d+", line):
            indirect.add(current)

    # Demangled names, for matching the roots and for printing.
    plain = {}
    mangled = run(f"{tools}/llvm-nm", elf).splitlines()
    demangled = run(f"{tools}/llvm-nm", "--demangle", elf).splitlines()
    for m, d in zip(mangled, demangled):
        m, d = m.split(" ", 2)[-1], d.split(" ", 2)[-1]
        plain[m] = re.sub(r"::h[0-9a-f]{16}$", "", d)

    def show(f):
        return plain.get(f, f)

    missing = set()
    memo = {}

    cycles = {}

    def deepest(f, path):
        if f in path:
            cycle = path[path.index(f):]
            cost = sum(frames.get(g, 0) for g in cycle)
            cycles[f] = max(cycles.get(f, 0), cost)
            return (0, [])
        if f in indirect:
            raise SystemExit(f"indirect call in {f}: no static bound")
        if f in memo and not any(g in path for g in memo[f][2]):
            return memo[f][:2]
        own = frames.get(f)
        if own is None:
            own = 0
            missing.add(f)
        best = (0, [])
        for g in sorted(calls.get(f, ())):
            below = deepest(g, path + [f])
            if below[0] > best[0]:
                best = below
        memo[f] = (own + best[0], [(f, own)] + best[1], set(path))
        return memo[f][:2]

    status = 0
    for root in roots:
        found = [f for f in calls if root in show(f)]
        if not found:
            print(f"{root}: no such function", file=sys.stderr)
            status = 1
            continue
        for f in found:
            cycles.clear()
            memo.clear()
            total, chain = deepest(f, [])
            extra = (depth - 1) * max(cycles.values(), default=0)
            print(f"{total + extra} octets: worst-case stack of {show(f)}")
            print(f"  {total} octets along the deepest chain:")
            for name, own in chain:
                print(f"  {own:6}  {show(name)[:110]}")
            for g, cost in sorted(cycles.items()):
                print(f"  recursion through {show(g)}: {cost} octets a level")
            if extra:
                print(f"  {extra} octets for {depth - 1} further levels of the costliest")
    if missing:
        print("no recorded frame (counted as 0): " + ", ".join(sorted(show(f) for f in missing)))
    sys.exit(status)


if __name__ == "__main__":
    main()
