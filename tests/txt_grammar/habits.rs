//! Habits of other authors of guidance text that the grammar reads as they mean: markers
//! with a colon after their brackets, notes and continuations, indented bullets, rule
//! lines, tables pasted from a spreadsheet, two tables a blank line apart.

use super::{headings, parse_str};
use tebiki::model::{Block, Document, Severity};

/// A guide with `body` as the content of its one section (closed by a consensus block).
fn guide(body: &str) -> Document {
    parse_str(&format!(
        "解決できること\n- 初動を理解できる\n初動対応の手引き\n{body}\n初動対応の手引き\nお客様社内でのご説明・コンセンサス\n共有します。\n"
    ))
}

fn texts(blocks: &[Block]) -> Vec<String> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph { text } => format!("p {}", text.to_plain()),
            Block::List { items, .. } => {
                format!("ul {}", items.iter().map(|i| i.text.to_plain()).collect::<Vec<_>>().join(" / "))
            }
            Block::Table { header, rows, .. } => {
                let row = |cells: &[tebiki::model::RichText]| {
                    cells.iter().map(|c| c.to_plain()).collect::<Vec<_>>().join(",")
                };
                format!("table {} | {}", row(header), rows.iter().map(|r| row(r)).collect::<Vec<_>>().join(" | "))
            }
            other => format!("{other:?}"),
        })
        .collect()
}

#[test]
fn markers_in_brackets_with_a_colon_after_them_close_the_section() {
    let doc = parse_str(
        "解決できること\n- 初動を理解できる\n初動対応の手引き\n状況を把握します。\n初動対応の手引き\n\
         【お客様社内でのご説明・コンセンサス】：\n・手順を共有します。\n【Perspective】：\n・準備が速さを決めます。\n",
    );
    assert_eq!(headings(&doc), ["s1 初動対応の手引き"]);
    assert_eq!(texts(doc.sections[0].consensus.as_deref().unwrap()), ["ul 手順を共有します。"]);
    assert_eq!(texts(doc.sections[0].perspective.as_deref().unwrap()), ["ul 準備が速さを決めます。"]);
}

#[test]
fn notes_and_continuations_are_paragraphs_not_subsections() {
    let doc = guide("端末を隔離します。\n※ 電源は切らないこと\n※ 記録を残すこと\n報告は速やかに行います。\n→ 経営層へ");
    assert_eq!(headings(&doc), ["s1 初動対応の手引き"]);
    assert_eq!(
        texts(&doc.sections[0].blocks),
        [
            "p 端末を隔離します。",
            "p ※ 電源は切らないこと",
            "p ※ 記録を残すこと",
            "p 報告は速やかに行います。",
            "p → 経営層へ"
        ]
    );
}

#[test]
fn an_indented_continuation_stays_with_its_bullet_and_an_indented_bullet_joins_the_list() {
    let doc =
        guide("補足は次のとおりです。\n・ログは消さない\n　→ 上書きにも注意\n　・LANケーブルを抜く\n・端末は触らない");
    assert_eq!(headings(&doc), ["s1 初動対応の手引き"]);
    assert_eq!(
        texts(&doc.sections[0].blocks),
        ["p 補足は次のとおりです。", "ul ログは消さない → 上書きにも注意 / LANケーブルを抜く / 端末は触らない"]
    );
    let warned: Vec<usize> =
        doc.diagnostics.0.iter().filter(|d| d.severity == Severity::Warning).filter_map(|d| d.line).collect();
    assert_eq!(warned, [7], "the indented bullet is named at its line: {:?}", doc.diagnostics);
}

#[test]
fn a_whole_list_indented_alike_is_not_nested() {
    let doc = guide("手順:\n　・ログを集める\n　・端末を隔離する");
    assert_eq!(texts(&doc.sections[0].blocks)[1], "ul ログを集める / 端末を隔離する");
    assert!(doc.diagnostics.0.iter().all(|d| d.severity != Severity::Warning), "{:?}", doc.diagnostics);
}

#[test]
fn rule_lines_separate_and_carry_no_content() {
    let doc = guide("状況を把握します。\n――――――――\nログを集めます。\n＝＝＝＝\n");
    assert_eq!(headings(&doc), ["s1 初動対応の手引き"]);
    assert_eq!(texts(&doc.sections[0].blocks), ["p 状況を把握します。", "p ログを集めます。"]);
}

#[test]
fn tab_separated_rows_are_a_table() {
    let doc = guide("連絡先は次のとおりです。\n役割\t担当\t連絡先\n責任者\t山田\t内線100\n広報\t鈴木\t内線200");
    assert_eq!(headings(&doc), ["s1 初動対応の手引き"]);
    assert_eq!(
        texts(&doc.sections[0].blocks),
        ["p 連絡先は次のとおりです。", "table 役割,担当,連絡先 | 責任者,山田,内線100 | 広報,鈴木,内線200"]
    );
}

#[test]
fn two_pipe_tables_a_blank_line_apart_stay_two_tables() {
    let doc = guide(
        "次の表を比べます。\n| 自社 | 値 |\n|---|---|\n| A | 1 |\n\n| 他社 | 値 | 備考 |\n|---|---|---|\n| B | 2 | 高い |",
    );
    assert_eq!(
        texts(&doc.sections[0].blocks),
        ["p 次の表を比べます。", "table 自社,値 | A,1", "table 他社,値,備考 | B,2,高い"]
    );
    assert!(doc.diagnostics.0.iter().all(|d| d.severity != Severity::Warning), "{:?}", doc.diagnostics);
}

#[test]
fn a_row_longer_than_its_header_keeps_every_cell() {
    let doc = guide("| 項目 | 値 |\n|---|---|\n| A | 1 | 補足 |");
    assert_eq!(texts(&doc.sections[0].blocks), ["table 項目,値, | A,1,補足"]);
    assert!(doc.diagnostics.0.iter().any(|d| d.severity == Severity::Warning && d.message.contains("3 cells")));
}
