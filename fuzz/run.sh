#!/usr/bin/env bash
# Fuzz tactful's parsers with AFL++ on the stable toolchain.
#
#   fuzz/run.sh                 # every target, 5 minutes each, one after another
#   fuzz/run.sh 600 thread_email pattern   # these targets, 10 minutes each
#   fuzz/run.sh --list          # the targets
#
# Installs cargo-afl (which builds its own AFL++ from source: it needs a C
# compiler and make) when it is missing, builds the targets with coverage
# instrumentation, runs each one in turn (one core: AFL++ wants a core of
# its own), and prints executions, paths found and crashes per target.
# Findings stay in fuzz/out/TARGET/default/{crashes,hangs}; a second run
# resumes where the first stopped. Turn each crash into a regression test
# in the main crate (see fuzz/README.md).
set -euo pipefail
cd "$(dirname "$0")"

AFL_VERSION=0.18.2
TARGETS=(pattern analyze thread_detect thread_text thread_email thread_mbox
    thread_github thread_reddit thread_mastodon thread_discourse thread_hackernews)

if [ "${1:-}" = "--list" ]; then
    printf '%s\n' "${TARGETS[@]}"
    exit 0
fi

seconds=300
if [[ "${1:-}" =~ ^[0-9]+$ ]]; then
    seconds=$1
    shift
fi
if [ $# -gt 0 ]; then
    for t in "$@"; do
        if [[ ! " ${TARGETS[*]} " =~ " $t " ]]; then
            echo "unknown target: $t (known: ${TARGETS[*]})" >&2
            exit 2
        fi
    done
    TARGETS=("$@")
fi

# cargo-afl, at the version the targets link against.
if ! (cargo afl --version 2>/dev/null || true) | grep -q "$AFL_VERSION"; then
    cargo install --locked --force cargo-afl --version "$AFL_VERSION"
fi
# AFL++ itself (cargo-afl builds it on install; this covers an upgraded
# rustc). `afl-fuzz -h` exits 1 even when it works: look at what it says.
if ! (cargo afl fuzz -h 2>&1 || true) | grep -q "afl-fuzz"; then
    cargo afl config --build --force
fi

cargo afl build --release --quiet

# No terminal UI (the log is read instead); this machine's core dumps go
# to a handler and its CPU governor is not ours to change.
export AFL_NO_UI=1
export AFL_SKIP_CPUFREQ=1
export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
export AFL_AUTORESUME=1

stat() { grep -E "^$2 " "$1" | awk '{print $3}'; }

# Tokens each parser looks for, so the fuzzer need not guess them.
dict_for() {
    case "$1" in
    pattern) echo dicts/pattern.dict ;;
    analyze | thread_text) echo dicts/text.dict ;;
    thread_email | thread_mbox) echo dicts/mail.dict ;;
    *) echo dicts/json.dict ;;
    esac
}

summary=()
for t in "${TARGETS[@]}"; do
    out="out/$t"
    mkdir -p "$out"
    echo "== $t: ${seconds}s"
    cargo afl fuzz -V "$seconds" -x "$(dict_for "$t")" -i "seeds/$t" -o "$out" \
        "target/release/$t" \
        2>&1 | tail -n 60 >"$out/fuzz.log" || {
        echo "afl-fuzz failed on $t; the end of its log:" >&2
        tail -20 "$out/fuzz.log" >&2
        exit 1
    }
    stats="$out/default/fuzzer_stats"
    line=$(printf '%-18s %12s execs  %6s paths  %3s crashes  %3s hangs' "$t" \
        "$(stat "$stats" execs_done)" "$(stat "$stats" corpus_count)" \
        "$(stat "$stats" saved_crashes)" "$(stat "$stats" saved_hangs)")
    echo "$line"
    summary+=("$line")
done

echo
echo "== summary (executions are totals over every run of a target)"
printf '%s\n' "${summary[@]}"
crashes=$(find out -path '*/crashes/id:*' 2>/dev/null | wc -l)
if [ "$crashes" -gt 0 ]; then
    echo "$crashes crashing input(s) under fuzz/out/*/default/crashes/"
    exit 1
fi
