//! The bundled dataset loads, every reference resolves, every id is unique, and
//! it says what the seed page says.

use std::collections::HashSet;

use jiff::civil::date;
use samverkan_domain::{
    ActorQuery, AreaRole, Catalog, DeadlineRule, DeadlineStatus, GrantQuery, Slug, bundled, dataset::Origins,
};

fn catalog() -> Catalog {
    Catalog::new(bundled::dataset().expect("the bundled dataset is valid"))
}

fn slug(s: &str) -> Slug {
    Slug::parse(s).unwrap()
}

#[test]
fn bundled_dataset_is_valid_and_ids_are_unique() {
    let data = bundled::dataset().unwrap();
    assert!(data.validate(&Origins::new()).is_empty());
    let mut seen = HashSet::new();
    for e in data.entries() {
        assert!(
            seen.insert((e.kind(), e.id().clone())),
            "{} {} twice",
            e.kind(),
            e.id()
        );
    }
}

#[test]
fn bundled_dataset_has_everything_the_page_names() {
    let c = catalog();
    assert_eq!(c.areas().len(), 5);
    let names: Vec<&str> = c.areas().iter().map(|a| a.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "boende",
            "arbete",
            "utbildning",
            "demokrati och civilsamhälle",
            "brottslighet"
        ]
    );
    // 19 agencies, SKR, Delmos and 11 further grant givers.
    assert_eq!(c.actors().len(), 32);
    // 32 grants in the page's list, two more named in its text.
    assert_eq!(c.grants().len(), 34);
    assert_eq!(c.initiatives().len(), 8);
    for (id, short) in [
        ("bra", "Brå"),
        ("barnombudsmannen", "BO"),
        ("diskrimineringsombudsmannen", "DO"),
        ("forte", "Forte"),
        ("mucf", "MUCF"),
        ("skr", "SKR"),
        ("esf-radet", "Svenska ESF-rådet"),
    ] {
        assert_eq!(c.actor(id).unwrap().short_name.as_deref(), Some(short));
    }
    assert!(c.entries().all(|e| {
        let v = e.to_json();
        v["verified"] == "2021-12-22"
    }));
    // The page gives no web addresses: every address and English name was
    // added by the service, and says where it was checked.
    let added = |added: &[samverkan_domain::Addition], field: &str| {
        added
            .iter()
            .find(|a| a.field == field)
            .is_some_and(|a| a.source.starts_with("http") && a.checked >= "2026-11-01".parse().unwrap())
    };
    assert!(
        c.actors()
            .iter()
            .all(|a| a.website.is_some() && added(&a.added, "website"))
    );
    assert!(
        c.actors()
            .iter()
            .all(|a| a.name_en.is_none() || added(&a.added, "name_en"))
    );
    assert!(c.grants().all(|g| g.url.is_none() || added(&g.added, "url")));
    assert!(c.grants().all(|g| !g.ended || added(&g.added, "ended")));
    assert_eq!(
        c.actor("boverket").unwrap().name_en.as_deref(),
        Some("Swedish National Board of Housing, Building and Planning")
    );
    let ended: Vec<&str> = c.grants().filter(|g| g.ended).map(|g| g.id.as_str()).collect();
    assert_eq!(
        ended,
        [
            "boverket-skollokaler",
            "vinnova-coronakrisen",
            "delmos-statsbidrag"
        ]
    );
}

#[test]
fn grant_deadlines_are_read_as_the_page_writes_them() {
    let c = catalog();
    let kinds = |kind: &str| {
        c.grants()
            .filter(|g| g.deadline.as_ref().is_some_and(|d| d.rule().kind() == kind))
            .count()
    };
    assert_eq!(kinds("rolling"), 5);
    assert_eq!(kinds("annual"), 7);
    assert_eq!(kinds("fixed"), 3);
    assert_eq!(kinds("unknown"), 17);
    assert_eq!(c.grants().filter(|g| g.deadline.is_none()).count(), 2);
    let d = c
        .grant("brottsoffermyndigheten-projekt")
        .unwrap()
        .deadline
        .clone()
        .unwrap();
    assert_eq!(d.text(), "1 april respektive 1 oktober");
    assert_eq!(d.rule().kind(), "annual");
    let d = c
        .grant("mucf-starka-demokratin")
        .unwrap()
        .deadline
        .clone()
        .unwrap();
    assert_eq!(d.rule(), &DeadlineRule::Fixed(vec![date(2020, 2, 18)]));
}

