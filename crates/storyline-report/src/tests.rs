//! Whole-report tests: a hand-made two-article corpus, snapshotted in every format,
//! plus the span invariant and the escaping of hostile input.

use chrono::NaiveDate;
use storyline_model::{
    AliasLink, Article, ChangeKind, Citation, Comparison, CorpusAnalysis, DateMethod, Dateline,
    Diagnostic, Doc, Entity, EntityKind, Event, EventSources, Explanation, Granularity, LinkMethod,
    MetaSource, Quantity, Quote, QuoteKind, Removed, RevisedArticle, SentenceChange, SourceGroup,
    Sourced, Span, SpeakerMethod, Story, TimeExpr, TimelineEntry,
};

use crate::{to_html, to_json, to_markdown, write_json, Report};

const AP: &str = "9f3c0a7d5e2b1c4f";
const REUTERS: &str = "1a2b3c4d5e6f7081";

const AP_TEXT: &str = "BRUSSELS (AP) — Serbia and Kosovo reached a deal on Wednesday to end a dispute over \
licence plates, the EU’s foreign policy chief Josep Borrell said.\n\n“We have a deal,” Borrell tweeted. \
About 6,300 ethnic Serbs had quit their jobs in protest.\n\nThe two fought a war in 1999.";

const REUTERS_TEXT: &str = "Serbia and Kosovo agreed late on Wednesday to defuse a row over car plates, \
EU envoy Miroslav Lajčák said.\n\nSome 10,000 Serbs had resigned from Kosovo institutions, Lajčák said. \
Serbian President Aleksandar Vučić called it “a step forward”.";

/// Byte range of the `nth` occurrence (0-based) of `needle` in `text`.
fn find(text: &str, needle: &str, nth: usize) -> (usize, usize) {
    let start = text
        .match_indices(needle)
        .nth(nth)
        .unwrap_or_else(|| panic!("{needle:?} not in the text"))
        .0;
    (start, start + needle.len())
}

fn cite(id: &str, text: &str, needle: &str) -> Citation {
    let (start, end) = find(text, needle, 0);
    Citation::new(id, text, start, end)
}

/// An alias linked only by the corpus-wide merge.
fn corpus_link(alias: &str) -> AliasLink {
    AliasLink {
        alias: alias.into(),
        method: LinkMethod::Corpus,
        confidence: 0.7,
    }
}

fn date(
    text: &str,
    needle: &str,
    value: Option<&str>,
    granularity: Granularity,
    method: DateMethod,
) -> TimeExpr {
    let (start, end) = find(text, needle, 0);
    TimeExpr {
        text: needle.into(),
        start,
        end,
        value: value.map(Into::into),
        granularity,
        method,
        confidence: 0.8,
    }
}

fn quantity(text: &str, needle: &str, value: f64, counts: &str, approx: &str) -> Quantity {
    let (start, end) = find(text, needle, 0);
    Quantity {
        text: needle.into(),
        start,
        end,
        value,
        unit: None,
        counts: Some(counts.into()),
        approx: Some(approx.into()),
    }
}

fn article(id: &str, source: &str, outlet: &str, title: &str, day: u32, text: &str) -> Article {
    Article {
        url: Some(format!("https://example.org/{id}")),
        title: Some(Sourced::new(title.into(), MetaSource::HtmlMeta)),
        ..Article::new(id, source, text)
            .given_outlet(outlet)
            .given_published(NaiveDate::from_ymd_opt(2022, 11, day).unwrap())
    }
}

