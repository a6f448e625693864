#!/usr/bin/env python3
"""Fits what a sentence marked by `judgment.reading` is heard as doing, and
writes its weights.

`judgment.reading` marks a sentence, a pair of sentences or a short reply
that reads as an attack on the reader (scripts/fit_reading.py). This script
fits a second reading that names what the marked words do: one of the ten
kinds of hostility the development replies are labelled with (sarcasm,
condescension, contempt, dismissal, a verdict on their character, contempt
for their group, exclusion, blame, bad faith, a veiled threat). It is a
multinomial logistic model over the words and pairs of the marked
stretch: each kind's score is its bias plus the weights the words and pairs
carry for it, and the kind's probability is the softmax of the scores.
tactful names the most probable kind when it reaches LEAST; where none does
but the two most probable reach EITHER together, it names both ("heard as
contempt, or as talking down to them"); otherwise it keeps the reading's
general message.

The weights are written to `prompts/lexicon/reads-as.tsv`, one line per word
or pair with its weight for each kind it moves, so that every contribution
can be read.

Training data: the hostile replies of tests/fixtures/judgment/*.tsv, each
with its category (see the README there). Tokens are the reading's (see
scripts/fit_reading.py and crates/engine/src/reading.rs).

Needs scikit-learn (pip install scikit-learn). Run from the repository root:
    python3 scripts/fit_reads_as.py [--check]
With --check it also reports, across five folds that each leave out whole
sets (so that no set's own phrasing is learnt and tested at once), how often
the kind named is the one the reply was written as, and how often one of two
kinds named together is.
"""

import argparse
import csv
import glob

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression

# The reading's tokens, which crates/engine/src/reading.rs reads too.
from fit_reading import TOKEN, prepare

KINDS = [
    "sarcasm",
    "condescension",
    "contempt",
    "dismissal",
    "judgment",
    "group",
    "exclusion",
    "blame",
    "bad_faith",
    "threat",
]
# Regularisation (inverse strength) of the fit.
C = 1.0
# Words and pairs seen in fewer replies than this are not weighed. Runs of
# three words, which help the reading decide whether a sentence attacks,
# did not name the kind better across sets (0.86 of replies named right
# with pairs, the same with threes) and cost twice the entries.
MIN_DF = 5
# Weights smaller than this are left out: across sets, leaving out those
# under 0.2 named 0.848 of the replies right against 0.855 with all of them,
# with a quarter of the entries.
PRUNE = 0.2
# The probability from which the kind is named. Across sets 0.89 of the
# replies reach it, and 0.92 of those are named right.
LEAST = 0.5
# The probability the two most probable kinds reach together, where neither
# reaches LEAST, from which both are named: the same bar as one kind. Across
# sets 0.11 of the replies are named so, and for 0.76 of those the writer's
# kind is one of the two (0.79 with the bar at 0.6, which names 0.08).
EITHER = LEAST


def load():
    texts, kinds, sets = [], [], []
    for path in sorted(glob.glob("tests/fixtures/judgment/*.tsv")):
        with open(path, encoding="utf-8") as f:
            for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row["label"] == "hostile" and row.get("category") in KINDS:
                    texts.append(prepare(row["text"]))
                    kinds.append(row["category"])
                    sets.append(path)
    return texts, np.array(kinds), sets


def fit(texts, kinds):
    vec = CountVectorizer(
        ngram_range=(1, 2), min_df=MIN_DF, binary=True, token_pattern=TOKEN, lowercase=False
    )
    x = vec.fit_transform(texts)
    model = LogisticRegression(C=C, max_iter=5000).fit(x, kinds)
    weights = model.coef_.copy()
    weights[np.abs(weights) < PRUNE] = 0.0
    return vec, model, weights


def check(texts, kinds, sets):
    from sklearn.model_selection import GroupKFold

    right = named = named_right = total = pairs = pairs_right = 0
    for train, test in GroupKFold(5).split(texts, kinds, sets):
        vec, model, weights = fit([texts[i] for i in train], kinds[train])
        scores = vec.transform([texts[i] for i in test]) @ weights.T + model.intercept_
        scores = np.asarray(scores)
        p = np.exp(scores - scores.max(1, keepdims=True))
        p /= p.sum(1, keepdims=True)
        best = model.classes_[p.argmax(1)]
        sure = p.max(1) >= LEAST
        right += (best == kinds[test]).sum()
        named += sure.sum()
        named_right += (best[sure] == kinds[test][sure]).sum()
        total += len(test)
        order = np.argsort(-p, 1)
        rows = np.arange(len(test))
        pair = ~sure & (p[rows, order[:, 0]] + p[rows, order[:, 1]] >= EITHER)
        truth = kinds[test]
        within = (model.classes_[order[:, 0]] == truth) | (model.classes_[order[:, 1]] == truth)
        pairs += pair.sum()
        pairs_right += within[pair].sum()
    print(
        f"across sets: {right / total:.3f} named right; {named / total:.3f} reach {LEAST},"
        f" of which {named_right / named:.3f} named right; {pairs / total:.3f} named as either of"
        f" two kinds (reaching {EITHER} together), of which {pairs_right / pairs:.3f} hold the right one"
    )


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="prompts/lexicon/reads-as.tsv")
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args()
    texts, kinds, sets = load()
    if a.check:
        check(texts, kinds, sets)
    vec, model, weights = fit(texts, kinds)
    names = list(model.classes_)
    order = [names.index(k) for k in KINDS]
    rows = []
    for j, feature in enumerate(vec.get_feature_names_out()):
        cells = [f"{KINDS[n]}:{weights[i, j]:.3f}" for n, i in enumerate(order) if weights[i, j]]
        if cells:
            rows.append((feature, cells))
    with open(a.out, "w", encoding="utf-8") as out:
        out.write("# Weights of what a sentence marked by judgment.reading is heard as doing, written by\n")
        out.write("# scripts/fit_reads_as.py; do not edit by hand.\n")
        out.write(f"# Fitted on {len(texts)} hostile replies; C={C}, words and pairs seen in {MIN_DF} or more,\n")
        out.write(f"# weights under {PRUNE} left out. A kind's score is its bias plus the weights of the words and\n")
        out.write("# pairs the stretch holds (each once); the most probable kind is named from (least), and\n")
        out.write("# below it the two most probable together from (either).\n")
        out.write("(kinds)\t" + " ".join(KINDS) + "\n")
        out.write("(bias)\t" + " ".join(f"{KINDS[n]}:{model.intercept_[i]:.3f}" for n, i in enumerate(order)) + "\n")
        out.write(f"(least)\t{LEAST}\n")
        out.write(f"(either)\t{EITHER}\n")
        for feature, cells in rows:
            out.write(f"{feature}\t{' '.join(cells)}\n")
    print(f"{len(rows)} words and pairs, {int((weights != 0).sum())} weights written to {a.out}")


if __name__ == "__main__":
    main()
