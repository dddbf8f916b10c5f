//! The status page: how far the migration has come, per scheme, at a glance.
//!
//! A self-contained HTML page (no script, no external asset, so it renders from the loopback
//! admin listener of a locked-down host): the overall share migrated as a headline and a bar,
//! then one stacked bar per scheme (migrated, still legacy, locked) with its counts and failed
//! logins. It reloads itself every 30 seconds.

use std::fmt::Write;

use crate::store::SchemeCensus;

const MIGRATED: &str = "#2e7d32";
const LEGACY: &str = "#f9a825";
const LOCKED: &str = "#9e9e9e";

/// Escape text for HTML.
fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&#39;")
}

fn pct(part: u64, whole: u64) -> f64 {
    if whole == 0 {
        0.0
    } else {
        part as f64 * 100.0 / whole as f64
    }
}

/// The page for `census`, read from an `engine` store.
pub fn page(census: &[SchemeCensus], engine: &str) -> String {
    let total: u64 = census
        .iter()
        .map(|c| c.legacy + c.migrated + c.locked)
        .sum();
    let migrated: u64 = census.iter().map(|c| c.migrated).sum();
    let legacy: u64 = census.iter().map(|c| c.legacy).sum();
    let failed: u64 = census.iter().map(|c| c.failed_logins).sum();
    let share = pct(migrated, total);

    let width = 640.0_f64;
    let label_w = 170.0_f64;
    let bar_w = width - label_w - 150.0;
    let row_h = 34.0_f64;
    let height = row_h * census.len().max(1) as f64 + 30.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        r#"<svg id="chart" role="img" aria-label="accounts per scheme" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}">"#
    );
    let widest = census
        .iter()
        .map(|c| c.legacy + c.migrated + c.locked)
        .max()
        .unwrap_or(0)
        .max(1);
    for (i, c) in census.iter().enumerate() {
        let y = 10.0 + row_h * i as f64;
        let n = c.legacy + c.migrated + c.locked;
        let scale = bar_w / widest as f64;
        let _ = write!(
            svg,
            r#"<text x="0" y="{ty}" font-size="14" font-family="sans-serif">{name}</text>"#,
            ty = y + 16.0,
            name = esc(&c.scheme)
        );
        let mut x = label_w;
        for (count, colour, what) in [
            (c.migrated, MIGRATED, "migrated"),
            (c.legacy, LEGACY, "legacy"),
            (c.locked, LOCKED, "locked"),
        ] {
            let w = count as f64 * scale;
            if count > 0 {
                let _ = write!(
                    svg,
                    r#"<rect class="{what}" x="{x:.1}" y="{y}" width="{w:.1}" height="22" fill="{colour}"><title>{what}: {count}</title></rect>"#
                );
            }
            x += w;
        }
        let _ = write!(
            svg,
            r#"<text x="{tx:.1}" y="{ty}" font-size="13" font-family="sans-serif">{m}/{n} ({p:.0}%)</text>"#,
            tx = label_w + bar_w + 8.0,
            ty = y + 16.0,
            m = c.migrated,
            p = pct(c.migrated, n)
        );
    }
    svg.push_str("</svg>");

    let mut rows = String::new();
    for c in census {
        let n = c.legacy + c.migrated + c.locked;
        let _ = write!(
            rows,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.1}%</td></tr>",
            esc(&c.scheme),
            c.migrated,
            c.legacy,
            c.locked,
            c.failed_logins,
            pct(c.migrated, n)
        );
    }
    format!(
        r#"<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="30">
<title>hashbridge migration status</title>
<style>
body {{ font-family: sans-serif; margin: 2em; color: #212121; }}
h1 {{ font-size: 1.4em; margin-bottom: 0.2em; }}
.headline {{ font-size: 2.4em; font-weight: bold; }}
.progress {{ width: 640px; height: 18px; background: {LEGACY}; border-radius: 3px; overflow: hidden; margin: 0.5em 0 1em; }}
.progress div {{ height: 100%; background: {MIGRATED}; }}
.legend span {{ display: inline-block; margin-right: 1.5em; }}
.legend i {{ display: inline-block; width: 12px; height: 12px; margin-right: 0.4em; vertical-align: middle; }}
table {{ border-collapse: collapse; margin-top: 1em; }}
td, th {{ border-bottom: 1px solid #ddd; padding: 0.3em 0.8em; text-align: right; }}
td:first-child, th:first-child {{ text-align: left; }}
.muted {{ color: #757575; font-size: 0.9em; }}
</style></head>
<body>
<h1>Password migration</h1>
<div class="headline" id="share">{share:.1}% migrated</div>
<div class="muted">{migrated} of {total} accounts have logged in once and moved; {legacy} still on legacy hashes; failed logins: {failed}. Store: {engine}.</div>
<div class="progress" title="{share:.1}% migrated"><div style="width: {share:.2}%"></div></div>
<div class="legend"><span><i style="background:{MIGRATED}"></i>migrated</span><span><i style="background:{LEGACY}"></i>legacy</span><span><i style="background:{LOCKED}"></i>locked</span></div>
{svg}
<table id="schemes"><thead><tr><th>scheme</th><th>migrated</th><th>legacy</th><th>locked</th><th>failed logins</th><th>migrated share</th></tr></thead>
<tbody>{rows}</tbody></table>
</body></html>
"#,
        engine = esc(engine),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_page_shows_every_scheme_and_escapes_names() {
        let page = page(
            &[
                SchemeCensus {
                    scheme: "md5_crypt".into(),
                    legacy: 3,
                    migrated: 1,
                    locked: 0,
                    failed_logins: 2,
                },
                SchemeCensus {
                    scheme: "<b>".into(),
                    legacy: 0,
                    migrated: 0,
                    locked: 1,
                    failed_logins: 0,
                },
            ],
            "sqlite",
        );
        assert!(page.contains("20.0% migrated"), "{page}");
        assert!(page.contains("&lt;b&gt;") && !page.contains("<b>"));
        assert!(page.contains(r#"class="migrated""#));
        assert!(page.contains("1/4 (25%)"));
        // Empty stores render too.
        assert!(super::page(&[], "postgres").contains("0.0% migrated"));
    }
}