/// Two articles on one event of one story, with a quote each and a conflict between them.
fn fixture() -> (Vec<Doc>, CorpusAnalysis, Vec<Diagnostic>) {
    let mut ap = Doc::new(Article {
        byline: Some("By Lorne Cook".into()),
        dateline: Some(Dateline {
            place: "BRUSSELS".into(),
            agency: Some("AP".into()),
            start: 0,
            end: "BRUSSELS (AP) —".len(),
        }),
        removed: vec![Removed {
            text: "Read more: EU news".into(),
            reason: "read-more".into(),
        }],
        ..article(
            AP,
            "seeds/000_ap.txt",
            "Associated Press",
            "Serbia, Kosovo reach deal on plates",
            23,
            AP_TEXT,
        )
    });
    ap.dates = vec![
        date(
            AP_TEXT,
            "1999",
            Some("1999"),
            Granularity::Year,
            DateMethod::Absolute,
        ),
        date(
            AP_TEXT,
            "Wednesday",
            Some("2022-11-23"),
            Granularity::Day,
            DateMethod::Anchored,
        ),
    ];
    let (start, end) = find(AP_TEXT, "We have a deal", 0);
    let (s_start, s_end) = find(AP_TEXT, "Borrell", 1);
    ap.quotes = vec![Quote {
        text: "We have a deal".into(),
        start,
        end,
        parts: Vec::new(),
        kind: QuoteKind::Direct,
        speaker: Some("Josep Borrell".into()),
        speaker_span: Some(Span::new(s_start, s_end)),
        cue: Some("tweeted".into()),
        method: SpeakerMethod::CueVerb,
        confidence: 0.9,
    }];
    ap.quantities = vec![quantity(
        AP_TEXT,
        "About 6,300 ethnic Serbs",
        6300.0,
        "ethnic Serbs",
        "About",
    )];

    let mut reuters = Doc::new(article(
        REUTERS,
        "seeds/001_reuters.txt",
        "Reuters",
        "Serbia and Kosovo defuse car plate row",
        24,
        REUTERS_TEXT,
    ));
    reuters.dates = vec![date(
        REUTERS_TEXT,
        "late on Wednesday",
        Some("2022-11-23"),
        Granularity::Day,
        DateMethod::Anchored,
    )];
    let (start, end) = find(REUTERS_TEXT, "a step forward", 0);
    reuters.quotes = vec![Quote {
        text: "a step forward".into(),
        start,
        end,
        parts: Vec::new(),
        kind: QuoteKind::Direct,
        speaker: Some("Aleksandar Vučić".into()),
        speaker_span: None,
        cue: Some("called it".into()),
        method: SpeakerMethod::CueVerb,
        confidence: 0.75,
    }];
    reuters.quantities = vec![quantity(
        REUTERS_TEXT,
        "Some 10,000 Serbs",
        10000.0,
        "Serbs",
        "Some",
    )];

    let ap_lead =
        "Serbia and Kosovo reached a deal on Wednesday to end a dispute over licence plates, \
the EU’s foreign policy chief Josep Borrell said.";
    let reuters_lead =
        "Serbia and Kosovo agreed late on Wednesday to defuse a row over car plates, \
EU envoy Miroslav Lajčák said.";
    let analysis = CorpusAnalysis {
        event_sources: Vec::new(),
        revised: Vec::new(),
        assignments: Vec::new(),
        duplicates: Vec::new(),
        events: vec![Event {
            id: "e-plates".into(),
            date: Some("2022-11-23".parse().unwrap()),
            title: "Serbia and Kosovo agree to end the licence-plate dispute".into(),
            articles: vec![REUTERS.into(), AP.into()],
            summary: vec![
                cite(AP, AP_TEXT, ap_lead),
                cite(AP, AP_TEXT, "“We have a deal,” Borrell tweeted."),
                cite(
                    REUTERS,
                    REUTERS_TEXT,
                    "Some 10,000 Serbs had resigned from Kosovo institutions, Lajčák said.",
                ),
            ],
        }],
        stories: vec![Story {
            id: "s-plates".into(),
            title: "Serbia–Kosovo licence-plate dispute".into(),
            events: vec!["e-plates".into()],
            summary: vec![cite(AP, AP_TEXT, ap_lead)],
        }],
        entities: vec![
            Entity {
                name: "Josep Borrell".into(),
                kind: EntityKind::Person,
                aliases: vec![
                    "Borrell".into(),
                    "the EU’s foreign policy chief".into(),
                    "Borrell".into(),
                ],
                mentions: vec![
                    cite(AP, AP_TEXT, "Borrell tweeted"),
                    cite(AP, AP_TEXT, "Josep Borrell"),
                ],
                alias_links: vec![
                    corpus_link("Borrell"),
                    corpus_link("the EU’s foreign policy chief"),
                ],
            },
            Entity {
                name: "Aleksandar Vučić".into(),
                kind: EntityKind::Person,
                aliases: vec!["Serbian President".into()],
                mentions: vec![cite(REUTERS, REUTERS_TEXT, "Aleksandar Vučić")],
                alias_links: vec![corpus_link("Serbian President")],
            },
        ],
        timeline: vec![
            TimelineEntry {
                reported_by: Vec::new(),
                date: "2022-11-23".parse().unwrap(),
                text: "Serbia and Kosovo reach a deal on licence plates.".into(),
                sources: vec![AP.into(), REUTERS.into()],
                citations: vec![
                    cite(REUTERS, REUTERS_TEXT, reuters_lead),
                    cite(AP, AP_TEXT, ap_lead),
                ],
                story: "s-plates".into(),
                background: false,
                salience: 4.5,
                summary: vec![cite(REUTERS, REUTERS_TEXT, reuters_lead)],
            },
            TimelineEntry {
                reported_by: Vec::new(),
                date: "1999".parse().unwrap(),
                text: "Serbia and Kosovo fought a war.".into(),
                sources: vec![AP.into()],
                citations: vec![cite(AP, AP_TEXT, "The two fought a war in 1999.")],
                story: "s-plates".into(),
                background: true,
                salience: 1.5,
                summary: vec![cite(AP, AP_TEXT, "The two fought a war in 1999.")],
            },
        ],
        corroborations: vec![Comparison {
            reported_by: Vec::new(),
            what: "a deal was reached on 'Wednesday'".into(),
            claims: vec![
                cite(AP, AP_TEXT, ap_lead),
                cite(REUTERS, REUTERS_TEXT, reuters_lead),
            ],
            outlets: vec!["Associated Press".into(), "Reuters".into()],
            ..Default::default()
        }],
        conflicts: vec![Comparison {
            reported_by: Vec::new(),
            what: "how many Serbs quit Kosovo institutions".into(),
            claims: vec![
                cite(
                    REUTERS,
                    REUTERS_TEXT,
                    "Some 10,000 Serbs had resigned from Kosovo institutions, Lajčák said.",
                ),
                cite(
                    AP,
                    AP_TEXT,
                    "About 6,300 ethnic Serbs had quit their jobs in protest.",
                ),
            ],
            outlets: vec!["Reuters".into(), "Associated Press".into()],
            ..Default::default()
        }],
        ..Default::default()
    };
    let diagnostics = vec![Diagnostic {
        source: "seeds/broken.html".into(),
        message: "could not read: invalid UTF-8 at byte 17".into(),
    }];
    // Reuters first on input: the report must still put the earlier AP story first.
    (vec![reuters, ap], analysis, diagnostics)
}

