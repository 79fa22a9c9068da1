//! Tables in guidance text: pipe tables (`| a | b |` with a `|---|` rule) and the loose
//! form (`比較表:`, an optional caption, a dash rule, then `a|b` rows). Line shapes and cell
//! splitting are in `parse::table_lines`; this module groups lines into table units.

use super::Line;
use super::explain::{Role, Roles};
use super::shape::{bullet_text, is_heading_shaped, marker_kind};
use super::units::{Kind, Unit};
use crate::model::{Block, Diagnostics, RichText, Severity};
use crate::parse::table_lines::{has_unescaped_pipe, is_dash_rule, is_pipe_row, is_pipe_rule, split_cells};

pub(super) fn take_pipe_table(
    lines: &[Line<'_>],
    start: usize,
    units: &mut Vec<Unit>,
    diags: &mut Diagnostics,
    roles: &mut Roles,
) -> usize {
    let mut i = start;
    let mut rows: Vec<(usize, Vec<String>)> = Vec::new();
    let mut saw_rule = false;
    while let Some(line) = lines.get(i) {
        // After a blank line, a row with a rule under it is the header of another table.
        let after_blank = i > start && line.number > lines[i - 1].number + 1;
        if after_blank && saw_rule && is_pipe_row(line.text) && lines.get(i + 1).is_some_and(|l| is_pipe_rule(l.text)) {
            break;
        }
        if is_pipe_rule(line.text) {
            if rows.len() != 1 {
                diags.push(
                    line.number,
                    Severity::Warning,
                    "table rule line `|---|` should come right after the header row",
                );
            }
            saw_rule = true;
            roles.set(i, Role::TableRule, None);
        } else if is_pipe_row(line.text) {
            rows.push((line.number, split_cells(line.text)));
            roles.set(i, Role::TableRow, None);
        } else {
            break;
        }
        i += 1;
    }
    if rows.first().is_none_or(|(_, header)| header.is_empty()) {
        // Only rule lines, or a header with no cells (`||`): nothing to tabulate; keep the
        // text as it stands.
        let message = if rows.is_empty() {
            "table rule line with no rows; shown as text"
        } else {
            "table row with no cells; shown as text"
        };
        diags.push(lines[start].number, Severity::Warning, message);
        for (k, line) in lines[start..i].iter().enumerate() {
            roles.set(start + k, Role::Paragraph, None);
            units.push(Unit::text(line.text, line.number, start + k, false));
        }
        return i;
    }
    if !saw_rule {
        diags.push(
            lines[start].number,
            Severity::Info,
            "table has no `|---|` rule line; its first row is taken as the header",
        );
    }
    units.push(make_table(rows, None, lines[start].number, start..i, diags));
    i
}

/// The loose form: `比較表:`-style intro line (ends with a colon), an optional caption line,
/// a rule of dashes, then `a|b` rows without outer pipes. Needs the intro or the rule.
pub(super) fn take_loose_table(
    lines: &[Line<'_>],
    start: usize,
    units: &mut Vec<Unit>,
    diags: &mut Diagnostics,
    roles: &mut Roles,
) -> Option<usize> {
    let at = |k: usize| lines.get(k).map(|l| l.text);
    let mut k = start;
    let intro = at(k).is_some_and(|t| t.ends_with([':', '：']) && t.chars().count() <= 30 && !has_unescaped_pipe(t));
    if intro {
        k += 1;
    }
    let mut caption = None;
    if let (Some(c), Some(next)) = (at(k), at(k + 1))
        && !is_dash_rule(c)
        && !has_unescaped_pipe(c)
        && is_heading_shaped(c)
        && bullet_text(c).is_none()
        && marker_kind(c).is_none()
        && is_dash_rule(next)
    {
        caption = Some((k, c.to_owned()));
        k += 1;
    }
    let rule = at(k).is_some_and(is_dash_rule);
    let rule_at = k;
    if rule {
        k += 1;
    }
    if !intro && !rule {
        return None;
    }
    let rows_from = k;
    let mut rows = Vec::new();
    while let Some(line) = lines.get(k) {
        let cells = split_cells(line.text);
        // A row needs a cell (`|` alone has none).
        if !has_unescaped_pipe(line.text) || marker_kind(line.text).is_some() || cells.is_empty() {
            break;
        }
        rows.push((line.number, cells));
        k += 1;
    }
    if rows.is_empty() {
        return None;
    }
    if intro {
        roles.set(start, Role::TableIntro, None);
    }
    if let Some((c, _)) = caption {
        roles.set(c, Role::TableCaption, None);
    }
    if rule {
        roles.set(rule_at, Role::TableRule, None);
    }
    roles.set_all(rows_from..k, Role::TableRow);
    units.push(make_table(rows, caption.map(|c| c.1), lines[start].number, start..k, diags));
    Some(k)
}

/// Rows pasted from a spreadsheet: two or more lines in a row, each of two or more cells
/// separated by tabs, as many in each. The first row is the header.
pub(super) fn take_tab_table(
    lines: &[Line<'_>],
    start: usize,
    units: &mut Vec<Unit>,
    diags: &mut Diagnostics,
    roles: &mut Roles,
) -> Option<usize> {
    let cells = |text: &str| -> Vec<String> { text.split('\t').map(|c| c.trim().to_owned()).collect() };
    let width = cells(lines[start].text).len();
    if width < 2 {
        return None;
    }
    let mut k = start;
    let mut rows = Vec::new();
    while let Some(line) = lines.get(k).filter(|l| l.text.contains('\t')) {
        let row = cells(line.text);
        if row.len() != width {
            break;
        }
        rows.push((line.number, row));
        k += 1;
    }
    if rows.len() < 2 {
        return None;
    }
    diags.push(
        lines[start].number,
        Severity::Info,
        "lines of tab-separated cells are read as a table; its first row is taken as the header",
    );
    roles.set_all(start..k, Role::TableRow);
    units.push(make_table(rows, None, lines[start].number, start..k, diags));
    Some(k)
}

fn make_table(
    mut rows: Vec<(usize, Vec<String>)>,
    caption: Option<String>,
    line: usize,
    span: std::ops::Range<usize>,
    diags: &mut Diagnostics,
) -> Unit {
    let mut header = if rows.is_empty() { Vec::new() } else { rows.remove(0).1 };
    // A row longer than the header widens the table (no cell is dropped); a shorter one
    // is filled with empty cells.
    let width = rows.iter().map(|(_, cells)| cells.len()).chain([header.len()]).max().unwrap_or(0);
    let named = header.len();
    header.resize(width, String::new());
    let rows = rows
        .into_iter()
        .map(|(n, mut cells)| {
            if cells.len() != named {
                diags.push(
                    n,
                    Severity::Warning,
                    format!("table row has {} cells, the header has {named}", cells.len()),
                );
            }
            cells.resize(width, String::new());
            cells.into_iter().map(RichText::plain).collect()
        })
        .collect();
    let header = header.into_iter().map(RichText::plain).collect();
    Unit { kind: Kind::Block(Block::Table { header, rows, caption }), line, span }
}
