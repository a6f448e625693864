//! Speed as users meet it: `tactful check` as a whole process, from start to
//! exit, as a script or an editor runs it, paired with the least work any
//! phrase checker must do on the same file.
//!
//! The reference is this bench binary run again as its own child process: it
//! reads the file and makes one Aho-Corasick DFA pass over it, ASCII
//! case-insensitively, with the engine's own phrases (every pattern anchor
//! and every word of the valence lexicon), checking word boundaries at each
//! match. It reports how long building its DFA took, and that time is taken
//! off its wall time: the reference is a pass with a DFA built for free
//! (prebuilt), the strictest reading of "one DFA pass".
//!
//! For each size, the runs are interleaved (reference, human, JSON, and
//! round again), so a busy machine slows all three alike, and the bench
//! reports each one's median wall time, median CPU time, peak memory (the
//! process's maximum resident set, as `wait4` reports it; each command is
//! started by a small spawner process, because Linux counts the memory of
//! whoever starts a program in that program's peak) and the median of the
//! per-round ratios to the reference. `--jsonl` is timed with one worker thread and with two,
//! paired the same way. Run it with
//!
//! ```sh
//! cargo bench --bench speed
//! ```
//!
//! `TACTFUL_BIN=path` measures another build of tactful; `TACTFUL_BEFORE=path`
//! also measures an older build in the same rounds, for a before-and-after
//! under the same load; `SPEED_ROUNDS=n` changes the rounds; `SPEED_DIR=dir`
//! keeps the generated files.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::prose;

const REFERENCE_VAR: &str = "TACTFUL_SPEED_REFERENCE";

fn main() {
    if std::env::var_os(SPAWN_VAR).is_some() {
        spawn_and_measure();
        return;
    }
    if let Ok(phrases) = std::env::var(REFERENCE_VAR) {
        let file = std::env::args().nth(1).expect("a file to scan");
        reference(Path::new(&phrases), Path::new(&file));
        return;
    }
    let bin = std::env::var("TACTFUL_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(env!("CARGO_BIN_EXE_tactful")));
    let before = std::env::var("TACTFUL_BEFORE").ok().map(PathBuf::from);
    let rounds: usize = std::env::var("SPEED_ROUNDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(11);
    // `SPEED_DIR=path` keeps the generated files there, to look at or to
    // measure again by hand.
    let temp = tempfile::tempdir().unwrap();
    let kept = std::env::var_os("SPEED_DIR").map(PathBuf::from);
    let dir = kept.as_deref().unwrap_or(temp.path());
    std::fs::create_dir_all(dir).unwrap();
    let engine = tactful::prompts::builtin_engine().expect("built-in packs");
    let phrases = dir.join("phrases.txt");
    let mut list = String::new();
    for p in engine.phrases() {
        list.push_str(&p);
        list.push('\n');
    }
    std::fs::write(&phrases, list).unwrap();
    println!(
        "tactful: {}\nreference: one Aho-Corasick DFA pass over {} phrases, its build not counted\n",
        bin.display(),
        engine.phrase_count()
    );
    if let Some(b) = &before {
        println!("before: {}\n", b.display());
    }
    println!(
        "| what | size | median wall | median CPU | peak RSS | ratio to the DFA pass | MB/s (wall) |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (name, size, rounds) in [
        ("1KB", 1 << 10, rounds * 3),
        ("1MB", 1 << 20, rounds),
        ("3MB", 3 << 20, rounds),
        ("10MB", 10 << 20, rounds),
    ] {
        let file = dir.join(format!("draft-{name}.txt"));
        std::fs::write(&file, prose(size)).unwrap();
        let reference = Runner::new(std::env::current_exe().unwrap())
            .arg(&file)
            .env(REFERENCE_VAR, &phrases);
        let human = Runner::new(&bin).arg("check").arg(&file);
        let json = Runner::new(&bin)
            .arg("check")
            .arg("--format")
            .arg("json")
            .arg(&file);
        let mut runners = vec![&reference, &human, &json];
        let old = before.as_ref().map(|b| {
            (
                Runner::new(b).arg("check").arg(&file),
                Runner::new(b)
                    .arg("check")
                    .arg("--format")
                    .arg("json")
                    .arg(&file),
            )
        });
        if let Some((h, j)) = &old {
            runners.push(h);
            runners.push(j);
        }
        let runs = paired(rounds, &runners);
        let row = |what: &str, k: usize| {
            let ratio = median(
                runs.iter()
                    .map(|r| r[k].wall.as_secs_f64() / r[0].scan().as_secs_f64())
                    .collect(),
            );
            report(what, name, size, &runs, k, Some(ratio));
        };
        report("DFA pass (reference)", name, size, &runs, 0, None);
        row("check (human)", 1);
        row("check --format json", 2);
        if old.is_some() {
            row("before: check (human)", 3);
            row("before: check --format json", 4);
        }
    }

    // Many short texts: about 77,000 texts, 13 MB, as JSON lines.
    let mut lines = String::new();
    let text = prose(13 << 20);
    let mut id = 0;
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let cut = rest
            .char_indices()
            .skip(120 + (id * 7919) % 100)
            .find(|&(_, c)| c == ' ')
            .map_or(rest.len(), |(i, _)| i);
        lines.push_str(&format!(
            "{}\n",
            serde_json::json!({"id": id, "text": rest[..cut].trim()})
        ));
        rest = &rest[cut..];
        id += 1;
    }
    let jsonl = dir.join("texts.jsonl");
    std::fs::write(&jsonl, &lines).unwrap();
    let one = Runner::new(&bin)
        .arg("check")
        .arg("--jsonl")
        .arg(&jsonl)
        .env("RAYON_NUM_THREADS", "1");
    let two = Runner::new(&bin)
        .arg("check")
        .arg("--jsonl")
        .arg(&jsonl)
        .env("RAYON_NUM_THREADS", "2");
    let mut runners = vec![&one, &two];
    let old = before.as_ref().map(|b| {
        let run = |threads: &str| {
            Runner::new(b)
                .arg("check")
                .arg("--jsonl")
                .arg(&jsonl)
                .env("RAYON_NUM_THREADS", threads)
        };
        (run("1"), run("2"))
    });
    if let Some((a, b)) = &old {
        runners.push(a);
        runners.push(b);
    }
    let runs = paired(rounds, &runners);
    let label = format!("{id} texts, {} MB", lines.len() >> 20);
    let mut rows = vec![
        ("check --jsonl, 1 thread", 0),
        ("check --jsonl, 2 threads", 1),
    ];
    if old.is_some() {
        rows.push(("before: check --jsonl, 1 thread", 2));
        rows.push(("before: check --jsonl, 2 threads", 3));
    }
    for &(what, k) in &rows {
        report(what, &label, lines.len(), &runs, k, None);
    }
    println!();
    for &(what, k) in rows.iter().step_by(2) {
        let speedup = median(
            runs.iter()
                .map(|r| r[k].wall.as_secs_f64() / r[k + 1].wall.as_secs_f64())
                .collect(),
        );
        let per_text =
            median(runs.iter().map(|r| r[k + 1].wall.as_secs_f64()).collect()) * 1e6 / id as f64;
        println!(
            "{what}: 2 threads are {speedup:.2}x as fast as 1 (median of paired rounds); \
             {per_text:.1} µs per text on 2 threads"
        );
    }
}

/// One child process's cost.
#[derive(Debug, Clone, Copy)]
struct Run {
    wall: Duration,
    cpu: Duration,
    max_rss_kib: u64,
    /// Time the child says it spent building (the reference's DFA).
    build: Duration,
}

impl Run {
    /// The wall time without the build: a pass with a prebuilt automaton.
    fn scan(&self) -> Duration {
        self.wall.saturating_sub(self.build)
    }
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

    fn env(mut self, k: &str, v: impl AsRef<std::ffi::OsStr>) -> Runner {
        self.env.push((k.to_string(), v.as_ref().to_os_string()));
        self
    }

    /// Runs the command to its end, its output read and dropped, through
    /// a spawner (this binary again, see [`spawn_and_measure`]): Linux
    /// counts the memory of the process that started a program in that
    /// program's peak, so the command must be started by a small process,
    /// not by this one with its megabytes of generated text.
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
        // Only the first line is kept (the reference's build time): the
        // rest is read into one small buffer and dropped, so that reading
        // 30 MB of `--jsonl` output takes little of the cores the command
        // runs on.
        let mut stdout = std::io::BufReader::with_capacity(1 << 16, child.stdout.take().unwrap());
        let mut first = Vec::new();
        std::io::BufRead::read_until(&mut stdout, b'\n', &mut first).unwrap();
        std::io::copy(&mut stdout, &mut std::io::sink()).unwrap();
        let out = String::from_utf8_lossy(&first);
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
        let build = out
            .strip_prefix("build_ns ")
            .and_then(|s| s.split_whitespace().next())
            .and_then(|s| s.parse().ok())
            .map_or(Duration::ZERO, Duration::from_nanos);
        Run {
            wall: Duration::from_nanos(wall_ns),
            cpu: Duration::from_nanos(cpu_ns),
            max_rss_kib,
            build,
        }
    }
}