fn report() -> Report {
    let (docs, analysis, diagnostics) = fixture();
    Report::build(&docs, &analysis, &diagnostics)
}

/// Every span-bearing item of the report as (kind, article id, start, end, text).
fn spans(report: &Report) -> Vec<(&'static str, String, usize, usize, String)> {
    let mut out = Vec::new();
    let mut cite = |kind, c: &Citation| {
        out.push((
            kind,
            c.article.to_string(),
            c.start,
            c.end,
            c.text.to_string(),
        ))
    };
    report
        .entities
        .iter()
        .flat_map(|e| &e.mentions)
        .for_each(|c| cite("mention", c));
    report
        .events
        .iter()
        .flat_map(|e| &e.summary)
        .for_each(|c| cite("event summary", c));
    report
        .stories
        .iter()
        .flat_map(|s| &s.summary)
        .for_each(|c| cite("story summary", c));
    report
        .timeline
        .iter()
        .flat_map(|t| t.citations.iter().chain(&t.summary))
        .for_each(|c| cite("timeline", c));
    report
        .corroborations
        .iter()
        .flat_map(|x| &x.claims)
        .for_each(|c| cite("corroboration", c));
    report
        .conflicts
        .iter()
        .flat_map(|x| &x.claims)
        .for_each(|c| cite("conflict", c));
    for a in &report.articles {
        if let Some(d) = &a.dateline {
            out.push(("dateline", a.id.clone(), d.start, d.end, d.text.clone()));
        }
    }
    for d in &report.dates {
        out.push(("date", d.article.clone(), d.start, d.end, d.text.clone()));
    }
    for q in &report.quotes {
        out.push((
            "quote",
            q.article.to_string(),
            q.start,
            q.end,
            q.text.clone(),
        ));
        if let Some(s) = &q.speaker_mention {
            out.push((
                "speaker",
                q.article.to_string(),
                s.start,
                s.end,
                s.text.to_string(),
            ));
        }
    }
    for q in &report.quantities {
        out.push((
            "quantity",
            q.article.clone(),
            q.start,
            q.end,
            q.text.clone(),
        ));
    }
    out
}

fn assert_spans_slice_exactly(report: &Report) -> usize {
    let all = spans(report);
    for (kind, id, start, end, text) in &all {
        let article = report
            .articles
            .iter()
            .find(|a| &a.id == id)
            .expect("cited article is in the report");
        let bytes = article
            .text
            .as_bytes()
            .get(*start..*end)
            .expect("span inside the text");
        assert_eq!(
            std::str::from_utf8(bytes),
            Ok(text.as_str()),
            "{kind} at {start}..{end} of {id}"
        );
    }
    all.len()
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("report_json", to_json(&report()));
}

#[test]
fn streamed_json_is_the_rendered_json() {
    let mut written = Vec::new();
    write_json(&report(), &mut written).unwrap();
    assert_eq!(String::from_utf8(written).unwrap(), to_json(&report()));
}

#[test]
fn markdown_snapshot() {
    insta::assert_snapshot!("report_markdown", to_markdown(&report()));
}

#[test]
fn html_snapshot() {
    insta::assert_snapshot!("report_html", to_html(&report()));
}

#[test]
fn every_span_slices_its_article_text() {
    let report = report();
    assert_eq!(assert_spans_slice_exactly(&report), 25);
    // Nothing was repaired: the only diagnostic is the one given.
    assert_eq!(report.diagnostics.len(), 1);
}

