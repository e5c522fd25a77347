#!/usr/bin/env python3
"""Writes synthetic patients as FHIR R4 Bundles from the clinical case corpus (issue 11).

For the first case of every policy and outcome, a Bundle holds what the case's answers say in
the form a chart records it, for every question the policy maps to FHIR (`questions[].fhir`):
the Patient's birth date, a Condition coded with the mapped option's first code, each prior
line's drugs as MedicationStatements named as a chart names them. Messy ones
add what a real chart holds beside it: the same condition entered in error, an older duplicate,
and resources of types no mapping reads. Every case also keeps its unmapped answers, which a
clinician would type (`typed`), the list questions whose history the clinician confirms as
complete (`confirm_complete`: the prefill proposes a chart's history as possibly incomplete),
and the expected outcome.

Output: tests/patients/<case file>/<n>-<outcome>[-messy].json, each
{"policy", "case", "as_of", "line_of_business", "outcome", "typed", "record"}.
Run it after changing the corpus or a mapping; tests/it/patients.rs replays every file, and
scripts/test validates every record with fhir.resources.
"""
import datetime
import glob
import json
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60].strip("-")


def policies():
    out = {}
    for path in glob.glob(os.path.join(ROOT, "crates/policies/data/*.json")):
        p = json.load(open(path, encoding="utf-8"))
        out[p["id"]] = p
    return out


def medications(policy, rule, lines, messy):
    """Each line's drugs as MedicationStatements, from the line's start (or a synthetic one, a
    year apart) to the day before the next line; named as a chart might (generic, or brand in
    the messy records), coded by nothing but the name. Before each line after the first, the
    progression that started it, as the mapping's line rule reads it (a disease-status
    Observation whose value means progression): a chart documents why a new line began."""
    drugs = {d["id"]: d for d in policy.get("drugs", [])}
    starts = []
    for i, line in enumerate(lines):
        start = line.get("start") if isinstance(line, dict) else None
        starts.append(datetime.date.fromisoformat(start) if start else datetime.date(2012, 1, 1) + datetime.timedelta(days=365 * i))
    out = []
    for i, line in enumerate(lines):
        ids = line["drugs"] if isinstance(line, dict) else line
        end = starts[i + 1] - datetime.timedelta(days=1) if i + 1 < len(starts) else starts[i] + datetime.timedelta(days=120)
        for j, drug in enumerate(ids):
            names = drugs[drug].get("names") or [drugs[drug]["label"]]
            name = names[-1] if messy and len(names) > 1 else names[0]
            out.append({
                "resourceType": "MedicationStatement", "id": f"med-{i + 1}-{j + 1}", "status": "completed",
                "medicationCodeableConcept": {"text": name},
                "subject": {"reference": "Patient/patient-1"},
                "effectivePeriod": {"start": starts[i].isoformat(), "end": end.isoformat()},
            })
        if i > 0:
            status = next(c for c in rule["progression"] if c["system"] == "http://loinc.org")
            out.append({
                "resourceType": "Observation", "id": f"progression-{i + 1}", "status": "final",
                "code": {"coding": [status]},
                "subject": {"reference": "Patient/patient-1"},
                "effectiveDateTime": (starts[i] - datetime.timedelta(days=14)).isoformat(),
                "valueCodeableConcept": {"coding": [rule["progressed"][0]]},
            })
    return out


def record(policy, case, messy):
    entries, typed, confirm = [], {}, []
    questions = {q["id"]: q for q in policy["questions"]}
    patient = {"resourceType": "Patient", "id": "patient-1"}
    entries.append(patient)
    n = 0
    for qid, answer in case["answers"].items():
        q = questions.get(qid)
        f = q.get("fhir") if q else None
        if not f:
            typed[qid] = answer
            continue
        if f["resource"] == "Patient" and f["element"] == "birth_date" and isinstance(answer, str):
            patient["birthDate"] = answer
        elif f["resource"] == "Condition" and q["type"] == "choice" and answer in f.get("options", {}):
            n += 1
            coding = f["options"][answer][0]
            entries.append({
                "resourceType": "Condition", "id": f"condition-{n}",
                "clinicalStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-clinical", "code": "active"}]},
                "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "confirmed"}]},
                "code": {"coding": [coding]},
                "subject": {"reference": "Patient/patient-1"},
                "recordedDate": "2024-03-01",
            })
            if messy:
                entries.append({
                    "resourceType": "Condition", "id": f"condition-{n}-error",
                    "verificationStatus": {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status", "code": "entered-in-error"}]},
                    "code": {"coding": [coding]},
                    "subject": {"reference": "Patient/patient-1"},
                    "recordedDate": "2024-02-01",
                })
                entries.append({
                    "resourceType": "Condition", "id": f"condition-{n}-older",
                    "code": {"coding": [coding]},
                    "subject": {"reference": "Patient/patient-1"},
                    "recordedDate": "2019-06-15",
                })
        elif f["resource"] == "Medication" and f["element"] == "lines":
            lines = answer.get("partial") if isinstance(answer, dict) else answer
            if not isinstance(lines, list) or not lines:
                typed[qid] = answer  # "no prior lines" is said, not read from a chart
                continue
            if not isinstance(answer, dict):
                confirm.append(qid)  # the clinician confirms the history is complete
            entries.extend(medications(policy, f["lines"], lines, messy))
        else:
            # A mapped question this generator cannot yet write as FHIR: a clinician types it.
            typed[qid] = answer
    if messy:
        entries.append({"resourceType": "Organization", "id": "org-1", "name": "Synthetic clinic"})
    bundle = {
        "resourceType": "Bundle",
        "type": "searchset" if messy else "collection",
        "entry": [{"fullUrl": f"urn:uuid:{r['resourceType'].lower()}-{r['id']}", "resource": r} for r in entries],
    }
    return bundle, typed, confirm


def main():
    pols = policies()
    out_dir = os.path.join(ROOT, "tests/patients")
    for old in glob.glob(os.path.join(out_dir, "*", "*.json")):
        os.remove(old)
    written = 0
    for path in sorted(glob.glob(os.path.join(ROOT, "tests/cases/*.json"))):
        corpus = json.load(open(path, encoding="utf-8"))
        policy = pols[corpus["policy"]]
        if not any(q.get("fhir") for q in policy["questions"]):
            continue
        name = os.path.splitext(os.path.basename(path))[0]
        seen = set()
        for i, case in enumerate(corpus["cases"]):
            # A chart dates every medication it records, so the lines it gives are dated: the
            # undated lines of a documentation gap are a request's, never a record's.
            if case["outcome"] == "documentation_incomplete" or case["outcome"] in seen:
                continue
            seen.add(case["outcome"])
            for messy in (False, True):
                bundle, typed, confirm = record(policy, case, messy)
                doc = {
                    "policy": corpus["policy"], "case": case["name"], "as_of": case["as_of"],
                    "line_of_business": case.get("line_of_business"), "outcome": case["outcome"],
                    "typed": typed, "confirm_complete": confirm, "record": bundle,
                }
                os.makedirs(os.path.join(out_dir, name), exist_ok=True)
                file = os.path.join(out_dir, name, f"{i:03d}-{case['outcome']}{'-messy' if messy else ''}.json")
                with open(file, "w", encoding="utf-8") as f:
                    json.dump(doc, f, indent=1, ensure_ascii=False)
                    f.write("\n")
                written += 1
    print(f"{written} synthetic patients written to tests/patients/")


if __name__ == "__main__":
    sys.exit(main())
