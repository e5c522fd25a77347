//! The start screen as static HTML, written into the built `index.html` so that it paints, and
//! can be read and used, before the WebAssembly has arrived; and the texts the app's own start
//! screen shares with it, so that the two are the same page.
//!
//! `library build` writes it between two markers of `index.html` whenever the library changes,
//! from the CLI and the npm package alike. The app renders into a hidden root; once it has the
//! library's manifest it removes the static screen and shows its own, the same screen in the
//! same place, keeping what was typed. The cards are links to `#/policy/<id>`, so a policy
//! chosen before the app runs opens when it does.

use crate::manifest::{Entry, Manifest};

/// The markers in `index.html` between which the start screen goes.
pub const BEGIN: &str = "<!-- precheck:start -->";
pub const END: &str = "<!-- precheck:end -->";
/// The element the app removes when its own start screen is ready, and the app's root, hidden
/// until then.
pub const STATIC_ID: &str = "precheck-start";
pub const APP_ID: &str = "precheck-app";
/// The static screen's search box (the app's is `policy-search`).
pub const STATIC_SEARCH_ID: &str = "start-search";

pub const SKIP: &str = "Skip to the form";
pub const NAME: &str = "Precheck";
pub const TAGLINE: &str = "Prior-authorization pre-screen. It runs in this browser: answers never leave this device.";
pub const PICKER_TITLE: &str = "Which policy?";
pub const SEARCH_LABEL: &str = "Search by drug, procedure, policy id or HCPCS/CPT code";

/// How many policies a search finds, as the screen says it.
pub fn count_text(n: usize) -> String {
    match n {
        0 => "No policy matches.".to_owned(),
        1 => "1 policy matches.".to_owned(),
        n => format!("{n} policies match."),
    }
}

/// An example of each way to search, taken from the library itself (a keyword of one policy,
/// another's id, a code), so that no policy is named in code.
pub fn placeholder(library: &Manifest) -> String {
    let all = &library.policies;
    let keyword = all.first().and_then(|p| p.keywords.first()).map(String::as_str);
    let id = all.get(1).or(all.first()).map(|p| p.id.as_str());
    let code = all.iter().find_map(|p| p.codes.first()).map(|c| c.code.as_str());
    let examples: Vec<&str> = [keyword, id, code].into_iter().flatten().collect();
    if examples.is_empty() {
        String::new()
    } else {
        format!("e.g. {}", examples.join(", "))
    }
}

/// A card's two lines under its title: id, issuer and lines of business; the last review.
pub fn card_lines(p: &Entry) -> [String; 2] {
    let lobs: Vec<&str> = p.lines_of_business.iter().map(|l| l.label()).collect();
    [
        format!("{} · {} · {}", p.id, p.issuer, lobs.join(", ")),
        format!("Last reviewed {}", p.last_review),
    ]
}

/// The start screen, as the markup between the markers.
pub fn render(manifest: &Manifest) -> String {
    let mut h = String::with_capacity(4096);
    let found = manifest.search("");
    h.push_str(&format!("<div id=\"{STATIC_ID}\">"));
    h.push_str(&format!(
        "<a class=\"skip\" href=\"#{STATIC_ID}-main\">{}</a>",
        text(SKIP)
    ));
    h.push_str(&format!(
        "<header class=\"masthead\"><h1>{}</h1><p class=\"tagline\">{}</p></header>",
        text(NAME),
        text(TAGLINE)
    ));
    h.push_str(&format!("<main id=\"{STATIC_ID}-main\" tabindex=\"-1\">"));
    h.push_str("<section class=\"picker\" aria-labelledby=\"start-title\">");
    h.push_str(&format!("<h2 id=\"start-title\">{}</h2>", text(PICKER_TITLE)));
    h.push_str(&format!(
        "<label for=\"{STATIC_SEARCH_ID}\">{}</label>",
        text(SEARCH_LABEL)
    ));
    h.push_str(&format!(
        "<input id=\"{STATIC_SEARCH_ID}\" type=\"search\" autocomplete=\"off\" placeholder=\"{}\" aria-describedby=\"start-count\">",
        attr(&placeholder(manifest))
    ));
    h.push_str(&format!(
        "<p id=\"start-count\" class=\"hint\" aria-live=\"polite\">{}</p>",
        text(&count_text(found.len()))
    ));
    h.push_str("<ul class=\"policy-list\">");
    for p in found {
        let [meta, review] = card_lines(p);
        h.push_str(&format!(
            "<li><a class=\"button policy-card\" href=\"#/policy/{}\" data-policy=\"{}\"><span class=\"policy-title\">{}</span><span class=\"policy-meta\">{}</span><span class=\"policy-meta\">{}</span></a></li>",
            attr(&percent(&p.id)),
            attr(&p.id),
            text(&p.title),
            text(&meta),
            text(&review)
        ));
    }
    h.push_str("</ul></section></main>");
    h.push_str(&format!("<footer class=\"caveat\">{}</footer>", text(criteria::CAVEAT)));
    h.push_str("</div>");
    h
}

/// `index.html` with the start screen between its markers (replacing what was there).
pub fn with_start_screen(page: &str, manifest: &Manifest) -> Result<String, String> {
    let missing = || format!("index.html has no `{BEGIN}` ... `{END}` markers (was it built by `trunk build`?)");
    let begin = page.find(BEGIN).ok_or_else(missing)? + BEGIN.len();
    let end = begin + page[begin..].find(END).ok_or_else(missing)?;
    Ok(format!("{}{}{}", &page[..begin], render(manifest), &page[end..]))
}

/// Text content, escaped.
fn text(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// An attribute value (double-quoted), escaped.
fn attr(s: &str) -> String {
    text(s).replace('"', "&quot;")
}

/// A policy id in the address, as the app's routes write it.
fn percent(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    fn manifest() -> Manifest {
        serde_json::from_str(
            r#"{"format": 1, "policies": [{"id": "X.1", "title": "Drug <X> & co", "subject": "s",
            "issuer": "Plan \"A\"", "plan": "p", "lines_of_business": ["medicaid"], "last_review": "2026-01",
            "keywords": ["drugx"], "codes": [{"code": "J0001", "system": "HCPCS", "label": "x"}],
            "file": "x.json", "sha256": "00"}]}"#,
        )
        .expect("a manifest")
    }

    #[test]
    fn the_start_screen_escapes_what_the_library_says_and_goes_between_the_markers() {
        let m = manifest();
        let page = format!("<body>{BEGIN}<noscript>n</noscript>{END}</body>");
        let out = with_start_screen(&page, &m).unwrap();
        assert!(
            out.starts_with(&format!("<body>{BEGIN}<div id=\"{STATIC_ID}\">")),
            "{out}"
        );
        assert!(out.ends_with(&format!("</footer></div>{END}</body>")), "{out}");
        assert!(out.contains("Drug &lt;X&gt; &amp; co"), "{out}");
        assert!(out.contains("href=\"#/policy/X.1\" data-policy=\"X.1\""), "{out}");
        assert!(out.contains("placeholder=\"e.g. drugx, X.1, J0001\""), "{out}");
        assert!(out.contains("1 policy matches."));
        // Once more on its own output: the same page, not a second copy.
        assert_eq!(with_start_screen(&out, &m).unwrap(), out);
        assert!(with_start_screen("<body></body>", &m).is_err());
    }
}
