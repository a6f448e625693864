//! Speed as users meet it, measured as the goals are stated: `tactful
//! check` as a whole process, from start to exit, beside the least work any
//! phrase-cue checker must do on the same input, in the same paired rounds.
//!
//! The corpus and that yardstick come from `../shared/bench/corpus.sh`
//! (beside the repository; see its README), which this bench runs first
//! (it is deterministic, and quick once built): real prose from Debian's
//! `fortunes` with replies from heated threads between its passages, 0 B to
//! 10 MB, and `phrase-count PHRASES FILE dfa|nfa`, one Aho-Corasick pass over
//! 641 cue and flag phrases with word-boundary checks. Measured:
//!
//! - `check` (human output) and `check --format json` on the 10 MB corpus,
//!   against `phrase-count … dfa` on it (goal: ≤ 2.5×);
//! - start-up: `check` on 1 KB (the 10 KB corpus up to its last space
//!   before 1,024 bytes), against `phrase-count … nfa` on the same file, the
//!   automaton that starts fastest (goal: ≤ 2.5×, ≤ 10 ms);
//! - peak memory (the maximum resident set) of each, for JSON at 10 MB
//!   against its goal of 3× the input + 20 MiB;
//! - `check --jsonl` on real comments on one thread and on two, against
//!   `phrase-count … dfa` over the same texts written one per paragraph
//!   (goals: ≤ 4× the DFA pass on two threads, ≥ 1.8× from the second).
//!   The comments are the `text` column of every `../shared/data/*.csv`
//!   (news comments, Wikipedia talk requests, replies to opposing views,
//!   negotiation offers: 5,164 texts), read by path in name order and
//!   repeated whole until there are at least 195,000, written to
//!   `target/bench/` and never into the repository.
//!
//! Each round runs every command of a group once, the order turning from
//! round to round (A B C, B C A, …), so a busy machine slows all alike;
//! ratios are the median of the per-round ratios, times are medians, and
//! the min–max spread of each command's wall time is shown: a wide one
//! means the machine was busy. Run it with
//!
//! ```sh
//! cargo bench --bench speed
//! ```
//!
//! `TACTFUL_BIN=path` measures another build of tactful; `TACTFUL_BEFORE=path`
//! also measures an older build in the same rounds, for a before-and-after
//! under the same load; `SPEED_ROUNDS=n` sets the rounds (default 11; three
//! times as many for start-up); `SPEED_DIR=dir` puts the corpus elsewhere
//! than `target/bench`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Where the corpus script lies, from the repository's root.
const CORPUS_SCRIPT: &str = "../shared/bench/corpus.sh";
/// Where the labelled data lies, from the repository's root.
const DATA_DIR: &str = "../shared/data";
/// How many comments the `--jsonl` corpus holds at least.
const COMMENTS: usize = 195_000;

