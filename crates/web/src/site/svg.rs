//! The overlap diagram: areas on the left, actors in the middle, shared
//! initiatives on the right, drawn as server-rendered SVG. Line style, not
//! colour, tells a national responsibility (thick, solid) from a contribution
//! (dashed) and an initiative (dotted). The matrix table beside it on the page
//! carries the same facts as text.

use std::fmt::Write;

use samverkan_domain::catalog::Catalog;
use samverkan_domain::model::AreaRole;
use samverkan_domain::{Actor, Initiative};

use super::Lang;

const WIDTH: i32 = 760;
const BOX_W: i32 = 200;
const BOX_H: i32 = 24;
const ROW: i32 = 32;
const TOP: i32 = 70;
const COLUMNS: [i32; 3] = [5, 280, 555];

use samverkan_search::escape_html as xml_escape;

fn short(actor: &Actor) -> &str {
    actor.short_name.as_deref().unwrap_or(&actor.name)
}

/// An initiative's label in at most two lines that fit a box, never cut:
/// its short name if it has one, else its name, broken at a space.
fn initiative_lines(i: &Initiative) -> Vec<String> {
    let text = i.short_name.clone().unwrap_or_else(|| i.name.clone());
    let mut lines = vec![String::new()];
    for word in text.split_whitespace() {
        let last = lines.last_mut().expect("one line at least");
        if !last.is_empty() && last.chars().count() + 1 + word.chars().count() > LINE_CHARS {
            lines.push(word.to_string());
        } else {
            if !last.is_empty() {
                last.push(' ');
            }
            last.push_str(word);
        }
    }
    lines
}

/// About this many characters fit on a line of a box.
const LINE_CHARS: usize = 27;

/// Places `n` boxes evenly over the height `rows` rows take.
fn spread(n: usize, rows: usize) -> Vec<i32> {
    let height = (rows.max(1) as i32) * ROW;
    let step = if n == 0 { 0 } else { height / n as i32 };
    (0..n as i32)
        .map(|i| TOP + i * step + (step - BOX_H) / 2)
        .collect()
}

fn node(svg: &mut String, x: i32, y: i32, lines: &[String], full: &str) {
    let height = BOX_H + (lines.len().max(1) as i32 - 1) * 14;
    let top = y - (height - BOX_H) / 2;
    let _ = write!(
        svg,
        r#"<g><title>{}</title><rect x="{x}" y="{top}" width="{BOX_W}" height="{height}" rx="4" class="node"/><text x="{}" y="{}">"#,
        xml_escape(full),
        x + 8,
        top + 16,
    );
    for (n, line) in lines.iter().enumerate() {
        let _ = write!(
            svg,
            r#"<tspan x="{}" dy="{}">{}</tspan>"#,
            x + 8,
            if n == 0 { 0 } else { 14 },
            xml_escape(line)
        );
    }
    svg.push_str("</text></g>");
}

/// The diagram for `actors` (those with an area or an initiative).
pub fn overlap_diagram(lang: Lang, catalog: &Catalog, actors: &[&Actor]) -> String {
    let initiatives: Vec<&Initiative> = catalog
        .initiatives()
        .iter()
        .filter(|i| i.participants.iter().any(|p| actors.iter().any(|a| a.id == *p)))
        .collect();
    let areas = catalog.areas();
    // Each actor sits near the areas it works in (the mean of their places,
    // its responsibilities counting double), so that fewer lines cross.
    let mut actors: Vec<&Actor> = actors.to_vec();
    let place = |a: &Actor| -> f64 {
        let (sum, weight) = a.areas.iter().fold((0.0, 0.0), |(s, w), l| {
            let i = areas.iter().position(|ar| ar.id == l.area).unwrap_or(areas.len()) as f64;
            let weight = if l.role == AreaRole::Responsible { 2.0 } else { 1.0 };
            (s + i * weight, w + weight)
        });
        if weight == 0.0 {
            areas.len() as f64
        } else {
            sum / weight
        }
    };
    actors.sort_by(|a, b| place(a).total_cmp(&place(b)));
    let actors = actors.as_slice();
    let rows = actors.len().max(areas.len()).max(initiatives.len() * 2);
    let height = TOP + rows as i32 * ROW + 20;
    let actor_y: Vec<i32> = (0..actors.len() as i32).map(|i| TOP + i * ROW).collect();
    let area_y = spread(areas.len(), rows);
    let initiative_y = spread(initiatives.len(), rows);

    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="overlap-title overlap-desc" class="diagram">"#
    );
    let _ = write!(
        svg,
        r#"<title id="overlap-title">{}</title><desc id="overlap-desc">{}</desc>"#,
        xml_escape(&lang.t("diagram-title")),
        xml_escape(&lang.t("diagram-desc"))
    );
    for (x, key) in COLUMNS
        .iter()
        .zip(["diagram-areas", "diagram-actors", "diagram-initiatives"])
    {
        let _ = write!(
            svg,
            r#"<text x="{x}" y="20" class="heading">{}</text>"#,
            xml_escape(&lang.t(key))
        );
    }
    // Legend: the three line styles, each named in words.
    for (i, (class, key)) in [
        ("responsible", "role-responsible"),
        ("contributes", "role-contributes"),
        ("initiative", "diagram-takes-part"),
    ]
    .iter()
    .enumerate()
    {
        let x = 10 + i as i32 * 250;
        let _ = write!(
            svg,
            r#"<line x1="{x}" y1="44" x2="{}" y2="44" class="{class}"/><text x="{}" y="48">{}</text>"#,
            x + 40,
            x + 48,
            xml_escape(&lang.t(key))
        );
    }
    for (a, ay) in actors.iter().zip(&actor_y) {
        for link in &a.areas {
            if let Some(j) = areas.iter().position(|ar| ar.id == link.area) {
                let class = match link.role {
                    AreaRole::Responsible => "responsible",
                    AreaRole::Contributes => "contributes",
                };
                let _ = write!(
                    svg,
                    r#"<line x1="{}" y1="{}" x2="{}" y2="{}" class="{class}"/>"#,
                    COLUMNS[0] + BOX_W,
                    area_y[j] + BOX_H / 2,
                    COLUMNS[1],
                    ay + BOX_H / 2
                );
            }
        }
        for (k, i) in initiatives.iter().enumerate() {
            if i.participants.contains(&a.id) {
                let _ = write!(
                    svg,
                    r#"<line x1="{}" y1="{}" x2="{}" y2="{}" class="initiative"/>"#,
                    COLUMNS[1] + BOX_W,
                    ay + BOX_H / 2,
                    COLUMNS[2],
                    initiative_y[k] + BOX_H / 2
                );
            }
        }
    }
    for (area, y) in areas.iter().zip(&area_y) {
        let label = super::common::area_label(lang, area);
        node(&mut svg, COLUMNS[0], *y, std::slice::from_ref(&label), &label);
    }
    for (a, y) in actors.iter().zip(&actor_y) {
        node(&mut svg, COLUMNS[1], *y, &[short(a).to_string()], &a.name);
    }
    for (i, y) in initiatives.iter().zip(&initiative_y) {
        node(&mut svg, COLUMNS[2], *y, &initiative_lines(i), &i.name);
    }
    svg.push_str("</svg>");
    svg
}