#[test]
fn order_is_deterministic() {
    let report = report();
    let ids: Vec<&str> = report.articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(
        ids,
        [AP, REUTERS],
        "by publication date, not id or input order"
    );
    assert_eq!(report.events[0].articles, [AP, REUTERS]);
    let dates: Vec<&str> = report.dates.iter().map(|d| d.text.as_str()).collect();
    assert_eq!(dates, ["Wednesday", "1999", "late on Wednesday"]);
    let timeline: Vec<String> = report.timeline.iter().map(|t| t.date.iso()).collect();
    assert_eq!(timeline, ["1999", "2022-11-23"]);
    // Conflict claims are re-ordered by article, keeping their outlets beside them.
    assert_eq!(report.conflicts[0].claims[0].article, AP);
    assert_eq!(report.conflicts[0].outlets, ["Associated Press", "Reuters"]);
    let names: Vec<&str> = report.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["Aleksandar Vučić", "Josep Borrell"]);
    assert_eq!(
        report.entities[1].aliases,
        ["Borrell", "the EU’s foreign policy chief"]
    );
    assert_eq!(report.entities[1].mentions[0].text, "Josep Borrell");

    let (mut docs, analysis, diagnostics) = fixture();
    docs.reverse();
    assert_eq!(Report::build(&docs, &analysis, &diagnostics), report);
}

#[test]
fn a_report_built_from_owned_inputs_is_the_same_report() {
    let (mut docs, analysis, diagnostics) = fixture();
    // What build_owned frees first: each document's mentions and sentences.
    for entity in &analysis.entities {
        for cited in &entity.mentions {
            if let Some(doc) = docs.iter_mut().find(|d| d.article.id == cited.article) {
                doc.mentions.push(storyline_model::Mention {
                    text: cited.text.clone(),
                    start: cited.start,
                    end: cited.end,
                    kind: entity.kind,
                    entity: entity.name.as_str().into(),
                    method: storyline_model::LinkMethod::Name,
                    confidence: 0.9,
                });
            }
        }
    }
    for doc in &mut docs {
        doc.sentences = vec![storyline_model::Span::new(0, doc.article.text.len())];
    }
    assert!(docs.iter().any(|d| !d.mentions.is_empty()));
    // A second copy of an article, reported as such and not listed: its
    // lists, taken from it like the others', must not stand in for the first's.
    let mut copy = docs[0].clone();
    copy.article.source = format!("~{}", copy.article.source);
    copy.dates.truncate(1);
    copy.quotes.clear();
    docs.insert(0, copy);
    assert!(docs
        .iter()
        .any(|d| !d.dates.is_empty() && !d.quotes.is_empty()));
    assert!(docs.iter().any(|d| !d.quantities.is_empty()));
    let borrowed = Report::build(&docs, &analysis, &diagnostics);
    assert_eq!(Report::build_owned(docs, analysis, &diagnostics), borrowed);
}

