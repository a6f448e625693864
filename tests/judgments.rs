//! Judgments by meaning: replies that attack the reader in ordinary words
//! fail the bar, and firm but civil replies pass it, on the sets in
//! `tests/fixtures/judgment/` (see its README) and on the drafts a new
//! user tried in the reply flow.

use std::collections::BTreeMap;

use tactful_engine::{Analysis, Context, Engine, Kind, Severity, rewrite};

/// The default bar of `check` and the reply flow.
const BAR: u8 = 50;

fn engine() -> Engine {
    tactful::prompts::builtin_engine().expect("the built-in packs load")
}

fn analyze(engine: &Engine, text: &str) -> Analysis {
    engine.analyze(text, &Context::default())
}

fn has_error(a: &Analysis) -> bool {
    a.findings
        .iter()
        .any(|f| f.kind == Kind::Flag && f.severity == Severity::Error)
}

struct Reply {
    text: String,
    hostile: bool,
    category: String,
}

fn read_set(name: &str) -> Vec<Reply> {
    let path = format!(
        "{}/tests/fixtures/judgment/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "{path}: not three fields: {l}");
            Reply {
                text: f[0].to_string(),
                hostile: f[1] == "hostile",
                category: f[2].to_string(),
            }
        })
        .collect()
}

/// (hostile replies that fail, hostile replies, civil replies that pass
/// with no error, civil replies), with the misses per category.
fn measure(engine: &Engine, set: &[Reply]) -> (usize, usize, usize, usize, String) {
    let (mut caught, mut hostile, mut fine, mut civil) = (0, 0, 0, 0);
    let mut by: BTreeMap<(bool, &str), (usize, usize)> = BTreeMap::new();
    for r in set {
        let a = analyze(engine, &r.text);
        let ok = if r.hostile {
            !a.passes(BAR)
        } else {
            a.passes(BAR) && !has_error(&a)
        };
        let e = by.entry((r.hostile, &r.category)).or_default();
        e.0 += usize::from(ok);
        e.1 += 1;
        if r.hostile {
            hostile += 1;
            caught += usize::from(ok);
        } else {
            civil += 1;
            fine += usize::from(ok);
        }
    }
    let report = by
        .iter()
        .map(|((h, c), (ok, n))| format!("{} {c}: {ok}/{n}", if *h { "hostile" } else { "civil" }))
        .collect::<Vec<_>>()
        .join("\n");
    (caught, hostile, fine, civil, report)
}

#[track_caller]
fn check_set(name: &str, min_hostile: f64, min_civil: f64) {
    let engine = engine();
    let set = read_set(name);
    let (caught, hostile, fine, civil, report) = measure(&engine, &set);
    let (h, c) = (caught as f64 / hostile as f64, fine as f64 / civil as f64);
    println!(
        "{name}: hostile {caught}/{hostile} ({h:.3}), civil {fine}/{civil} ({c:.3})\n{report}"
    );
    assert!(
        h >= min_hostile,
        "{name}: only {caught} of {hostile} hostile replies fail the bar ({h:.3} < {min_hostile})\n{report}"
    );
    assert!(
        c >= min_civil,
        "{name}: only {fine} of {civil} civil replies pass without an error ({c:.3} < {min_civil})\n{report}"
    );
}

