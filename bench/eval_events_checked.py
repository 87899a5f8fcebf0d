#!/usr/bin/env python3
"""Event precision on hand-checked events of the demo articles.

    build/casus code ../shared/data/news/demo/ | python3 bench/eval_events_checked.py \
        bench/events_checked.tsv [--dump]

bench/events_checked.tsv holds events casus once wrote, each judged ok or wrong by
reading its sentence. An event of the new output is the same event when article id,
trigger start, code, source code and target code all match. The script reports, for
the checked events, how many are still written and how many are not, by verdict,
and the precision among those still written. A checked event whose code or actor
codes changed is not written as such; the event now written at its trigger is
listed by --dump, to be judged. Events the new output writes that were
never checked are counted, not judged: check a sample of them when the figure is to
be trusted again (docs/EVENTS.md).
"""
import json
import sys


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    dump = "--dump" in sys.argv
    if len(args) != 1:
        sys.stderr.write(__doc__)
        return 2
    checked = {}
    with open(args[0], encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            p = line.rstrip("\n").split("\t")
            if len(p) < 7 or p[6] not in ("ok", "wrong"):
                sys.stderr.write(f"{args[0]}:{n}: bad line\n")
                continue
            checked[(p[0], p[1], p[3], p[4], p[5])] = (p[6], p[2], p[7] if len(p) > 7 else "")
    written = set()
    at = {}  # (article, trigger start) -> the events written there
    for n, line in enumerate(sys.stdin, 1):
        try:
            d = json.loads(line)
        except ValueError:
            sys.stderr.write(f"<stdin>:{n}: not JSON, skipped\n")
            continue
        for e in d.get("events", []):
            tgt = e.get("target") or {}
            key = (d.get("id", ""), str(e["trigger"]["start"]), e["code"],
                   e["source"]["code"], tgt.get("code", "-"))
            written.add(key)
            at.setdefault(key[:2], []).append(key[2:])
    count = {("ok", True): 0, ("ok", False): 0, ("wrong", True): 0, ("wrong", False): 0}
    changed = 0
    for key, (verdict, trig, note) in checked.items():
        kept = key in written
        count[(verdict, kept)] += 1
        now = at.get(key[:2], []) if not kept else []
        changed += bool(now)
        if dump and not kept:
            what = "changed" if now else "gone"
            print(f"{what} {verdict:5} {key[0]} {key[1]} {trig} {key[2]} {key[3]} -> {key[4]}  {note}")
            for c in now:
                print(f"      now {c[0]} {c[1]} -> {c[2]}")
    kept_ok, kept_wrong = count[("ok", True)], count[("wrong", True)]
    print(f"checked events    {len(checked)}")
    print(f"still written     {kept_ok + kept_wrong}: {kept_ok} ok, {kept_wrong} wrong")
    print(f"not written       {count[('ok', False)] + count[('wrong', False)]}: "
          f"{count[('ok', False)]} ok, {count[('wrong', False)]} wrong; at {changed} of them "
          f"another event is written at the same trigger (not judged; --dump lists them)")
    if kept_ok + kept_wrong:
        print(f"precision         {100.0 * kept_ok / (kept_ok + kept_wrong):.1f}% of the checked "
              f"events still written")
    print(f"events written    {len(written)} ({len(written - set(checked))} never checked)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