#[test]
fn json_round_trips_and_has_the_contract_keys() {
    let report = report();
    let json = to_json(&report);
    assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), report);

    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    let keys =
        |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
    for key in [
        "meta",
        "articles",
        "dates",
        "entities",
        "quotes",
        "quantities",
        "duplicates",
        "events",
        "stories",
        "timeline",
        "corroborations",
        "conflicts",
        "diagnostics",
    ] {
        assert!(value.get(key).is_some(), "missing top-level key {key}");
    }
    let article = keys(&value["articles"][0]);
    for key in [
        "id",
        "source",
        "url",
        "outlet",
        "outlet_from",
        "title",
        "published",
        "published_from",
        "byline",
        "dateline",
        "text",
        "removed",
    ] {
        assert!(article.contains(&key.to_string()), "article lacks {key}");
    }
    assert_eq!(value["articles"][0]["outlet_from"], "given");
    assert_eq!(value["articles"][0]["published"], "2022-11-23");
    assert_eq!(value["quotes"][0]["speaker"], "Josep Borrell");
    assert_eq!(value["quantities"][0]["value"], 6300.0);
    assert_eq!(
        value["meta"]["generator"],
        format!("storyline {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn broken_spans_are_repaired_or_dropped_with_a_diagnostic() {
    let (mut docs, mut analysis, diagnostics) = fixture();
    // Char offsets where byte offsets belong: the text still occurs, so it is re-anchored.
    let quote = &mut docs[1].quotes[0];
    quote.start -= 2;
    quote.end -= 2;
    // A summary sentence whose text is not in the article at all: dropped.
    analysis.events[0].summary[1].text = "Words nobody wrote.".into();
    // A claim from an article that is not in the corpus: dropped.
    analysis.conflicts[0].claims[0].article = "ffffffffffffffff".into();
    let report = Report::build(&docs, &analysis, &diagnostics);

    assert_spans_slice_exactly(&report);
    assert_eq!(report.quotes[0].text, "We have a deal");
    assert_eq!(report.events[0].summary.len(), 2);
    assert_eq!(report.conflicts[0].claims.len(), 1);
    let messages: Vec<&str> = report
        .diagnostics
        .iter()
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(messages.len(), 4, "{messages:#?}");
    assert!(messages
        .iter()
        .any(|m| m.starts_with("report: quote at") && m.contains("re-anchored")));
    assert!(messages
        .iter()
        .any(|m| m.contains("dropped summary sentence of event e-plates")));
    assert!(messages
        .iter()
        .any(|m| m.contains("ffffffffffffffff is not in the report")));
    assert_eq!(report.meta.n_diagnostics, 4);
}

const XSS: &str =
    "<script>alert(1)</script>\"><img src=x onerror=alert(2)>'[x](javascript:alert(3))&amp;";

/// The fixture with hostile markup in every string a report carries.
fn hostile_report() -> Report {
    let text = format!("{XSS} said {XSS}.\n\n“{XSS}” {XSS} 5 {XSS} in {XSS}.");
    let id = format!("{XSS}id");
    let all = (0, text.len());
    let said = find(&text, " said ", 0);
    let quoted = find(&text, XSS, 2);
    let c = |start: usize, end: usize| Citation::new(&id, &text, start, end);
    let mut doc = Doc::new(Article {
        id: id.clone(),
        source: XSS.into(),
        url: Some(format!("javascript:alert(4)//{XSS}")),
        outlet: Some(Sourced::new(XSS.into(), MetaSource::Given)),
        title: Some(Sourced::new(XSS.into(), MetaSource::Given)),
        byline: Some(XSS.into()),
        // Dated, so the coverage chart draws the hostile outlet.
        published: Some(Sourced::new(
            NaiveDate::from_ymd_opt(2022, 11, 23).unwrap(),
            MetaSource::Given,
        )),
        modified: None,
        language: None,
        dateline: Some(Dateline {
            place: XSS.into(),
            agency: Some(XSS.into()),
            start: 0,
            end: XSS.len(),
        }),
        text: text.clone(),
        removed: vec![Removed {
            text: XSS.into(),
            reason: XSS.into(),
        }],
        limits: Vec::new(),
    });
    doc.dates = vec![TimeExpr {
        text: XSS.into(),
        start: 0,
        end: XSS.len(),
        value: Some(XSS.into()),
        granularity: Granularity::Day,
        method: DateMethod::Anchored,
        confidence: 0.5,
    }];
    doc.quotes = vec![
        Quote {
            text: XSS.into(),
            start: quoted.0,
            end: quoted.1,
            parts: Vec::new(),
            kind: QuoteKind::Direct,
            speaker: Some(XSS.into()),
            speaker_span: Some(Span::new(0, XSS.len())),
            cue: Some(XSS.into()),
            method: SpeakerMethod::CueVerb,
            confidence: 0.5,
        },
        Quote {
            text: XSS.into(),
            start: 0,
            end: XSS.len(),
            parts: Vec::new(),
            kind: QuoteKind::Indirect,
            speaker: None,
            speaker_span: None,
            cue: None,
            method: SpeakerMethod::Unattributed,
            confidence: 0.1,
        },
    ];
    let five = find(&text, "5", 0);
    doc.quantities = vec![Quantity {
        text: "5".into(),
        start: five.0,
        end: five.1,
        value: 5.0,
        unit: Some(XSS.into()),
        counts: Some(XSS.into()),
        approx: Some(XSS.into()),
    }];
    let comparison = Comparison {
        reported_by: Vec::new(),
        what: XSS.into(),
        claims: vec![c(0, XSS.len()), c(said.0, said.1)],
        outlets: vec![XSS.into()],
        ..Default::default()
    };
    let analysis = CorpusAnalysis {
        event_sources: Vec::new(),
        revised: Vec::new(),
        assignments: Vec::new(),
        duplicates: Vec::new(),
        events: vec![
            Event {
                id: XSS.into(),
                date: Some("2022-11-22".parse().unwrap()),
                title: XSS.into(),
                articles: vec![id.clone()],
                summary: vec![c(all.0, all.1), c(0, XSS.len())],
            },
            Event {
                id: format!("{XSS}2"),
                date: None,
                title: XSS.into(),
                articles: vec![id.clone()],
                summary: vec![c(said.0, said.1)],
            },
        ],
        stories: vec![Story {
            id: XSS.into(),
            title: XSS.into(),
            events: vec![XSS.into()],
            summary: vec![c(quoted.0, quoted.1)],
        }],
        entities: vec![Entity {
            name: XSS.into(),
            kind: EntityKind::Other,
            aliases: vec![XSS.into(), format!("{XSS}!")],
            mentions: vec![c(0, XSS.len())],
            alias_links: vec![corpus_link(&format!("{XSS}!"))],
        }],
        timeline: vec![
            TimelineEntry {
                reported_by: Vec::new(),
                date: "1999".parse().unwrap(),
                text: XSS.into(),
                sources: vec![id.clone()],
                citations: vec![c(0, XSS.len())],
                story: XSS.into(),
                background: true,
                salience: 1.0,
                summary: vec![c(0, XSS.len())],
            },
            // A readable date, so the timeline chart draws the hostile text.
            TimelineEntry {
                reported_by: Vec::new(),
                date: "2022-11-23".parse().unwrap(),
                text: XSS.into(),
                sources: vec![id.clone()],
                citations: Vec::new(),
                story: XSS.into(),
                background: false,
                salience: 2.0,
                summary: Vec::new(),
            },
            TimelineEntry {
                reported_by: Vec::new(),
                date: "1999".parse().unwrap(),
                text: XSS.into(),
                sources: vec![id.clone()],
                citations: Vec::new(),
                story: format!("{XSS} elsewhere"),
                background: false,
                salience: 0.5,
                summary: Vec::new(),
            },
        ],
        corroborations: vec![comparison.clone()],
        conflicts: vec![comparison],
        updates: Vec::new(),
    };
    let diagnostics = vec![Diagnostic {
        source: XSS.into(),
        message: XSS.into(),
    }];
    Report::build(&[doc], &analysis, &diagnostics)
}

/// Elements and attributes the HTML renderer itself writes; anything else came from the input.
const TAGS: &[&str] = &[
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "header",
    "nav",
    "main",
    "section",
    "article",
    "h1",
    "h2",
    "h3",
    "h4",
    "p",
    "ul",
    "ol",
    "li",
    "a",
    "span",
    "strong",
    "em",
    "mark",
    "blockquote",
    "del",
    "details",
    "summary",
    "br",
    "figure",
    "figcaption",
    "svg",
    "line",
    "text",
    "rect",
    "circle",
];
const ATTRIBUTES: &[&str] = &[
    "lang",
    "charset",
    "name",
    "content",
    "http-equiv",
    "id",
    "class",
    "href",
    "rel",
    "viewBox",
    "role",
    "aria-label",
    "x",
    "y",
    "x1",
    "y1",
    "x2",
    "y2",
    "width",
    "height",
    "text-anchor",
    "cx",
    "cy",
    "r",
];

/// Checks that every tag in `html` is one the renderer writes, with only its
/// attributes, and that every link stays on the page or goes to the web.
fn assert_only_own_markup(html: &str) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        rest = &rest[open + 1..];
        if rest.starts_with("!DOCTYPE html>") {
            continue;
        }
        let tag = &rest[..rest.find('>').expect("tag closes")];
        let mut parts = tag.trim_start_matches('/').splitn(2, ' ');
        let name = parts.next().unwrap();
        assert!(TAGS.contains(&name), "unexpected element <{tag}>");
        let mut attrs = parts.next().unwrap_or("");
        while !attrs.is_empty() {
            let (attr, after) = attrs
                .split_once("=\"")
                .unwrap_or_else(|| panic!("bad attribute in <{tag}>"));
            assert!(
                ATTRIBUTES.contains(&attr),
                "unexpected attribute {attr} in <{tag}>"
            );
            let (value, after) = after
                .split_once('"')
                .unwrap_or_else(|| panic!("unclosed value in <{tag}>"));
            assert!(!value.contains(['<', '>']), "unescaped value in <{tag}>");
            if attr == "href" {
                assert!(
                    value.starts_with('#') || value.starts_with("https://"),
                    "unsafe link in <{tag}>"
                );
            }
            attrs = after.trim_start();
        }
    }
}

