#!/usr/bin/env python3
"""Validates the synthetic patients' records (tests/patients/*/*.json and tests/charts/*/*.json, each file's `record`)
as FHIR Bundles with the fhir.resources package (R4B models, which match R4 for Bundle, Patient,
Condition, Observation and Organization).

Usage: check-patients.py FILE.json...   Exit status 1 when any record fails, one line each.
"""
import json
import sys

from fhir.resources.R4B.bundle import Bundle


def main(paths):
    bad = 0
    for path in paths:
        record = json.load(open(path, encoding="utf-8"))["record"]
        try:
            Bundle.model_validate(record) if hasattr(Bundle, "model_validate") else Bundle.parse_obj(record)
        except Exception as e:  # noqa: BLE001 (any validation error fails the file)
            bad += 1
            print(f"{path}: {str(e).splitlines()[0]}", file=sys.stderr)
    print(f"{len(paths) - bad} of {len(paths)} synthetic patient records are valid FHIR Bundles")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
