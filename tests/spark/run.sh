#!/usr/bin/env bash
# Runs the Spark recipe of README's "Scoring millions of comments" in local
# mode on a sample and checks it against one `tactful check --jsonl` run
# (spark_check.py says how). Needs java (a JRE, 17 or later) on the PATH;
# installs pyspark into target/spark-venv the first time.
#   usage: tests/spark/run.sh [TACTFUL_BIN]     (default: target/release/tactful)
set -euo pipefail
cd "$(dirname "$0")/../.."

bin="${1:-target/release/tactful}"
[ -x "$bin" ] || { echo "spark: $bin is missing; build it first (cargo build --release)" >&2; exit 1; }
command -v java >/dev/null 2>&1 || { echo "spark: java is missing (apt-get install openjdk-17-jre-headless)" >&2; exit 1; }

venv=target/spark-venv
pyspark_version=4.3.0
if ! "$venv/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$pyspark_version')" 2>/dev/null; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check "pyspark==$pyspark_version"
fi
# Spark binds to this machine only, and talks less.
export SPARK_LOCAL_IP=127.0.0.1 PYSPARK_PYTHON="$venv/bin/python"
"$venv/bin/python" tests/spark/spark_check.py "$bin"