#[test]
fn hostile_input_is_escaped_everywhere() {
    let report = hostile_report();
    assert_spans_slice_exactly(&report);
    assert_eq!(report.quotes.len(), 2);
    assert_eq!(report.diagnostics.len(), 1, "{:#?}", report.diagnostics);

    let html = to_html(&report);
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("<mark id=\"a1-"));
    // Both charts are drawn, from hostile names and text.
    assert!(html.contains("<svg class=\"chart coverage\""));
    assert!(html.contains("<svg class=\"chart timeline\""));
    assert!(html.contains("<section id=\"overview\">"));
    assert_only_own_markup(&html);
    assert!(!html.to_lowercase().contains("<script"));
    assert!(!html.contains("href=\"javascript"));

    let markdown = to_markdown(&report);
    let escaped = crate::escape_markdown(XSS);
    assert!(markdown.contains(&escaped));
    // Wherever the payload appears, it appears escaped, and no raw HTML is left.
    let rest = markdown.replace(&escaped, "");
    for raw in ["<script", "<img", "](javascript", "&amp;"] {
        assert!(!rest.contains(raw), "{raw} left unescaped: {rest}");
    }
    for (at, _) in markdown.match_indices('<') {
        assert!(markdown[..at].ends_with('\\'), "raw `<` at {at}");
    }

    let json = to_json(&report);
    assert_eq!(serde_json::from_str::<Report>(&json).unwrap(), report);
}