const SPAWN_VAR: &str = "TACTFUL_SPEED_SPAWN";

/// The spawner: starts the command given as arguments (its output going
/// straight to this process's), times it from start to exit, and reports
/// on stderr its wall time and CPU time in nanoseconds and its peak
/// resident memory in KiB.
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

fn report(
    what: &str,
    size_name: &str,
    size: usize,
    runs: &[Vec<Run>],
    k: usize,
    ratio: Option<f64>,
) {
    let wall = median(runs.iter().map(|r| r[k].scan().as_secs_f64()).collect());
    let cpu = median(runs.iter().map(|r| r[k].cpu.as_secs_f64()).collect());
    let rss = runs.iter().map(|r| r[k].max_rss_kib).max().unwrap_or(0);
    let ratio = ratio.map_or("—".to_string(), |r| format!("{r:.2}x"));
    println!(
        "| {what} | {size_name} | {:.1} ms | {:.1} ms | {:.1} MiB | {ratio} | {:.0} |",
        wall * 1e3,
        cpu * 1e3,
        rss as f64 / 1024.0,
        size as f64 / 1e6 / wall
    );
}

/// The reference: read the file, build the DFA (timed apart), one
/// overlapping pass with word-boundary checks. Prints the build time and
/// the number of matches (so the pass cannot be optimised away).
fn reference(phrases: &Path, file: &Path) {
    let text = std::fs::read(file).unwrap();
    let list = std::fs::read_to_string(phrases).unwrap();
    let t = Instant::now();
    let ac = aho_corasick::AhoCorasick::builder()
        .kind(Some(aho_corasick::AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(list.lines())
        .unwrap();
    let build = t.elapsed();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'\'';
    let mut count = 0usize;
    for m in ac.find_overlapping_iter(&text[..]) {
        let before = m.start() == 0 || !word(text[m.start() - 1]);
        let after = m.end() == text.len() || !word(text[m.end()]);
        count += usize::from(before && after);
    }
    println!("build_ns {} matches {count}", build.as_nanos());
}