#[test]
fn each_area_has_the_agency_responsible_for_it() {
    let c = catalog();
    for (area, agency) in [
        ("boende", "boverket"),
        ("arbete", "arbetsformedlingen"),
        ("utbildning", "skolverket"),
        ("demokrati-och-civilsamhalle", "mucf"),
        ("brottslighet", "bra"),
    ] {
        let actors = c.actors_in_area(area);
        assert_eq!(actors[0].0.id.as_str(), agency, "{area}");
        assert_eq!(actors[0].1, AreaRole::Responsible);
        assert_eq!(
            actors.iter().filter(|(_, r)| *r == AreaRole::Responsible).count(),
            1,
            "{area}"
        );
    }
}

#[test]
fn an_ideell_forening_finds_grants_open_to_civil_society() {
    let c = catalog();
    let q = GrantQuery {
        applicants: vec![slug("ideell-forening")],
        areas: vec![slug("demokrati-och-civilsamhalle")],
        ..Default::default()
    };
    let ids: Vec<&str> = c
        .find_grants(&q, date(2026, 11, 25))
        .iter()
        .map(|h| h.grant.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "kulturradet-kultur-och-civilsamhalle",
            "mucf-unga-och-beslutsfattare",
            "mucf-ungas-organisering"
        ]
    );
}

#[test]
fn grants_are_sorted_by_next_deadline_and_filtered_by_window() {
    let c = catalog();
    let on = date(2026, 8, 25);
    let hits = c.find_grants(
        &GrantQuery {
            within_days: Some(40),
            ..Default::default()
        },
        on,
    );
    let got: Vec<(&str, i64)> = hits
        .iter()
        .map(|h| (h.grant.id.as_str(), h.days_left.unwrap()))
        .collect();
    assert_eq!(
        got,
        [
            ("boverket-samlingslokaler", 6),
            ("bra-utvardering", 21),
            // Same day: by title.
            ("svenskt-friluftsliv-friluftsorganisationer", 36),
            ("boverket-kulturlokaler", 36),
            ("brottsoffermyndigheten-projekt", 37),
            ("brottsoffermyndigheten-forskning", 37),
        ]
    );
    let passed = c.find_grants(
        &GrantQuery {
            statuses: vec![DeadlineStatus::Passed],
            ..Default::default()
        },
        on,
    );
    let mut passed: Vec<&str> = passed.iter().map(|h| h.grant.id.as_str()).collect();
    passed.sort();
    // Three MUCF calls with fixed dates in 2020 and 2021, and the three
    // grants the service has found ended.
    assert_eq!(
        passed,
        [
            "boverket-skollokaler",
            "delmos-statsbidrag",
            "mucf-rasism-och-intolerans",
            "mucf-starka-demokratin",
            "mucf-ungas-organisering",
            "vinnova-coronakrisen",
        ]
    );
}

#[test]
fn who_else_works_where_an_actor_does() {
    let c = catalog();
    let bra = c.actor("bra").unwrap();
    let related: Vec<&str> = c
        .related_actors(bra)
        .iter()
        .map(|r| r.actor.id.as_str())
        .collect();
    for other in [
        "polismyndigheten",
        "kriminalvarden",
        "lansstyrelserna",
        "socialstyrelsen",
        "sakerhetspolisen",
        "arbetsformedlingen",
    ] {
        assert!(related.contains(&other), "{other} missing from {related:?}");
    }
    assert!(!related.contains(&"bra"));
    let responsible = c.find_actors(&ActorQuery {
        role: Some(AreaRole::Responsible),
        ..Default::default()
    });
    assert_eq!(responsible.len(), 5);
    let brott = c.find_actors(&ActorQuery {
        areas: vec![slug("brottslighet")],
        role: Some(AreaRole::Contributes),
        ..Default::default()
    });
    assert!(
        brott
            .iter()
            .all(|a| a.role_in("brottslighet") == Some(AreaRole::Contributes))
    );
    let text = c.find_actors(&ActorQuery {
        text: Some("hemlösheten".into()),
        ..Default::default()
    });
    assert_eq!(text.len(), 1);
    assert_eq!(text[0].id.as_str(), "socialstyrelsen");
}

#[test]
fn bundled_dataset_round_trips_through_both_formats() {
    use samverkan_domain::{Dataset, Format, Source};
    let data = bundled::dataset().unwrap().sorted();
    for (text, format) in [(data.to_toml(), Format::Toml), (data.to_json(), Format::Json)] {
        let back = Dataset::from_sources(&[Source {
            origin: "x".into(),
            text: &text,
            format,
        }])
        .unwrap();
        assert_eq!(back.sorted(), data);
    }
}

#[test]
fn names_sort_the_swedish_way() {
    use samverkan_domain::catalog::swedish_key;
    let mut names = vec!["Öst", "Ärende", "Åsikt", "Zebra", "arbete"];
    names.sort_by_key(|n| swedish_key(n));
    assert_eq!(names, ["arbete", "Zebra", "Åsikt", "Ärende", "Öst"]);
}