fn main() {
    if std::env::var_os(SPAWN_VAR).is_some() {
        spawn_and_measure();
        return;
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = std::env::var("TACTFUL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_BIN_EXE_tactful")));
    let before = std::env::var("TACTFUL_BEFORE").ok().map(PathBuf::from);
    let rounds: usize = std::env::var("SPEED_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(11);
    let dir = std::env::var_os("SPEED_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target/bench"));
    let yard = Yardstick::build(root, &dir);

    println!("tactful: {}", bin.display());
    if let Some(b) = &before {
        println!("before: {}", b.display());
    }
    println!(
        "yardstick: {} ({} phrases), corpus in {}\n",
        CORPUS_SCRIPT,
        yard.phrase_count,
        dir.display()
    );
    println!(
        "| what | input | median wall (min–max) | median CPU | peak RSS | ratio, median of rounds | goal |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");

    // Start-up: 1 KB against the NFA pass, which starts fastest.
    let small = dir.join("corpus/1k.txt");
    std::fs::write(&small, one_kilobyte(&dir.join("corpus/10k.txt"))).unwrap();
    let size = std::fs::metadata(&small).unwrap().len() as usize;
    let nfa = yard.pass(&small, "nfa");
    let check = Runner::new(&bin).arg("check").arg(&small);
    let old = before
        .as_ref()
        .map(|b| Runner::new(b).arg("check").arg(&small));
    let mut group = vec![&nfa, &check];
    group.extend(old.as_ref());
    let runs = paired(rounds * 3, &group);
    let input = format!("1 KB ({size} B)");
    row("phrase-count nfa", &input, &runs, 0, None, "");
    row(
        "check (start-up)",
        &input,
        &runs,
        1,
        Some(0),
        "≤ 2.5×, ≤ 10 ms",
    );
    if old.is_some() {
        row("before: check (start-up)", &input, &runs, 2, Some(0), "");
    }

    // 10 MB, human and JSON output, against the DFA pass.
    let big = dir.join("corpus/10m.txt");
    let mib = std::fs::metadata(&big).unwrap().len() as f64 / (1 << 20) as f64;
    let dfa = yard.pass(&big, "dfa");
    let human = Runner::new(&bin).arg("check").arg(&big);
    let json = Runner::new(&bin)
        .args(["check", "--format", "json"])
        .arg(&big);
    let old = before.as_ref().map(|b| {
        (
            Runner::new(b).arg("check").arg(&big),
            Runner::new(b).args(["check", "--format", "json"]).arg(&big),
        )
    });
    let mut group = vec![&dfa, &human, &json];
    if let Some((h, j)) = &old {
        group.push(h);
        group.push(j);
    }
    let runs = paired(rounds, &group);
    let input = "10 MB";
    let memory_goal = format!("≤ 2.5×; peak ≤ {:.0} MiB", 3.0 * mib + 20.0);
    row("phrase-count dfa", input, &runs, 0, None, "");
    row("check (human)", input, &runs, 1, Some(0), "≤ 2.5×");
    row(
        "check --format json",
        input,
        &runs,
        2,
        Some(0),
        &memory_goal,
    );
    if old.is_some() {
        row("before: check (human)", input, &runs, 3, Some(0), "");
        row("before: check --format json", input, &runs, 4, Some(0), "");
    }

    // Many short texts: real comments, as JSON lines and as paragraphs.
    let (jsonl, paragraphs, texts) = comments(root, &dir);
    let bytes = std::fs::metadata(&jsonl).unwrap().len() as usize;
    let dfa = yard.pass(&paragraphs, "dfa");
    let threads = |b: &Path, n: &str| {
        Runner::new(b)
            .args(["check", "--jsonl"])
            .arg(&jsonl)
            .env("RAYON_NUM_THREADS", n)
    };
    let (one, two) = (threads(&bin, "1"), threads(&bin, "2"));
    let old = before.as_ref().map(|b| (threads(b, "1"), threads(b, "2")));
    let mut group = vec![&dfa, &one, &two];
    if let Some((a, b)) = &old {
        group.push(a);
        group.push(b);
    }
    let runs = paired(rounds.div_ceil(2).max(3), &group);
    let input = format!("{texts} comments, {:.0} MB", bytes as f64 / 1e6);
    row(
        "phrase-count dfa, one a paragraph",
        &input,
        &runs,
        0,
        None,
        "",
    );
    row("check --jsonl, 1 thread", &input, &runs, 1, Some(0), "");
    row(
        "check --jsonl, 2 threads",
        &input,
        &runs,
        2,
        Some(0),
        "≤ 4×",
    );
    if old.is_some() {
        row(
            "before: check --jsonl, 1 thread",
            &input,
            &runs,
            3,
            Some(0),
            "",
        );
        row(
            "before: check --jsonl, 2 threads",
            &input,
            &runs,
            4,
            Some(0),
            "",
        );
    }
    println!();
    let mut pairs = vec![("check --jsonl", 1)];
    if old.is_some() {
        pairs.push(("before: check --jsonl", 3));
    }
    for (what, k) in pairs {
        let speedup = median(
            runs.iter()
                .map(|r| r[k].wall.as_secs_f64() / r[k + 1].wall.as_secs_f64())
                .collect(),
        );
        let per_text =
            median(runs.iter().map(|r| r[k + 1].wall.as_secs_f64()).collect()) * 1e6 / texts as f64;
        println!(
            "{what}: 2 threads are {speedup:.2}× as fast as 1 (median of paired rounds; goal ≥ 1.8×); \
             {per_text:.1} µs per comment on 2 threads"
        );
    }
}

/// What `../shared/bench/corpus.sh` built.
struct Yardstick {
    phrases: PathBuf,
    program: PathBuf,
    phrase_count: usize,
}

