//! The kinds of notes set apart from a guide's text (GitHub's alerts, `> [!WARNING]`):
//! their names in the source and the JSON form, and their titles on the pages.

/// The kind of a note set apart from the text (GitHub's alerts: `> [!NOTE]`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Alert {
    Note,
    Tip,
    Important,
    Warning,
    Caution,
}

impl Alert {
    pub const ALL: [Alert; 5] = [Alert::Note, Alert::Tip, Alert::Important, Alert::Warning, Alert::Caution];

    /// Its name in the source (`[!WARNING]`, any case) and in the JSON form: `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Alert::Note => "note",
            Alert::Tip => "tip",
            Alert::Important => "important",
            Alert::Warning => "warning",
            Alert::Caution => "caution",
        }
    }

    /// The title shown above it, in the language `lang` (English for a language without
    /// its own).
    pub fn title(self, lang: &str) -> &'static str {
        match (lang, self) {
            ("ja", Alert::Note) => "注記",
            ("ja", Alert::Tip) => "ヒント",
            ("ja", Alert::Important) => "重要",
            ("ja", Alert::Warning) => "警告",
            ("ja", Alert::Caution) => "注意",
            (_, Alert::Note) => "Note",
            (_, Alert::Tip) => "Tip",
            (_, Alert::Important) => "Important",
            (_, Alert::Warning) => "Warning",
            (_, Alert::Caution) => "Caution",
        }
    }
}
