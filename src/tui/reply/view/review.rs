//! The Review step: the shared review of a draft (`widgets::review`),
//! with the reply flow's draft, aim, dismissals and the message answered.

use super::*;
use crate::tui::widgets::review::view::{self as review, Look};

pub(super) fn draw_review(m: &Model, f: &mut Frame, area: Rect, theme: Theme) {
    let text = m.editor.text();
    let their_heat = m.their_heat();
    let look = Look {
        review: &m.review,
        text: &text,
        library: m.engine.library(),
        intent: m.intent.as_deref(),
        dismissed: &m.dismissed,
        their_heat: &their_heat,
        theme,
    };
    review::draw(&look, f, area, area.width >= SIDE_BY_SIDE);
}
