//! The colours and marks every screen shares.

use ratatui::style::{Color, Modifier, Style};

/// Styles that read on dark and light terminals; without colour
/// (`NO_COLOR`), marks are carried by bold, underline and reverse video.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    fn fg(self, c: Color) -> Style {
        if self.color {
            Style::new().fg(c)
        } else {
            Style::new()
        }
    }
    pub fn flag(self) -> Style {
        self.fg(Color::Red)
            .add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    pub fn cue(self) -> Style {
        if self.color {
            self.fg(Color::Green).add_modifier(Modifier::UNDERLINED)
        } else {
            Style::new().add_modifier(Modifier::ITALIC | Modifier::UNDERLINED)
        }
    }
    /// An unfilled blank (`___`): where the author's words still go.
    pub fn blank(self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::DIM)
        }
    }
    pub fn selected(self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn dim(self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    pub fn bold(self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn accent(self) -> Style {
        self.fg(Color::Magenta).add_modifier(Modifier::BOLD)
    }
    pub fn good(self) -> Style {
        self.fg(Color::Green)
    }
    pub fn bad(self) -> Style {
        self.fg(Color::Red)
    }
}