/// A set of everyday civil messages only (no hostile reply to catch).
fn check_civil_set(name: &str, min_civil: f64) {
    let engine = engine();
    let set = read_set(name);
    let (_, hostile, fine, civil, report) = measure(&engine, &set);
    assert_eq!(hostile, 0, "{name} holds civil messages only");
    let c = fine as f64 / civil as f64;
    println!("{name}: civil {fine}/{civil} ({c:.3})\n{report}");
    assert!(
        c >= min_civil,
        "{name}: only {fine} of {civil} civil messages pass without an error ({c:.3} < {min_civil})\n{report}"
    );
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_a() {
    check_set("replies-a.tsv", 0.96, 0.99);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_b() {
    check_set("replies-b.tsv", 0.95, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_c() {
    check_set("replies-c.tsv", 0.92, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_f() {
    check_set("replies-f.tsv", 0.91, 0.97);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_g() {
    check_set("replies-g.tsv", 0.94, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_i() {
    check_set("replies-i.tsv", 0.93, 0.89);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_j() {
    check_set("replies-j.tsv", 0.96, 0.91);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_k() {
    check_set("replies-k.tsv", 0.87, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_l() {
    check_set("replies-l.tsv", 0.90, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_m() {
    check_set("replies-m.tsv", 0.86, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_o() {
    check_set("replies-o.tsv", 0.86, 0.93);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_p() {
    check_set("replies-p.tsv", 0.88, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_q() {
    check_set("replies-q.tsv", 0.87, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_r() {
    check_set("replies-r.tsv", 0.88, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_s() {
    check_set("replies-s.tsv", 0.63, 0.88);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_t() {
    check_set("replies-t.tsv", 0.83, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_u() {
    check_set("replies-u.tsv", 0.94, 0.93);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_v() {
    check_set("replies-v.tsv", 0.84, 0.97);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_w() {
    check_set("replies-w.tsv", 0.65, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_x() {
    check_set("replies-x.tsv", 0.77, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_y() {
    check_set("replies-y.tsv", 0.86, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_z() {
    check_set("replies-z.tsv", 0.88, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_aa() {
    check_set("replies-aa.tsv", 0.92, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ab() {
    check_set("replies-ab.tsv", 0.89, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ac() {
    check_set("replies-ac.tsv", 0.90, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ad() {
    check_set("replies-ad.tsv", 0.77, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ae() {
    check_set("replies-ae.tsv", 0.82, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_af() {
    check_set("replies-af.tsv", 0.80, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ag() {
    check_set("replies-ag.tsv", 0.84, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ah() {
    check_set("replies-ah.tsv", 0.88, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ai() {
    check_set("replies-ai.tsv", 0.84, 0.98);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_aj() {
    check_set("replies-aj.tsv", 0.71, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ak() {
    check_set("replies-ak.tsv", 0.87, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_al() {
    check_set("replies-al.tsv", 0.87, 0.97);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_am() {
    check_set("replies-am.tsv", 0.91, 0.98);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_an() {
    check_set("replies-an.tsv", 0.87, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ao() {
    check_set("replies-ao.tsv", 0.93, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ap() {
    check_set("replies-ap.tsv", 0.95, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_aq() {
    check_set("replies-aq.tsv", 0.94, 0.90);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ar() {
    check_set("replies-ar.tsv", 0.92, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_as() {
    check_set("replies-as.tsv", 0.92, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_at() {
    check_set("replies-at.tsv", 0.93, 0.92);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_au() {
    check_set("replies-au.tsv", 0.93, 0.92);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_av() {
    check_set("replies-av.tsv", 0.94, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_aw() {
    check_set("replies-aw.tsv", 0.93, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ax() {
    check_set("replies-ax.tsv", 0.93, 0.93);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ay() {
    check_set("replies-ay.tsv", 0.91, 0.91);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_az() {
    check_set("replies-az.tsv", 0.91, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ba() {
    check_set("replies-ba.tsv", 0.93, 0.92);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bb() {
    check_set("replies-bb.tsv", 0.92, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bc() {
    check_set("replies-bc.tsv", 0.93, 0.93);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bd() {
    check_set("replies-bd.tsv", 0.93, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_be() {
    check_set("replies-be.tsv", 0.91, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bf() {
    check_set("replies-bf.tsv", 0.90, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bg() {
    check_set("replies-bg.tsv", 0.92, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bh() {
    check_set("replies-bh.tsv", 0.93, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bi() {
    check_set("replies-bi.tsv", 0.91, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bj() {
    check_set("replies-bj.tsv", 0.93, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bk() {
    check_set("replies-bk.tsv", 0.93, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bl() {
    check_set("replies-bl.tsv", 0.92, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bm() {
    check_set("replies-bm.tsv", 0.91, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bn() {
    check_set("replies-bn.tsv", 0.90, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bo() {
    check_set("replies-bo.tsv", 0.92, 0.96);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bp() {
    check_set("replies-bp.tsv", 0.92, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bq() {
    check_set("replies-bq.tsv", 0.90, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_br() {
    check_set("replies-br.tsv", 0.91, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bs() {
    check_set("replies-bs.tsv", 0.91, 0.97);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bt() {
    check_set("replies-bt.tsv", 0.92, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bu() {
    check_set("replies-bu.tsv", 0.92, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bv() {
    check_set("replies-bv.tsv", 0.92, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bw() {
    check_set("replies-bw.tsv", 0.88, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_bx() {
    check_set("replies-bx.tsv", 0.90, 0.92);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_by() {
    check_set("replies-by.tsv", 0.90, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ca() {
    check_set("replies-ca.tsv", 0.90, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_cb() {
    check_set("replies-cb.tsv", 0.93, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_cc() {
    check_set("replies-cc.tsv", 0.92, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_cd() {
    check_set("replies-cd.tsv", 0.92, 0.92);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ce() {
    check_set("replies-ce.tsv", 0.94, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_cf() {
    check_set("replies-cf.tsv", 0.92, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_cg() {
    check_set("replies-cg.tsv", 0.93, 0.92);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ch() {
    check_set("replies-ch.tsv", 0.91, 0.93);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ci() {
    check_set("replies-ci.tsv", 0.91, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_cj() {
    check_set("replies-cj.tsv", 0.92, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_ck() {
    check_set("replies-ck.tsv", 0.93, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_cl() {
    check_set("replies-cl.tsv", 0.90, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_cm() {
    check_set("replies-cm.tsv", 0.91, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_cn() {
    check_set("replies-cn.tsv", 0.89, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_co() {
    check_set("replies-co.tsv", 0.92, 0.94);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_cp() {
    check_set("replies-cp.tsv", 0.92, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_cq() {
    check_set("replies-cq.tsv", 0.90, 0.95);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_cr() {
    check_set("replies-cr.tsv", 0.92, 0.92);
}

#[test]
fn hostile_replies_in_plain_words_fail_and_civil_ones_pass_set_cs() {
    check_set("replies-cs.tsv", 0.91, 0.94);
}

#[test]
fn sincere_questions_and_plain_words_pass_set_bz() {
    check_civil_set("replies-bz.tsv", 0.93);
}

#[test]
fn everyday_civil_messages_pass_set_na() {
    check_civil_set("replies-na.tsv", 0.96);
}

#[test]
fn everyday_civil_messages_pass_set_nb() {
    check_civil_set("replies-nb.tsv", 0.96);
}

#[test]
fn everyday_civil_messages_pass_set_nc() {
    check_civil_set("replies-nc.tsv", 0.96);
}

#[test]
fn everyday_civil_messages_pass_set_nd() {
    check_civil_set("replies-nd.tsv", 0.95);
}

/// The reading's flag says what the words do: on sets of every kind, the
/// kind it names for the hostile replies it marks is the one their writers
/// meant (the kinds were fitted on these sets, so this is a floor for the
/// mechanism, not a measure of how far it reaches: docs/validity.md gives
/// that on sets it never saw).
#[test]
fn the_reading_names_the_kind_of_attack_its_writers_meant() {
    let engine = engine();
    let reading = engine.library().rule("judgment.reading").unwrap();
    let (mut marked, mut named, mut right) = (0, 0, 0);
    let (mut pairs, mut pairs_right) = (0, 0);
    let mut wrong: BTreeMap<(String, String), usize> = BTreeMap::new();
    for name in [
        "replies-c.tsv",
        "replies-s.tsv",
        "replies-z.tsv",
        "replies-aa.tsv",
        "replies-ab.tsv",
        "replies-ac.tsv",
    ] {
        for r in read_set(name).iter().filter(|r| r.hostile) {
            let a = analyze(&engine, &r.text);
            let Some(f) = a.flags().find(|f| &*f.rule_id == "judgment.reading") else {
                continue;
            };
            marked += 1;
            let Some(kind) = &f.reads_as else { continue };
            if let Some(or) = &f.reads_as_or {
                // Neither kind alone was sure: the message names both, as
                // each is heard.
                pairs += 1;
                pairs_right += usize::from(**kind == *r.category || **or == *r.category);
                let heard = |k: &str| {
                    let t = reading.reads_as.iter().find(|t| &*t.kind == k).unwrap();
                    t.heard_as.clone().unwrap()
                };
                assert!(
                    f.message.contains(&*heard(kind)) && f.message.contains(&*heard(or)),
                    "{}",
                    f.message
                );
                continue;
            }
            named += 1;
            // The message and question are the kind's own.
            let t = reading.reads_as.iter().find(|t| t.kind == *kind).unwrap();
            assert_eq!((&f.message, &f.question), (&t.message, &t.question.clone()));
            if **kind == *r.category {
                right += 1;
            } else {
                *wrong
                    .entry((r.category.clone(), kind.to_string()))
                    .or_default() += 1;
            }
        }
    }
    let (n, r) = (named as f64 / marked as f64, right as f64 / named as f64);
    let p = pairs_right as f64 / pairs as f64;
    println!(
        "marked {marked}, named {named} ({n:.3}), right {right} ({r:.3}); \
         named as either of two {pairs}, one of them right {pairs_right} ({p:.3}); wrong: {wrong:?}"
    );
    assert!(marked > 200, "only {marked} replies marked by the reading");
    assert!(
        n >= 0.85,
        "only {named} of {marked} marked replies named ({n:.3})"
    );
    assert!(
        r >= 0.9,
        "only {right} of {named} named as meant ({r:.3}): {wrong:?}"
    );
    assert!(
        pairs > 0 && p >= 0.75,
        "only {pairs_right} of {pairs} named as either of two hold the kind meant ({p:.3})"
    );
}

/// Replies written for this test (none in the sets the kinds were fitted
/// on), each hostile in ordinary words that no phrase rule names: the
/// reading marks them and says what each does.
#[test]
fn the_reading_says_what_fresh_replies_do() {
    let engine = engine();
    for (text, kind) in [
        (
            "Wonderful, another meeting that could have been an email. Truly inspired planning from you.",
            "sarcasm",
        ),
        (
            "Nobody asked how you feel about the new rota, so let's move on.",
            "dismissal",
        ),
        (
            "Of course your whole department thinks that, they always do.",
            "group",
        ),
        (
            "You only volunteered so you could put it on your CV and look good.",
            "bad_faith",
        ),
    ] {
        let a = analyze(&engine, text);
        let named: Vec<_> = a
            .flags()
            .filter_map(|f| Some((&*f.rule_id, &**f.reads_as.as_ref()?)))
            .collect();
        assert_eq!(named, [("judgment.reading", kind)], "{text}");
        assert!(!a.passes(BAR), "{text} passes ({})", a.scores.overall);
    }
    // Where neither kind alone is sure, the flag names the two most
    // probable, and asks the first one's question.
    for (text, first, second, message) in [
        (
            "Nobody here has time to explain the basics to you again.",
            "contempt",
            "condescension",
            "Read as a whole, this is likely to be heard as contempt, or as talking down to them.",
        ),
        (
            "People who actually contribute don't talk like that.",
            "contempt",
            "judgment",
            "Read as a whole, this is likely to be heard as contempt, or as a verdict on who they are.",
        ),
    ] {
        let a = analyze(&engine, text);
        let f = a
            .flags()
            .find(|f| &*f.rule_id == "judgment.reading")
            .unwrap_or_else(|| panic!("{text} is not marked"));
        assert_eq!(
            (f.reads_as.as_deref(), f.reads_as_or.as_deref(), &*f.message),
            (Some(first), Some(second), message),
            "{text}"
        );
        let reading = engine.library().rule("judgment.reading").unwrap();
        let own = reading.reads_as.iter().find(|t| &*t.kind == first).unwrap();
        assert_eq!(f.question, own.question, "{text}");
        assert!(!a.passes(BAR), "{text} passes ({})", a.scores.overall);
    }
}

/// Presses the first suggestion of every flag the draft raised, one key per
/// flag, as a user in a hurry would.
fn one_key_per_flag(engine: &Engine, draft: &str) -> String {
    let flags = analyze(engine, draft).flags().count();
    let mut text = draft.to_string();
    for _ in 0..flags {
        let a = analyze(engine, &text);
        let Some((f, s)) = a
            .findings
            .iter()
            .filter(|f| f.kind == Kind::Flag)
            .find_map(|f| f.suggestions.first().map(|s| (f, s)))
        else {
            break;
        };
        match rewrite::apply(&text, f, s) {
            Some(applied) => text = applied.text,
            None => break,
        }
    }
    text.trim().to_string()
}

/// The six hostile drafts a new user typed into the reply flow on a real
/// Reddit thread, which all ended up "fine to send", and the two civil
/// ones, which must still pass.
#[test]
fn the_drafts_a_new_user_tried_are_judged_as_a_reader_would() {
    let engine = engine();
    let hostile = [
        "Your kids are going to grow up just as entitled as you are.",
        "Honestly I don't care what you think. This thread is a dumpster fire and you lit it.",
        "I hear you, but you're still wrong and frankly your attitude is the reason nobody wants to help you.",
        "Nobody with half a brain would defend this policy. You're either lying or you haven't done the math.",
        "Sure, because that worked SO well last time. Thanks for the lecture, professor.",
        "Wow, another genius who thinks he knows better than the people who actually built this. Go read a book before you embarrass yourself further.",
    ];
    for draft in hostile {
        let a = analyze(&engine, draft);
        assert!(
            !a.passes(BAR),
            "passes as fine: {draft:?} ({})",
            a.scores.overall
        );
        // Each names what the sentence does: a flag of the escalation
        // dimension with its own message, not only heat.
        assert!(
            a.flags().any(|f| !f.rule_id.starts_with("tone.")),
            "no flag names what {draft:?} does"
        );
        // One key per flag either takes the attack out, leaving a plain
        // sentence, or leaves a flag standing that still fails the bar.
        let after = one_key_per_flag(&engine, draft);
        let b = analyze(&engine, &after);
        let attack_left = b
            .flags()
            .any(|f| f.severity != Severity::Info && !f.rule_id.starts_with("tone."));
        assert!(
            !attack_left || !b.passes(BAR),
            "{draft:?} -> {after:?} passes ({}) with {:?} still standing",
            b.scores.overall,
            b.flags().map(|f| &f.rule_id).collect::<Vec<_>>()
        );
    }
    let civil = [
        "I think dropping Windows support is a mistake; several of us still rely on it. Could we keep it for one more release while we look for a maintainer?",
        "I'm sorry I closed your issue without a comment, that was careless of me. Could you tell me which version you're on so I can reopen it with the right label?",
    ];
    for draft in civil {
        let a = analyze(&engine, draft);
        assert!(
            a.passes(BAR) && !has_error(&a),
            "civil draft fails: {draft:?} ({}, {:?})",
            a.scores.overall,
            a.flags().map(|f| &f.rule_id).collect::<Vec<_>>()
        );
    }
}

/// A bare interjection is not warmth, and praise said in mockery earns
/// nothing.
#[test]
fn warmth_is_credited_only_where_it_is_meant() {
    let engine = engine();
    for bare in ["Wow.", "Sure."] {
        let a = analyze(&engine, bare);
        assert!(
            a.scores.overall <= 63,
            "{bare:?} scores {} on warmth alone",
            a.scores.overall
        );
    }
    let warm = analyze(&engine, "Wow, thank you!");
    assert!(warm.passes(BAR) && warm.flags().count() == 0);
    let relax = analyze(
        &engine,
        "It made me smile and relax. Thank you for your show.",
    );
    assert_eq!(relax.flags().count(), 0, "{:?}", relax.findings);
    let order = analyze(&engine, "Relax, the refund is coming.");
    assert!(order.flags().any(|f| f.rule_id == "escalation.dismissal"));
}
