#!/usr/bin/env python3
"""Checks every coding in the policy files' FHIR mappings against the published code tables.

A policy may only cite a code that its code system publishes, with the display name it
publishes. Sources, each a registry package that ships the code system's own release:

- ICD-10-CM: the CDC/NCHS tabular list (icd10cm-tabular, April 1, 2026 release), as shipped
  in the PyPI package simple-icd-10-cm 1.5.0 (simple_icd_10_cm/data/icd10c-tabular-*.xml).

Codings of other systems are checked against the repository's code table
(crates/policies/codes.json, each entry with its public sources; tests/it/codes.rs checks the
table's shape): a coding must be in the table with the table's display. The table's own ICD-10-CM
entries are checked against the CDC's table here too.

Usage: check-codes.py POLICY.json ...
"""
import glob
import json
import os
import sys
import xml.etree.ElementTree as ET

ICD10CM = "http://hl7.org/fhir/sid/icd-10-cm"


def icd10cm_table():
    import simple_icd_10_cm  # noqa: F401  (the package ships the CDC's files)

    data = os.path.join(os.path.dirname(simple_icd_10_cm.__file__), "data")
    [tabular] = glob.glob(os.path.join(data, "icd10c-tabular-*.xml"))
    table = {}
    for diag in ET.parse(tabular).iter("diag"):
        table[diag.find("name").text] = diag.find("desc").text
    return os.path.basename(tabular), table


def codings(policy):
    for i, q in enumerate(policy.get("questions", [])):
        f = q.get("fhir")
        if not f:
            continue
        for j, c in enumerate(f.get("codes", [])):
            yield f"questions[{i}].fhir.codes[{j}] ({q['id']})", c
        for option, cs in f.get("options", {}).items():
            for j, c in enumerate(cs):
                yield f"questions[{i}].fhir.options.{option}[{j}] ({q['id']})", c
        for part in ("progression", "progressed", "therapies"):
            for j, c in enumerate(f.get("lines", {}).get(part, [])):
                yield f"questions[{i}].fhir.lines.{part}[{j}] ({q['id']})", c
    for i, d in enumerate(policy.get("drugs", [])):
        for j, c in enumerate(d.get("codes", [])):
            yield f"drugs[{i}].codes[{j}] ({d['id']})", c


TABLE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "crates", "policies", "codes.json")


def main(paths):
    source, icd = icd10cm_table()
    table = {(e["system"], e["code"]): e["display"] for e in json.load(open(TABLE, encoding="utf-8"))["codes"]}
    problems, checked = [], 0
    for (system, code), display in table.items():
        if system != ICD10CM:
            continue
        checked += 1
        desc = icd.get(code)
        if desc is None:
            problems.append(f"codes.json: {code} is not in ICD-10-CM ({source})")
        elif desc != display:
            problems.append(f"codes.json: {code} reads {desc!r} in {source}, not {display!r}")
    for path in paths:
        policy = json.load(open(path, encoding="utf-8"))
        for where, c in codings(policy):
            checked += 1
            if c["system"] == ICD10CM:
                desc = icd.get(c["code"])
                if desc is None:
                    problems.append(f"{path}: {where}: {c['code']} is not in ICD-10-CM ({source})")
                elif desc != c["display"]:
                    problems.append(f"{path}: {where}: {c['code']} reads {desc!r} in {source}, not {c['display']!r}")
            elif (c["system"], c["code"]) not in table:
                problems.append(f"{path}: {where}: {c['system']} {c['code']} is not in the code table (codes.json)")
            elif table[(c["system"], c["code"])] != c["display"]:
                problems.append(f"{path}: {where}: {c['code']} reads {table[(c['system'], c['code'])]!r} in codes.json, not {c['display']!r}")
    for p in problems:
        print(p, file=sys.stderr)
    print(f"{checked} codings checked against the published tables ({source}): {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
