#!/usr/bin/env python3
"""Compute byte offsets for the rows in annotations.py, verify them, write expected.json and
the per-file tables of EXPECTED.md (between the BEGIN/END TABLES markers).

    python3 tests/eval/savings/build_expected.py          # rewrite
    python3 tests/eval/savings/build_expected.py --check  # verify only (exit 1 on mismatch)
"""
import json, os, re, sys
from collections import Counter, OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import annotations as A  # noqa: E402


def is_word(b):
    return b.isalpha() or b in "0123456789_"


def locate(data, row):
    """Byte span of row['text'] in data (bytes)."""
    needle = row["text"].encode()
    if row.get("ctx"):
        ctx = row["ctx"].encode()
        i = data.find(ctx)
        if i < 0 or data.find(ctx, i + 1) >= 0:
            raise SystemExit(f"{row['path']}: ctx {row['ctx']!r} not found exactly once")
        j = ctx.find(needle)
        if j < 0:
            raise SystemExit(f"{row['path']}: {row['text']!r} not inside ctx")
        return i + j
    text = data.decode()
    hits = []
    for m in re.finditer(re.escape(row["text"]), text):
        s, e = m.start(), m.end()
        before = text[s - 1] if s > 0 else " "
        after = text[e] if e < len(text) else " "
        if is_word(row["text"][0]) and is_word(before):
            continue
        if is_word(row["text"][-1]) and is_word(after):
            continue
        hits.append(s)
    occ = row.get("occ") or 1
    if row.get("occ") is None and len(hits) > 1:
        print(f"warning: {row['path']}: {row['text']!r} occurs {len(hits)} times; first taken", file=sys.stderr)
    if len(hits) < occ:
        raise SystemExit(f"{row['path']}: {row['text']!r} occurrence {occ} not found ({len(hits)} hits)")
    if occ == 1 and len(hits) > 1 and not row.get("_multi_ok"):
        # the first of several: fine, but say so only if the author never used occ for it
        pass
    return len(text[: hits[occ - 1]].encode())


def build():
    files = {}
    out = {"claims": [], "not_promises": []}
    seen = set()
    for kind, rows in (("claims", A.CLAIMS), ("not_promises", A.NOT)):
        for r in rows:
            p = r["path"]
            if p not in files:
                files[p] = open(os.path.join(HERE, p), "rb").read()
            data = files[p]
            start = locate(data, r)
            end = start + len(r["text"].encode())
            assert data[start:end] == r["text"].encode()
            key = (p, start, end)
            if key in seen:
                raise SystemExit(f"duplicate span {key} {r['text']!r}")
            seen.add(key)
            line = data[:start].count(b"\n") + 1
            row = OrderedDict(path=p, line=line, start=start, end=end, text=r["text"])
            if kind == "claims":
                row.update(category=r["category"], verdict=r["verdict"], suppressed=r["suppressed"], why=r["why"])
            else:
                row.update(kind=r["kind"], why=r["why"])
            out[kind].append(row)
    order = {p: i for i, p in enumerate(dict.fromkeys(r["path"] for r in A.CLAIMS + A.NOT))}
    for k in out:
        out[k].sort(key=lambda r: (order[r["path"]], r["start"]))
    # overlap check across claims and not-promises of a file
    spans = sorted([(r["path"], r["start"], r["end"], r["text"]) for k in out for r in out[k]])
    for a, b in zip(spans, spans[1:]):
        if a[0] == b[0] and b[1] < a[2]:
            raise SystemExit(f"overlapping spans in {a[0]}: {a[3]!r} / {b[3]!r}")
    return out, files


def verify(out):
    for k in out:
        for r in out[k]:
            data = open(os.path.join(HERE, r["path"]), "rb").read()
            assert data[r["start"]:r["end"]] == r["text"].encode(), r
            assert data[: r["start"]].count(b"\n") + 1 == r["line"], r


def esc(t):
    return t.replace("|", "\\|")


def md_code(t):
    t = t.replace("\n", "⏎")
    t = t.replace("|", "\\|")
    return f"``{t}``" if "`" in t else f"`{t}`"


def tables(out):
    lines = []
    by_path = OrderedDict()
    for r in out["claims"] + out["not_promises"]:
        by_path.setdefault(r["path"], None)
    for p in by_path:
        cl = [r for r in out["claims"] if r["path"] == p]
        npr = [r for r in out["not_promises"] if r["path"] == p]
        lines.append(f"## `{p}`\n")
        lines.append(A.FILE_NOTES.get(p, "") + "\n")
        lines.append("| # | line | copy span | category | verdict | why (psp.toml key) |")
        lines.append("| --- | --- | --- | --- | --- | --- |")
        for i, r in enumerate(cl, 1):
            v = f"**{r['verdict']}**" + (" (suppressed)" if r["suppressed"] else "")
            lines.append(f"| {i} | {r['line']} | {md_code(r['text'])} | {r['category']} | {v} | {esc(r['why'])} |")
        lines.append("\nNot promises (must not be reported):\n")
        lines.append("| line | copy span | kind | why not |")
        lines.append("| --- | --- | --- | --- |")
        for r in npr:
            lines.append(f"| {r['line']} | {md_code(r['text'])} | {r['kind']} | {esc(r['why'])} |")
        lines.append("")
    v = Counter(r["verdict"] for r in out["claims"])
    lines.append("## Totals\n")
    for k in sorted(v):
        lines.append(f"- {k}: {v[k]}")
    lines.append(f"- suppressed (counted above under their verdict): {sum(r['suppressed'] for r in out['claims'])}")
    lines.append(f"- promises: {len(out['claims'])}")
    lines.append(f"- not promises: {len(out['not_promises'])}\n")
    lines.append("| category | supported | unsupported | qualified | unverifiable | total |")
    lines.append("| --- | --- | --- | --- | --- | --- |")
    cats = Counter((r["category"], r["verdict"]) for r in out["claims"])
    for c in sorted({r["category"] for r in out["claims"]}):
        row = [cats[(c, x)] for x in ("supported", "unsupported", "qualified", "unverifiable")]
        lines.append(f"| {c} | " + " | ".join(map(str, row)) + f" | {sum(row)} |")
    return "\n".join(lines) + "\n"


def main():
    out, _ = build()
    verify(out)
    jpath = os.path.join(HERE, "expected.json")
    text = json.dumps(out, indent=2, ensure_ascii=False) + "\n"
    mpath = os.path.join(HERE, "EXPECTED.md")
    md = open(mpath).read() if os.path.exists(mpath) else "<!-- BEGIN TABLES -->\n<!-- END TABLES -->\n"
    head, rest = md.split("<!-- BEGIN TABLES -->\n", 1)
    _, tail = rest.split("<!-- END TABLES -->\n", 1)
    newmd = head + "<!-- BEGIN TABLES -->\n" + tables(out) + "<!-- END TABLES -->\n" + tail
    if "--check" in sys.argv:
        ok = open(jpath).read() == text and md == newmd
        print("expected.json and EXPECTED.md up to date" if ok else "out of date: run build_expected.py")
        sys.exit(0 if ok else 1)
    open(jpath, "w").write(text)
    open(mpath, "w").write(newmd)
    print(f"{len(out['claims'])} promises, {len(out['not_promises'])} not promises; all spans verified")


if __name__ == "__main__":
    main()
