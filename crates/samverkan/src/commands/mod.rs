//! One module per command (`generate` and `export` are a few lines, in
//! `main.rs`), and the table every command prints with.

pub(crate) mod alerts;
pub(crate) mod backup;
pub(crate) mod data;
pub(crate) mod deadlines;
pub(crate) mod serve;
pub(crate) mod users;

/// Prints rows under a header, with `comfy-table`. Cells longer than 70
/// characters are cut with "…", so that a long title does not push the
/// other columns off the screen.
pub(crate) fn print_table(header: &[&str], rows: &[Vec<String>]) {
    const MAX: usize = 70;
    let cut = |s: &str| -> String {
        if s.chars().count() > MAX {
            format!("{}…", s.chars().take(MAX - 1).collect::<String>())
        } else {
            s.to_string()
        }
    };
    let mut table = comfy_table::Table::new();
    table
        .load_preset(comfy_table::presets::ASCII_NO_BORDERS)
        .set_header(header.iter().copied());
    for row in rows {
        table.add_row(row.iter().map(|c| cut(c)));
    }
    println!("{table}");
}