impl Yardstick {
    /// Runs the corpus script (deterministic: the same bytes every time)
    /// into `dir`.
    fn build(root: &Path, dir: &Path) -> Yardstick {
        let script = root.join(CORPUS_SCRIPT);
        assert!(
            script.is_file(),
            "the speed corpus is built by {CORPUS_SCRIPT}, beside the repository; it is missing"
        );
        eprintln!(
            "building the corpus: bash {CORPUS_SCRIPT} {}",
            dir.display()
        );
        let status = Command::new("bash")
            .arg(&script)
            .arg(dir)
            .current_dir(root)
            .stdout(Stdio::null())
            .status()
            .expect("run bash");
        assert!(status.success(), "{CORPUS_SCRIPT} failed: {status}");
        let phrases = dir.join("phrases.txt");
        let phrase_count = std::fs::read_to_string(&phrases)
            .unwrap()
            .lines()
            .filter(|l| !l.is_empty())
            .count();
        Yardstick {
            phrases,
            program: dir.join("ac/target/release/phrase-count"),
            phrase_count,
        }
    }

    /// One pass over `file` with the automaton `kind` (`dfa` or `nfa`).
    fn pass(&self, file: &Path, kind: &str) -> Runner {
        Runner::new(&self.program)
            .arg(&self.phrases)
            .arg(file)
            .arg(kind)
    }
}

/// The start of the 10 KB corpus, up to its last space before 1,024 bytes.
fn one_kilobyte(corpus: &Path) -> Vec<u8> {
    let text = std::fs::read(corpus).unwrap();
    let end = text[..1024.min(text.len())]
        .iter()
        .rposition(|&b| b == b' ')
        .unwrap_or(0);
    let mut out = text[..end].to_vec();
    out.push(b'\n');
    out
}

/// The real comments (see the module documentation), as `--jsonl` input
/// and as paragraphs for the DFA pass; returns both paths and the count.
fn comments(root: &Path, dir: &Path) -> (PathBuf, PathBuf, usize) {
    let data = root.join(DATA_DIR);
    let mut files: Vec<PathBuf> = std::fs::read_dir(&data)
        .unwrap_or_else(|e| panic!("{DATA_DIR}: {e}"))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
        .collect();
    files.sort();
    let mut texts = Vec::new();
    for file in &files {
        let mut reader = csv::Reader::from_path(file).unwrap();
        let column = reader
            .headers()
            .unwrap()
            .iter()
            .position(|h| h == "text")
            .unwrap_or_else(|| panic!("{}: no text column", file.display()));
        for record in reader.records() {
            texts.push(record.unwrap()[column].to_string());
        }
    }
    assert!(!texts.is_empty(), "no comments in {DATA_DIR}/*.csv");
    let passes = COMMENTS.div_ceil(texts.len());
    let (mut lines, mut paragraphs) = (String::new(), String::new());
    let mut id = 0;
    for _ in 0..passes {
        for text in &texts {
            lines.push_str(&serde_json::json!({"id": id, "text": text}).to_string());
            lines.push('\n');
            paragraphs.push_str(text);
            paragraphs.push_str("\n\n");
            id += 1;
        }
    }
    let jsonl = dir.join("comments.jsonl");
    let plain = dir.join("comments.txt");
    std::fs::write(&jsonl, lines).unwrap();
    std::fs::write(&plain, paragraphs).unwrap();
    (jsonl, plain, id)
}

/// Prints command `k`'s row; `against`: the command its ratio is taken to.
fn row(what: &str, input: &str, runs: &[Vec<Run>], k: usize, against: Option<usize>, goal: &str) {
    let walls: Vec<f64> = runs.iter().map(|r| r[k].wall.as_secs_f64()).collect();
    let (min, max) = walls
        .iter()
        .fold((f64::MAX, 0f64), |(a, b), &w| (a.min(w), b.max(w)));
    let wall = median(walls);
    let cpu = median(runs.iter().map(|r| r[k].cpu.as_secs_f64()).collect());
    let rss = runs.iter().map(|r| r[k].max_rss_kib).max().unwrap_or(0);
    let ratio = against.map_or("—".to_string(), |a| {
        let r = median(
            runs.iter()
                .map(|r| r[k].wall.as_secs_f64() / r[a].wall.as_secs_f64())
                .collect(),
        );
        format!("{r:.2}×")
    });
    let ms = |s: f64| {
        if s < 0.1 {
            format!("{:.1} ms", s * 1e3)
        } else {
            format!("{s:.2} s")
        }
    };
    println!(
        "| {what} | {input} | {} ({}–{}) | {} | {:.1} MiB | {ratio} | {goal} |",
        ms(wall),
        ms(min),
        ms(max),
        ms(cpu),
        rss as f64 / 1024.0,
    );
}

/// One child process's cost.
#[derive(Debug, Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Duration,
    max_rss_kib: u64,
}

