//! The Review step: moving through findings, applying a rewrite, undoing,
//! dismissing (with the reason asked over it), and on to Finish.

use crate::store::Dismissed;
use crate::tui::reply::keymap::Action;
use crate::tui::reply::model::{Effect, Model, Overlay, Screen};
use crate::tui::widgets::review::{self as rv, Item, Outcome, ReviewUndo};

pub(super) fn review(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    match action {
        Action::NextItem => m.review.step(true),
        Action::PrevItem => m.review.step(false),
        Action::DetailDown => m.review.scroll_detail(1),
        Action::DetailUp => m.review.scroll_detail(-1),
        Action::PageUp => m.review.page(m.page() as usize, false),
        Action::PageDown => m.review.page(m.page() as usize, true),
        Action::Apply(k) => match rv::apply(m, k.max(1) as usize - 1) {
            Outcome::Stay(s) => m.status = (!s.is_empty()).then_some(s),
            Outcome::ToDraft(s) => {
                m.screen = Screen::Draft;
                m.status = Some(s);
            }
        },
        Action::Dismiss => {
            if let Some(Item::Finding(i)) = m.selected_item() {
                m.overlay = Some(Overlay::Dismiss(i));
            } else {
                m.status = Some("Only findings can be dismissed.".into());
            }
        }
        Action::Undo => match m.review.undo.pop() {
            Some(ReviewUndo::Edit(at)) => {
                rv::undo_edit(m, at);
                m.status = Some("Undone.".into());
            }
            Some(ReviewUndo::Dismiss(d, at)) => {
                m.dismissed.retain(|x| x.dismissal != d);
                fx.push(Effect::SaveDismissals(m.dismissed.clone()));
                rv::recheck_at(m, at);
                m.status = Some("The finding is back.".into());
            }
            None => m.status = Some("Nothing to undo here.".into()),
        },
        Action::Jump => {
            rv::jump(m);
            m.screen = Screen::Draft;
        }
        Action::Edit => m.screen = Screen::Draft,
        Action::Finish => {
            if m.review.revisions.is_empty() {
                m.check();
            }
            m.finish_scroll = 0;
            m.screen = Screen::Finish;
        }
        _ => {}
    }
}

pub(super) fn dismiss(m: &mut Model, action: Action, fx: &mut Vec<Effect>) {
    let Some(Overlay::Dismiss(i)) = m.overlay.take() else {
        return;
    };
    let reason = match action {
        Action::Reason(0) => None,
        Action::Reason(n) => m.flow.dismiss.reasons.get(n as usize - 1).cloned(),
        _ => return,
    };
    let Some((mut dismissal, at)) = rv::dismissal_of(&m.review, i) else {
        return;
    };
    // The first reason is "I meant it": the flag leaves the list and keeps
    // its cost, since the reader will still read it. The others say it was
    // a false alarm.
    let meant = matches!(action, Action::Reason(1));
    dismissal.keeps_cost = meant;
    m.dismissed.retain(|d| {
        (&d.dismissal.rule_id, &d.dismissal.phrase) != (&dismissal.rule_id, &dismissal.phrase)
    });
    m.dismissed.push(Dismissed {
        dismissal: dismissal.clone(),
        reason,
    });
    m.review.undo.push(ReviewUndo::Dismiss(dismissal, at));
    fx.push(Effect::SaveDismissals(m.dismissed.clone()));
    m.check();
    m.status = Some(if meant {
        "Kept as you meant it: no longer listed, still counted in the score. u brings it back."
            .into()
    } else {
        "Dismissed for this phrase, here and in later drafts. u brings it back.".into()
    });
}
