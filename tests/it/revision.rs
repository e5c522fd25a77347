//! What a revision changes, case by case (`authoring::revision`, the authoring page's
//! comparison): an unchanged policy changes no case; a raised age threshold changes exactly the
//! cases it should, each starting at that criterion; a case one version cannot read is named.

use authoring::revision::{revision, Change};
use criteria::{LoadedPolicy, Status};
use precheck_tests::case_files;

fn abecma_cases() -> authoring::cases::CaseFile {
    case_files()
        .into_iter()
        .map(|(_, f)| f)
        .find(|f| f.policy == "CPCT.MNG.ABECMA")
        .expect("abecma cases")
}

#[test]
fn the_same_version_changes_no_case() {
    let p = policies::get("CPCT.MNG.ABECMA").unwrap();
    let file = abecma_cases();
    let r = revision(p, p, &file);
    assert_eq!(r.cases, file.cases.len());
    assert!(r.changes.is_empty(), "{:?}", r.changes);
}

#[test]
fn a_raised_threshold_changes_the_cases_it_reaches_and_starts_there() {
    let old = policies::get("CPCT.MNG.ABECMA").unwrap();
    let mut v = serde_json::to_value(&old.policy).unwrap();
    let age = v.pointer_mut("/sections/0/criteria/all/0/all/0").unwrap();
    assert_eq!(age["id"], "A.1-age");
    age["check"]["ge"][1]["qty"][0] = 70.into();
    let new = LoadedPolicy::from_json("revised.json", &v.to_string()).unwrap();
    let file = abecma_cases();
    let r = revision(old, &new, &file);
    assert!(!r.changes.is_empty(), "raising the age to 70 changes no case");
    assert!(r.outcomes_changed > 0);
    for c in &r.changes {
        let Change::Compared(cmp) = &c.change else {
            panic!("{}: {:?}", c.name, c.change)
        };
        assert!(
            cmp.criteria.iter().all(|k| k.id == "A.1-age"),
            "{}: the change starts elsewhere: {:?}",
            c.name,
            cmp.criteria
        );
        assert!(cmp
            .criteria
            .iter()
            .all(|k| k.old == Some(Status::Met) && k.new == Some(Status::NotMet)));
    }
}

#[test]
fn a_case_one_version_cannot_read_is_named() {
    let p = policies::get("CPCT.MNG.ABECMA").unwrap();
    let mut file = abecma_cases();
    file.cases.truncate(1);
    file.cases[0].as_of = "someday".into();
    let r = revision(p, p, &file);
    assert!(
        matches!(&r.changes[..], [c] if matches!(&c.change, Change::Unreadable { message } if message.contains("someday")))
    );
}
