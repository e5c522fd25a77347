#!/usr/bin/env python3
"""Validates FHIR JSON files (Questionnaire, QuestionnaireResponse) with the `fhir.resources`
package: structure, types, required elements and FHIR's own invariants as the package checks
them.

fhir.resources 7 and later model R5 at the top level and R4B (4.3) in `fhir.resources.R4B`;
there is no R4 (4.0.1) sub-package any more. R4B left Questionnaire and QuestionnaireResponse as
they were in R4, so R4B is the check used here.

fhir.resources checks types and cardinalities but not the codes of required bindings (a
Questionnaire with status `bogus` passes), nor the Questionnaire invariants that need the whole
item tree. `rules` adds those this export can break: the codes of `status`, `item.type`,
`enableWhen.operator` and `enableBehavior`; unique linkIds (que-2); groups with children and
displays without (que-1); `enableBehavior` with several `enableWhen` (que-12); `enableWhen`
naming an existing item with an answer of its type and, for choices, one of its options; and a
response whose items and answers match its Questionnaire (when that file is checked too).

Usage: fhir-check.py FILE.json...   Exit status 1 when any file fails, with one line per file.
"""

import importlib
import json
import sys

RESOURCES = {
    "Questionnaire": "questionnaire",
    "QuestionnaireResponse": "questionnaireresponse",
}


def load_model(resource_type):
    module = RESOURCES.get(resource_type)
    if module is None:
        raise ValueError(f"resourceType `{resource_type}` is not one this check knows")
    return getattr(importlib.import_module(f"fhir.resources.R4B.{module}"), resource_type)


ITEM_TYPES = {"group", "display", "boolean", "decimal", "integer", "date", "dateTime", "time",
              "string", "text", "url", "choice", "open-choice", "attachment", "reference",
              "quantity", "question"}
ANSWER_KEY = {"boolean": "Boolean", "decimal": "Decimal", "integer": "Integer", "date": "Date", "quantity": "Quantity",
              "choice": "Coding"}
OPERATORS = {"exists", "=", "!=", ">", "<", ">=", "<="}


def walk(items):
    for item in items or []:
        yield item
        yield from walk(item.get("item"))


def coding_key(c):
    return (c.get("system"), c.get("code"))


def options(item):
    return {coding_key(o["valueCoding"]) for o in item.get("answerOption", []) if "valueCoding" in o}


def questionnaire_rules(q):
    problems = []
    if q.get("status") not in {"draft", "active", "retired", "unknown"}:
        problems.append(f"status `{q.get('status')}` is not a publication status")
    items = {}
    for item in walk(q.get("item")):
        link = item.get("linkId")
        if link in items:
            problems.append(f"linkId `{link}` is not unique (que-2)")
        items[link] = item
        kind = item.get("type")
        if kind not in ITEM_TYPES:
            problems.append(f"item `{link}`: type `{kind}` is not an item type")
        if kind == "group" and not item.get("item"):
            problems.append(f"item `{link}`: a group needs nested items (que-1)")
        if kind == "display" and item.get("item"):
            problems.append(f"item `{link}`: a display item cannot have nested items (que-1)")
    for item in items.values():
        link = item.get("linkId")
        when = item.get("enableWhen", [])
        if len(when) > 1 and item.get("enableBehavior") not in {"all", "any"}:
            problems.append(f"item `{link}`: several enableWhen need enableBehavior all or any (que-12)")
        for w in when:
            target = items.get(w.get("question"))
            if target is None:
                problems.append(f"item `{link}`: enableWhen names no item `{w.get('question')}`")
                continue
            if w.get("operator") not in OPERATORS:
                problems.append(f"item `{link}`: enableWhen operator `{w.get('operator')}`")
            key = "answer" + ANSWER_KEY.get(target.get("type"), "?")
            if key not in w:
                problems.append(f"item `{link}`: enableWhen on `{target['linkId']}` needs {key}")
            elif key == "answerCoding" and coding_key(w[key]) not in options(target):
                problems.append(f"item `{link}`: enableWhen coding {w[key].get('code')} is not an option of `{target['linkId']}`")
    return problems


def response_rules(r, questionnaires):
    problems = []
    if r.get("status") not in {"in-progress", "completed", "amended", "entered-in-error", "stopped"}:
        problems.append(f"status `{r.get('status')}` is not a response status")
    q = questionnaires.get(r.get("questionnaire"))
    if q is None:
        return problems
    items = {i["linkId"]: i for i in walk(q.get("item"))}
    for answered in walk(r.get("item")):
        link = answered.get("linkId")
        item = items.get(link)
        if item is None:
            problems.append(f"item `{link}` is not in the questionnaire")
            continue
        answers = answered.get("answer", [])
        if len(answers) > 1 and not item.get("repeats"):
            problems.append(f"item `{link}`: several answers to an item that does not repeat")
        key = "value" + ANSWER_KEY.get(item.get("type"), "?")
        for a in answers:
            if key not in a:
                problems.append(f"item `{link}`: answer needs {key}")
            elif key == "valueCoding" and coding_key(a[key]) not in options(item):
                problems.append(f"item `{link}`: {a[key].get('code')} is not one of its options")
    return problems


def check(path, questionnaires):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    model = load_model(data.get("resourceType"))
    model.model_validate(data)
    if data["resourceType"] == "Questionnaire":
        problems = questionnaire_rules(data)
    else:
        problems = response_rules(data, questionnaires)
    if problems:
        raise ValueError("; ".join(problems))
    return data["resourceType"]


def questionnaires_by_canonical(paths):
    out = {}
    for path in paths:
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError):
            continue
        if isinstance(data, dict) and data.get("resourceType") == "Questionnaire":
            out[f"{data.get('url')}|{data.get('version')}"] = data
    return out


def main(paths):
    if not paths:
        print("usage: fhir-check.py FILE.json...", file=sys.stderr)
        return 2
    bad = 0
    questionnaires = questionnaires_by_canonical(paths)
    for path in paths:
        try:
            kind = check(path, questionnaires)
            print(f"{path}: ok ({kind}, FHIR R4B)")
        except Exception as e:  # every failure is reported, then the next file is checked
            bad += 1
            message = " ".join(str(e).split())
            print(f"{path}: error: {message}", file=sys.stderr)
    print(f"{len(paths) - bad} of {len(paths)} FHIR files valid", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
