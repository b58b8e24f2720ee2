#!/usr/bin/env python3
"""Makes a Bulk Data export of about N resources for the back-fill benchmark: the committed Synthea
sample (one whole-history patient, NDJSON per type) copied under new ids until N is reached.

  src/test/bench/bulk-data.py <sample-dir> <output-dir> <resources>
"""
import json
import os
import sys


def main():
    sample, out, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
    files = {}
    ids = set()
    for name in sorted(os.listdir(sample)):
        if name.endswith(".ndjson"):
            with open(os.path.join(sample, name), encoding="utf-8") as f:
                lines = [l for l in f.read().splitlines() if l.strip()]
            files[name] = lines
            for line in lines:
                r = json.loads(line)
                ids.add("%s/%s" % (r["resourceType"], r["id"]))
    per_copy = sum(len(v) for v in files.values())
    copies = -(-target // per_copy)
    os.makedirs(out, exist_ok=True)
    total = 0
    for name, lines in files.items():
        with open(os.path.join(out, name), "w", encoding="utf-8") as f:
            for k in range(copies):
                prefix = "c%d-" % k
                for line in lines:
                    # ids and the references to resources of the sample get the copy's prefix
                    r = json.loads(line)
                    r["id"] = prefix + r["id"]
                    f.write(rewrite(json.dumps(r, separators=(",", ":"), ensure_ascii=False), prefix, ids) + "\n")
                    total += 1
    print("%d resources (%d copies of %d) in %s" % (total, copies, per_copy, out))


def rewrite(text, prefix, ids):
    out = []
    start = 0
    marker = '"reference":"'
    while True:
        i = text.find(marker, start)
        if i < 0:
            out.append(text[start:])
            return "".join(out)
        j = text.find('"', i + len(marker))
        ref = text[i + len(marker):j]
        out.append(text[start:i + len(marker)])
        if ref in ids:
            kind, rid = ref.split("/", 1)
            out.append("%s/%s%s" % (kind, prefix, rid))
        else:
            out.append(ref)
        start = j


if __name__ == "__main__":
    main()