/// A hostile string naming the field it is put in, so a leak names its field.
fn hostile(field: &str) -> String {
    format!("<script>{field}</script>\"'&")
}

/// [`hostile`] as the page must show it: `&`, `<`, `>` and `"` escaped.
fn escaped(field: &str) -> String {
    format!("&lt;script&gt;{field}&lt;/script&gt;&quot;'&amp;")
}

/// Two articles and an analysis whose every text the HTML shows is `hostile`,
/// each field with its own marker; returns the report and the fields' names.
fn report_with_a_marker_per_field() -> (Report, Vec<&'static str>) {
    let text = format!(
        "{} said the minister.\n\n“{}” {} {}\n\n{}",
        hostile("summary sentence"),
        hostile("quote"),
        hostile("claim"),
        hostile("article text"),
        hostile("revised sentence"),
    );
    let copy_text = hostile("second article text");
    let (first, second) = ("a1", "a2");
    let span = |needle: &str| find(&text, needle, 0);
    let c = |needle: &str| cite(first, &text, needle);
    let at = |field: &str| span(&hostile(field));

    let mut doc = Doc::new(Article {
        url: Some(format!("https://example.org/{}", hostile("url"))),
        title: Some(Sourced::new(hostile("title"), MetaSource::Given)),
        byline: Some(hostile("byline")),
        removed: vec![Removed {
            text: hostile("removed text"),
            reason: hostile("removed reason"),
        }],
        ..Article::new(first, "feeds/first.txt", text.clone())
            .given_outlet(hostile("outlet"))
            .given_published(NaiveDate::from_ymd_opt(2022, 11, 23).unwrap())
    });
    let quote = at("quote");
    doc.quotes = vec![Quote {
        text: hostile("quote"),
        start: quote.0,
        end: quote.1,
        parts: Vec::new(),
        kind: QuoteKind::Direct,
        speaker: Some(hostile("speaker").into()),
        speaker_span: None,
        cue: None,
        method: SpeakerMethod::CueVerb,
        // Uncertain, so the page names how the speaker was found.
        confidence: 0.2,
    }];
    let copy = Doc::new(Article {
        url: Some(format!("javascript:{}", hostile("non-web url"))),
        ..Article::new(second, hostile("source"), copy_text)
    });

    let claims = vec![c(&hostile("claim")), c(&hostile("summary sentence"))];
    let revised = at("revised sentence");
    let analysis = CorpusAnalysis {
        events: vec![Event {
            id: "e".into(),
            date: Some("2022-11-22".parse().unwrap()),
            title: hostile("event title"),
            articles: vec![first.into(), second.into()],
            summary: vec![c(&hostile("summary sentence"))],
        }],
        event_sources: vec![EventSources {
            event: "e".into(),
            reported_by: vec![SourceGroup {
                first: first.into(),
                outlet: None,
                wire: Some(hostile("wire credit")),
                copies: vec![second.into()],
            }],
        }],
        stories: vec![Story {
            id: "s".into(),
            title: hostile("story title"),
            events: vec!["e".into()],
            summary: vec![c(&hostile("article text"))],
        }],
        entities: vec![Entity {
            name: hostile("entity"),
            kind: EntityKind::Person,
            aliases: vec![hostile("alias")],
            mentions: vec![c(&hostile("claim"))],
            alias_links: vec![corpus_link(&hostile("alias"))],
        }],
        timeline: vec![
            // Dated, so the timeline chart draws its text too.
            TimelineEntry {
                reported_by: Vec::new(),
                date: "2022-11-23".parse().unwrap(),
                text: hostile("timeline text"),
                sources: vec![first.into()],
                citations: vec![c(&hostile("summary sentence"))],
                story: "s".into(),
                background: false,
                salience: 2.0,
                summary: Vec::new(),
            },
            TimelineEntry {
                reported_by: Vec::new(),
                date: "1999".parse().unwrap(),
                text: "The dispute began.".into(),
                sources: vec![first.into()],
                citations: Vec::new(),
                story: "s".into(),
                background: true,
                salience: 1.0,
                summary: Vec::new(),
            },
        ],
        corroborations: vec![Comparison {
            what: hostile("corroboration"),
            claims: claims.clone(),
            ..Default::default()
        }],
        conflicts: vec![Comparison {
            what: hostile("conflict"),
            claims,
            why: Some(Explanation {
                reason: hostile("why"),
                ..Default::default()
            }),
            ..Default::default()
        }],
        revised: vec![RevisedArticle {
            article: first.into(),
            revision: 2,
            changes: vec![
                SentenceChange {
                    kind: ChangeKind::Edited,
                    before: Some(hostile("sentence before")),
                    after: Some(hostile("revised sentence")),
                    span: Some(Span::new(revised.0, revised.1)),
                },
                SentenceChange {
                    kind: ChangeKind::Removed,
                    before: Some(hostile("removed sentence")),
                    after: None,
                    span: None,
                },
            ],
            altered: Vec::new(),
        }],
        ..Default::default()
    };
    let diagnostics = vec![Diagnostic {
        source: hostile("diagnostic source"),
        message: hostile("diagnostic message"),
    }];
    let mut report = Report::build(&[doc, copy], &analysis, &diagnostics);
    // A report read back from JSON may carry anything in the fields the build derives.
    report.meta.generator = hostile("generator");
    report.articles[1].published = Some(hostile("published"));

    let fields = vec![
        "summary sentence",
        "quote",
        "claim",
        "article text",
        "revised sentence",
        "second article text",
        "url",
        "non-web url",
        "source",
        "title",
        "byline",
        "outlet",
        "published",
        "removed text",
        "removed reason",
        "speaker",
        "event title",
        "wire credit",
        "story title",
        "entity",
        "alias",
        "timeline text",
        "corroboration",
        "conflict",
        "why",
        "sentence before",
        "removed sentence",
        "diagnostic source",
        "diagnostic message",
        "generator",
    ];
    (report, fields)
}