struct Runner {
    cmd: PathBuf,
    args: Vec<std::ffi::OsString>,
    env: Vec<(String, std::ffi::OsString)>,
}

impl Runner {
    fn new(cmd: impl AsRef<Path>) -> Runner {
        Runner {
            cmd: cmd.as_ref().to_path_buf(),
            args: Vec::new(),
            env: Vec::new(),
        }
    }

    fn arg(mut self, a: impl AsRef<std::ffi::OsStr>) -> Runner {
        self.args.push(a.as_ref().to_os_string());
        self
    }

    fn args(mut self, args: impl IntoIterator<Item = &'static str>) -> Runner {
        self.args.extend(args.into_iter().map(Into::into));
        self
    }

    fn env(mut self, k: &str, v: impl AsRef<std::ffi::OsStr>) -> Runner {
        self.env.push((k.to_string(), v.as_ref().to_os_string()));
        self
    }

    /// Runs the command to its end, its output read and dropped, through
    /// a spawner (this binary again, see [`spawn_and_measure`]): Linux
    /// counts the memory of the process that started a program in that
    /// program's peak, so the command must be started by a small process,
    /// not by this one with its megabytes of corpus.
    fn run(&self) -> Run {
        let mut cmd = Command::new(std::env::current_exe().unwrap());
        cmd.env(SPAWN_VAR, "1")
            .arg(&self.cmd)
            .args(&self.args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (k, v) in &self.env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().expect("start the spawner");
        // Read into one small buffer and dropped, so that reading tens of
        // megabytes of output takes little of the cores the command runs on.
        let mut stdout = child.stdout.take().unwrap();
        std::io::copy(&mut stdout, &mut std::io::sink()).unwrap();
        let mut report = String::new();
        std::io::Read::read_to_string(&mut child.stderr.take().unwrap(), &mut report).unwrap();
        let status = child.wait().unwrap();
        assert!(status.success(), "{}: {report}", self.cmd.display());
        let numbers: Vec<u64> = report
            .split_whitespace()
            .filter_map(|n| n.parse().ok())
            .collect();
        let [wall_ns, cpu_ns, max_rss_kib] = numbers[..] else {
            panic!("the spawner said {report:?}");
        };
        Run {
            wall: Duration::from_nanos(wall_ns),
            cpu: Duration::from_nanos(cpu_ns),
            max_rss_kib,
        }
    }
}

const SPAWN_VAR: &str = "TACTFUL_SPEED_SPAWN";

/// The spawner: starts the command given as arguments (its output going
/// straight to this process's), times it from start to exit, and reports
/// on stderr its wall time and CPU time in nanoseconds and its peak
/// resident memory in KiB. Exit status 0 or 1 (a draft below the bar) is
/// success; anything else fails the bench.
fn spawn_and_measure() {
    let mut args = std::env::args_os().skip(1);
    let program = args.next().expect("a command");
    let start = Instant::now();
    // Waited for with `wait4` below, for the child's own resource use.
    #[allow(clippy::zombie_processes)]
    let child = Command::new(program)
        .args(args)
        .env_remove(SPAWN_VAR)
        .stderr(Stdio::null())
        .spawn()
        .expect("start the command");
    let (status, usage) = wait(child.id());
    let wall = start.elapsed();
    let tv = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let cpu = tv(usage.ru_utime) + tv(usage.ru_stime);
    eprintln!("{} {} {}", wall.as_nanos(), cpu.as_nanos(), usage.ru_maxrss);
    std::process::exit(if status == 0 || status == 1 { 0 } else { 2 });
}

/// Waits for a child with `wait4`, which gives its own resource use (peak
/// memory, CPU time), not the sum over all children.
fn wait(pid: u32) -> (i32, libc::rusage) {
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: a child of this process that nobody else waits for.
    let r = unsafe { libc::wait4(pid as i32, &mut status, 0, &mut usage) };
    assert_eq!(r, pid as i32, "wait4");
    (libc::WEXITSTATUS(status), usage)
}

/// `rounds` rounds, each running every command once, the order turning
/// from round to round.
fn paired(rounds: usize, runners: &[&Runner]) -> Vec<Vec<Run>> {
    for r in runners {
        r.run(); // warm the page cache and the binary
    }
    (0..rounds)
        .map(|round| {
            let mut runs = vec![None; runners.len()];
            for k in 0..runners.len() {
                let i = (k + round) % runners.len();
                runs[i] = Some(runners[i].run());
            }
            runs.into_iter().map(Option::unwrap).collect()
        })
        .collect()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
