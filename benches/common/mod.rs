//! What the benchmarks share: deterministic text to measure on.

/// Deterministic prose: sentences built from everyday words, with the
/// occasional heated or receptive phrase, as long threads have.
pub fn prose(bytes: usize) -> String {
    const WORDS: &[&str] = &[
        "the",
        "release",
        "build",
        "broke",
        "again",
        "and",
        "we",
        "spent",
        "hours",
        "on",
        "it",
        "because",
        "nobody",
        "documented",
        "change",
        "in",
        "config",
        "file",
        "maintainers",
        "users",
        "project",
        "issue",
        "tracker",
        "comment",
        "version",
        "upgrade",
        "pipeline",
        "test",
        "suite",
        "failed",
        "after",
        "merge",
        "branch",
        "review",
        "patch",
        "feature",
        "request",
        "deadline",
        "team",
        "week",
        "morning",
        "error",
        "message",
        "log",
        "server",
        "client",
        "library",
        "dependency",
        "lockfile",
        "cache",
        "docs",
        "example",
        "question",
    ];
    const PHRASES: &[&str] = &[
        "You always ignore these reports.",
        "I understand your frustration, but this is how it works.",
        "It sounds like the upgrade caught you off guard.",
        "Obviously nobody tested this!!",
        "Could you tell me more about your setup?",
        "I might be wrong about the timeline.",
        "Would you be open to a short call?",
        "Thanks for the detailed report.",
    ];
    let mut out = String::with_capacity(bytes + 200);
    let mut state: u64 = 0x2545_F491_4F6C_DD1D;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    while out.len() < bytes {
        let r = next();
        if r % 7 == 0 {
            out.push_str(PHRASES[(r >> 8) as usize % PHRASES.len()]);
        } else {
            let n = 6 + (r >> 16) as usize % 14;
            for i in 0..n {
                let w = WORDS[(next() >> 20) as usize % WORDS.len()];
                if i == 0 {
                    let mut c = w.chars();
                    out.extend(c.next().map(|c| c.to_ascii_uppercase()));
                    out.push_str(c.as_str());
                } else {
                    out.push(' ');
                    out.push_str(w);
                }
            }
            out.push('.');
        }
        out.push(if next() % 9 == 0 { '\n' } else { ' ' });
        if next() % 40 == 0 {
            out.push('\n');
        }
    }
    out
}