#[test]
fn every_text_field_reaches_the_html_escaped() {
    let (report, fields) = report_with_a_marker_per_field();
    assert_spans_slice_exactly(&report);
    assert_eq!(report.diagnostics.len(), 1, "{:#?}", report.diagnostics);
    let html = to_html(&report);
    for field in fields {
        assert!(
            !html.contains(&hostile(field)),
            "the {field} reaches the page raw"
        );
        assert!(
            html.contains(&escaped(field)),
            "the {field} is not on the page, escaped"
        );
    }
    assert!(!html.contains("<script"), "{html}");
    assert!(!html.contains("href=\"javascript"));
    // The web URL is a link, its hostile part escaped inside the attribute too.
    assert!(html.contains(&format!("href=\"https://example.org/{}\"", escaped("url"))));
    assert_only_own_markup(&html);
}

/// The contract document, kept in step with the code by the tests below.
const FORMAT_DOC: &str = include_str!("../../../docs/report-format.md");

#[test]
fn documented_example_is_a_valid_report() {
    let start = FORMAT_DOC
        .find("```json\n")
        .expect("the doc has a JSON example")
        + "```json\n".len();
    let example = &FORMAT_DOC[start..start + FORMAT_DOC[start..].find("\n```").unwrap()];
    let report: Report = serde_json::from_str(example).expect("the example parses as a Report");
    assert_spans_slice_exactly(&report);
    // Exactly the contract's keys: writing it back gives the same JSON value.
    let original: serde_json::Value = serde_json::from_str(example).unwrap();
    let written: serde_json::Value = serde_json::from_str(&to_json(&report)).unwrap();
    assert_eq!(written, original);
}

#[test]
fn every_key_is_documented() {
    fn keys(value: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
        match value {
            serde_json::Value::Object(map) => {
                for (key, inner) in map {
                    out.insert(key.clone());
                    keys(inner, out);
                }
            }
            serde_json::Value::Array(items) => items.iter().for_each(|item| keys(item, out)),
            _ => {}
        }
    }
    let mut all = std::collections::BTreeSet::new();
    keys(
        &serde_json::from_str(&to_json(&report())).unwrap(),
        &mut all,
    );
    for key in all {
        assert!(
            FORMAT_DOC.contains(&format!("`{key}`")),
            "docs/report-format.md does not document `{key}`"
        );
    }
}

#[test]
fn a_record_without_an_outlet_is_an_unknown_outlet_said_once() {
    let mut report = report();
    let mut record = report.articles[0].clone();
    record.outlet = None;
    record.source = "dump/articles.json#374".into();
    assert_eq!(record.source_name(), crate::UNKNOWN_OUTLET);
    record.source = "crawl/harbour-wire-2025-03-01.txt".into();
    assert_eq!(record.source_name(), "harbour-wire-2025-03-01.txt");
    record.source = "dump/articles.json#374".into();
    report.articles[0] = record;
    let markdown = to_markdown(&report);
    assert_eq!(markdown.matches("name no outlet").count(), 1, "{markdown}");
    assert!(!markdown.contains("1. articles.json"));
}
