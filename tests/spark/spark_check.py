"""The Spark recipe of README's "Scoring millions of comments", run in local
mode on a sample and checked against one `tactful check --jsonl` run.

Usage: python spark_check.py TACTFUL_BIN

The sample is every sentence of tests/fixtures/heated and tests/fixtures/civil
(heated and civil sentences written for the tests), alone and three at a time,
with a malformed line and an empty text among them, as `{"id", "text"}` lines.
Spark reads it into several partitions and pipes each through its own
`tactful check --jsonl -` process (`RDD.pipe`), exactly as the README says.

Order: `RDD.pipe` feeds a partition's lines to the process in order, tactful
writes a result for each line in input order, and `collect()` returns the
partitions in order, so the Spark output is compared with the single run line
for line, in input order (and every id is checked in its place). The one
field that may differ is an error line's `line`, which counts the lines of the
input that process read: for Spark, its partition. Ids are the key to join on.
"""

import json
import os
import shlex
import subprocess
import sys
import tempfile

from pyspark import SparkConf, SparkContext

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PARTITIONS = 4


def sentences():
    """(id, sentence) for every sentence of the heated and civil fixtures."""
    out = []
    for corpus in ("heated", "civil"):
        folder = os.path.join(ROOT, "tests", "fixtures", corpus)
        for name in sorted(os.listdir(folder)):
            if not name.endswith(".txt"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                for number, line in enumerate(f, 1):
                    text = line.split("\t")[0].strip()
                    if text and not text.startswith("#"):
                        out.append((f"{corpus}/{name}:{number}", text))
    return out


def sample():
    """The sample as JSON lines, and the id of each: every sentence, then
    runs of three, with a line cut short and an empty text a third of the
    way in."""
    items = sentences()
    for k in range(0, len(items) - 2, 3):
        three = items[k : k + 3]
        items.append((f"three:{three[0][0]}", " ".join(t for _, t in three)))
    lines = [json.dumps({"id": i, "text": t}, ensure_ascii=False) for i, t in items]
    ids = [i for i, _ in items]
    third = len(lines) // 3
    lines[third:third] = ['{"id": "cut-short", "text": "You always', '{"id": "empty", "text": ""}']
    ids[third:third] = ["cut-short", "empty"]
    return lines, ids


def without_line(record):
    """An output line as a value, an error line's partition-relative
    `line` left out."""
    value = json.loads(record)
    if "error" in value:
        value.pop("line")
    return value


def main():
    tactful = os.path.abspath(sys.argv[1])
    lines, ids = sample()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "comments.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")

        # One run, as a reference. Exit 1: some text is below the bar; 2:
        # some line could not be checked (the malformed one, the empty one).
        single = subprocess.run([tactful, "check", "--jsonl", path], capture_output=True, text=True)
        assert single.returncode == 2, (single.returncode, single.stderr)
        expected = single.stdout.splitlines()

        # The recipe, in local mode on this machine's cores.
        conf = (
            SparkConf()
            .setMaster("local[2]")
            .setAppName("tactful-check")
            .set("spark.ui.enabled", "false")
            .set("spark.ui.showConsoleProgress", "false")
            .set("spark.driver.host", "127.0.0.1")
            .set("spark.driver.bindAddress", "127.0.0.1")
        )
        sc = SparkContext(conf=conf)
        sc.setLogLevel("ERROR")
        try:
            comments = sc.textFile(path, minPartitions=PARTITIONS)
            partitions = comments.getNumPartitions()
            scored = comments.pipe(shlex.join([tactful, "check", "--jsonl", "-"]))
            got = scored.collect()
        finally:
            sc.stop()

    assert partitions >= 2, f"the sample was read into {partitions} partition(s)"
    assert len(got) == len(expected) == len(lines), (len(got), len(expected), len(lines))
    errors = 0
    for number, (g, e, want) in enumerate(zip(got, expected, ids), 1):
        g, e = without_line(g), without_line(e)
        assert g == e, f"line {number}: Spark gave\n{g}\none run gave\n{e}"
        assert g["id"] == want, f"line {number}: id {g['id']!r}, the input's {want!r}"
        errors += "error" in g
    assert errors == 2, errors
    print(
        f"spark: {len(got)} lines in {partitions} partitions, piped through tactful check --jsonl, "
        f"equal line for line to one run ({errors} error lines in their places)"
    )


if __name__ == "__main__":
    main()
