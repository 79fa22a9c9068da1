//! Table lines of the guidance-text format: which lines are pipe-table rows and rules, the
//! dash rule of the loose `比較表:` form, and how a row splits into cells (`\|` is a
//! literal pipe; outer pipes are optional). Pure functions over one line each.

pub(super) fn is_pipe_row(text: &str) -> bool {
    text.starts_with('|') && text.len() > 1
}

/// `|---|:---:|` and friends.
pub(super) fn is_pipe_rule(text: &str) -> bool {
    let t = text.trim_matches('|');
    !t.is_empty()
        && text.contains('-')
        && t.split('|').all(|cell| {
            let c = cell.trim().trim_start_matches(':').trim_end_matches(':');
            !c.is_empty() && c.chars().all(|ch| ch == '-')
        })
}

/// A rule line of dashes (`——`, `---`, `――`, `──`): the loose table's separator.
pub(super) fn is_dash_rule(text: &str) -> bool {
    text.chars().count() >= 2 && text.chars().all(|c| matches!(c, '—' | '―' | '─' | '━' | '-' | '–' | '－'))
}

/// Splits a table row on unescaped `|`; `\|` is a literal pipe. Outer pipes are optional.
pub(super) fn split_cells(text: &str) -> Vec<String> {
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'|') => {
                cell.push('|');
                chars.next();
            }
            '|' => cells.push(std::mem::take(&mut cell)),
            c => cell.push(c),
        }
    }
    cells.push(cell);
    if text.starts_with('|') {
        cells.remove(0);
    }
    if text.ends_with('|') && !text.ends_with("\\|") && !cells.is_empty() {
        cells.pop();
    }
    cells.into_iter().map(|c| c.trim_matches(|ch: char| ch.is_whitespace()).to_owned()).collect()
}

pub(super) fn has_unescaped_pipe(text: &str) -> bool {
    let mut prev = ' ';
    for c in text.chars() {
        if c == '|' && prev != '\\' {
            return true;
        }
        prev = c;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_cells_with_escaped_pipes() {
        assert_eq!(split_cells("| a | b \\| c |"), ["a", "b | c"]);
        assert_eq!(split_cells("x|y"), ["x", "y"]);
        assert_eq!(split_cells("|a|"), ["a"]);
    }

    #[test]
    fn recognizes_rules() {
        assert!(is_pipe_rule("|---|:---:|"));
        assert!(!is_pipe_rule("| a | b |"));
        assert!(is_dash_rule("——"));
        assert!(!is_dash_rule("—"));
    }
}
