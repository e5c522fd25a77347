#!/usr/bin/env python3
"""Writes realistic synthetic charts as FHIR R4 records, the ground truth for measuring how
much of a screen a patient's record fills (tests/charts/README.md).

Each patient is a whole chart: one Patient, the prescriber (Practitioner and PractitionerRole
with a NUCC specialty), encounters, conditions, laboratory results with their reference ranges
and flags, medications over years (MedicationStatement, MedicationRequest,
MedicationAdministration), procedures and the resources no question reads (immunizations,
heights). Beside the record, each file holds the answers a careful clinician gives for it:
`facts` (every question the record itself answers, or lets a clinician compute) and `typed`
(what only the prescriber can say: the request, attestations, plans, judgments of response,
and that a history holds none of a kind of drug, since a chart's silence is not "none");
facts and typed together (typed winning) give `outcome`.

Output: tests/charts/<policy file stem>/<slug>.json, each
{"policy", "about", "as_of", "line_of_business", "outcome", "facts", "typed",
 "confirm_complete", "record"}, written with json.dump(indent=1) and a trailing newline.

The records carry the traps real charts carry: results entered in error, preliminary results,
refuted conditions, results dated after the as-of date, old results outside a policy's window,
an older result superseded by a corrected one, values in another unit (g/L M-protein, mg/L
light chains, mg/dL CRP, lb weights, g/24 h urine protein), drugs named only by text or brand,
medications entered in error or not taken, and resources no question reads.

Codes come only from the project's candidate code lists (scripts/codes/candidates/*.json on
main) and, for ICD-10-CM, the simple-icd-10-cm 1.5.0 tables; a test or value with no sourced
code is written with text only (urine M-protein, kappa/lambda ratio, marrow plasma cells,
immunizations, the procedures without a sourced SNOMED code). Where crates/policies/codes.json
(on main) has a code, its display is used; its SNOMED CT 271299001 values the disease status.
FHIR-defined terminology (condition-clinical, condition-ver-status, observation-category,
v3 ObservationInterpretation, v3 ActCode encounter classes) is used as the specification gives it.

Deterministic: no randomness; running it twice writes identical files. tests/charts/README.md
has the table of patients (file, policy, outcome, facts, traps) and the readings chosen.
Usage: python3 scripts/fhir/chart-patients.py   (then validate with scripts/fhir/check-patients.py)
"""
import glob
import json
import os
import sys
import uuid

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
BASE = "http://hospital.example.org/fhir"
NS = uuid.UUID("6f1c3a52-8a3e-4f0b-9d4e-2f52c1a7b001")

LOINC = "http://loinc.org"
SNOMED = "http://snomed.info/sct"
RXNORM = "http://www.nlm.nih.gov/research/umls/rxnorm"
NUCC = "http://nucc.org/provider-taxonomy"
ICD10 = "http://hl7.org/fhir/sid/icd-10-cm"
UCUM = "http://unitsofmeasure.org"
HCPCS = "https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets"
V3INT = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"
OBSCAT = "http://terminology.hl7.org/CodeSystem/observation-category"

# ICD-10-CM: codes and descriptions as simple-icd-10-cm 1.5.0 (April 2026 tables) gives them.
ICD = {
    "C90.00": "Multiple myeloma not having achieved remission",
    "C90.02": "Multiple myeloma in relapse",
    "D63.0": "Anemia in neoplastic disease",
    "Z94.84": "Stem cells transplant status",
    "Z92.850": "Personal history of Chimeric Antigen Receptor T-cell therapy",
    "Z92.21": "Personal history of antineoplastic chemotherapy",
    "E85.81": "Light chain (AL) amyloidosis",
    "I10": "Essential (primary) hypertension",
    "E11.9": "Type 2 diabetes mellitus without complications",
    "E78.5": "Hyperlipidemia, unspecified",
    "N18.30": "Chronic kidney disease, stage 3 unspecified",
    "M05.79": "Rheumatoid arthritis with rheumatoid factor of multiple sites without organ or systems involvement",
    "L40.50": "Arthropathic psoriasis, unspecified",
    "M04.2": "Cryopyrin-associated periodic syndromes",
    "L50.9": "Urticaria, unspecified",
    "M96.1": "Postlaminectomy syndrome, not elsewhere classified",
    "G89.4": "Chronic pain syndrome",
    "M54.16": "Radiculopathy, lumbar region",
    "F41.1": "Generalized anxiety disorder",
    "Z98.1": "Arthrodesis status",
    "G80.1": "Spastic diplegic cerebral palsy",
    "C50.911": "Malignant neoplasm of unspecified site of right female breast",
    "C79.51": "Secondary malignant neoplasm of bone",
    "G89.3": "Neoplasm related pain (acute) (chronic)",
    "F03.90": "Unspecified dementia, unspecified severity, without behavioral disturbance, psychotic disturbance, mood disturbance, and anxiety",
    "L91.8": "Other hypertrophic disorders of the skin",
    "L91.0": "Hypertrophic scar",
    "L82.1": "Other seborrheic keratosis",
    "L08.9": "Local infection of the skin and subcutaneous tissue, unspecified",
    "L90.5": "Scar conditions and fibrosis of skin",
    "Z95.1": "Presence of aortocoronary bypass graft",
    "E03.9": "Hypothyroidism, unspecified",
}

# RxNorm ingredients from scripts/codes/candidates/rxnorm-nucc-snomed-hcpcs.json.
RX = {
    "lenalidomide": "342369", "pomalidomide": "1369713", "thalidomide": "10432",
    "bortezomib": "358258", "carfilzomib": "1302966", "daratumumab": "1721947",
    "isatuximab": "2282018", "dexamethasone": "3264", "melphalan": "6718",
    "cyclophosphamide": "3002", "methotrexate": "6851", "sulfasalazine": "9524",
    "leflunomide": "27169", "hydroxychloroquine": "5521", "adalimumab": "327361",
    "tocilizumab": "612865", "tofacitinib": "1357536", "anakinra": "72435",
    "etanercept": "214555", "infliximab": "191831", "morphine": "7052", "baclofen": "1292",
}

NUCC_DISPLAY = {
    "207RR0500X": "Rheumatology Physician",
    "207RH0003X": "Hematology & Oncology Physician",
    "207RX0202X": "Medical Oncology Physician",
    "207RH0000X": "Hematology (Internal Medicine) Physician",
    "2080P0216X": "Pediatric Rheumatology Physician",
    "207LP2900X": "Pain Medicine (Anesthesiology) Physician",
    "208VP0000X": "Pain Medicine Physician",
}

# LOINC from scripts/codes/candidates/loinc.json (display as the candidate gives it).
L = {
    "spep": ("33358-3", "Monoclonal Protein"),
    "kappa": ("36916-5", "KFLC"),
    "lambda": ("33944-0", "LFLC"),
    "rf": ("11572-5", "Rheumatoid Factor"),
    "ccp": ("33935-8", "Cyclic Citrullinated Peptide Ab, S"),
    "crp": ("1988-5", "C reactive protein [Mass/volume] in Serum or Plasma"),
    "esr": ("4537-7", "Erythrocyte [Sedimentation Rate] in Blood by Westergren method"),
    "weight": ("29463-7", "Body weight"),
    "height": ("8302-2", "Body height"),
    "pain": ("72514-3", "Pain severity - 0-10 verbal numeric rating [Score] - Reported"),
    "cdai": ("75847-4", "Total score [CDAI]"),
    "status": ("97509-4", "Cancer disease progression"),
}

UNITS = {  # unit text -> UCUM code
    "g/dL": "g/dL", "g/L": "g/L", "mg/dL": "mg/dL", "mg/L": "mg/L", "IU/mL": "[IU]/mL",
    "U/mL": "U/mL", "mm/h": "mm/h", "kg": "kg", "lb": "[lb_av]", "cm": "cm", "mg/24 h": "mg/(24.h)",
    "g/24 h": "g/(24.h)", "%": "%", "{score}": "{score}", "mo": "mo", "mg": "mg", "mcg": "ug",
}


def coding(system, code, display=None):
    c = {"system": system, "code": code}
    if display:
        c["display"] = display
    return c


def cc(text, *codings):
    out = {}
    if codings:
        out["coding"] = list(codings)
    out["text"] = text
    return out


def icd(code, text=None):
    return cc(text or ICD[code], coding(ICD10, code, ICD[code]))


def q(value, unit):
    return {"value": value, "unit": unit, "system": UCUM, "code": UNITS[unit]}


def drug(text, ingredient=None):
    """A medication as a chart names it: brand or generic text, with the RxNorm ingredient
    coding when one is sourced and asked for."""
    if ingredient:
        return cc(text, coding(RXNORM, RX[ingredient], ingredient))
    return cc(text)


class Chart:
    def __init__(self, slug, given, family, birth, gender, mrn):
        self.slug = slug
        self.pid = slug
        self.entries = []
        self.n = 0
        self.add("Patient", "patient", {
            "identifier": [{"use": "usual", "type": cc("Medical record number"),
                            "system": "http://hospital.example.org/mrn", "value": mrn}],
            "active": True,
            "name": [{"use": "official", "family": family, "given": given}],
            "gender": gender, "birthDate": birth,
            "address": [{"city": "Springfield", "state": "IL", "postalCode": "62701", "country": "US"}],
        }, subject=None)
        self.patient_ref = {"reference": f"Patient/{self.rid('patient')}", "display": " ".join(given + [family])}

    def rid(self, local):
        return f"{self.slug}-{local}"

    def add(self, rtype, local, body, subject="subject"):
        rid = self.rid(local)
        res = {"resourceType": rtype, "id": rid}
        if subject:
            res[subject] = self.patient_ref
        res.update(body)
        self.entries.append({"fullUrl": f"{BASE}/{rtype}/{rid}", "resource": res})
        return {"reference": f"{rtype}/{rid}"}

    def auto(self, prefix):
        self.n += 1
        return f"{prefix}-{self.n}"

    # -- people -----------------------------------------------------------------------------
    def prescriber(self, given, family, nucc=None, text=None, org="Springfield Regional Medical Center"):
        prac = self.add("Practitioner", "practitioner", {
            "identifier": [{"system": "http://hl7.org/fhir/sid/us-npi", "value": "1" + str(abs(hash_int(self.slug)) % 10**9).zfill(9)}],
            "name": [{"family": family, "given": [given], "prefix": ["Dr."]}],
        }, subject=None)
        spec = cc(text or NUCC_DISPLAY[nucc], *([coding(NUCC, nucc, NUCC_DISPLAY[nucc])] if nucc else []))
        self.add("PractitionerRole", "practitioner-role", {
            "active": True, "practitioner": prac,
            "code": [spec], "specialty": [spec],
        }, subject=None)
        self.prac = prac
        self.org_name = org
        return prac

    # -- clinical resources ---------------------------------------------------------------------
    def encounter(self, date, reason, cls="AMB", end=None, kind="Office visit"):
        clsd = {"AMB": "ambulatory", "IMP": "inpatient encounter"}[cls]
        return self.add("Encounter", self.auto("encounter"), {
            "status": "finished",
            "class": coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", cls, clsd),
            "type": [cc(kind)],
            "participant": [{"individual": self.prac}],
            "period": {"start": date, "end": end or date},
            "reasonCode": [cc(reason)],
        })

    def condition(self, code, onset, text=None, clinical="active", verification="confirmed", recorded=None,
                  note=None, codings=None, category="problem-list-item"):
        body = {}
        if verification != "entered-in-error" and clinical:
            body["clinicalStatus"] = cc(clinical, coding("http://terminology.hl7.org/CodeSystem/condition-clinical", clinical))
        body["verificationStatus"] = cc(verification, coding("http://terminology.hl7.org/CodeSystem/condition-ver-status", verification))
        body["category"] = [cc(category.replace("-", " "), coding("http://terminology.hl7.org/CodeSystem/condition-category", category))]
        if code:
            c = icd(code, text)
            if codings:
                c["coding"].extend(codings)
            body["code"] = c
        else:
            body["code"] = cc(text)
        body["onsetDateTime"] = onset
        body["recordedDate"] = recorded or onset
        if note:
            body["note"] = [{"text": note}]
        return self.add("Condition", self.auto("condition"), body)

    def obs(self, key_or_text, date, value=None, unit=None, low=None, high=None, status="final", issued=None,
            ref_text=None, interp=None, category="laboratory", value_text=None, note=None, code_text=None):
        if key_or_text in L:
            code, disp = L[key_or_text]
            ccode = cc(code_text or disp, coding(LOINC, code, disp))
        else:
            ccode = cc(key_or_text)
        body = {"status": status,
                "category": [cc(category, coding(OBSCAT, category))],
                "code": ccode,
                "effectiveDateTime": date,
                "issued": (issued or date) + ("T12:00:00Z" if "T" not in (issued or date) else "")}
        if value is not None:
            body["valueQuantity"] = q(value, unit)
        elif value_text is not None:
            body["valueCodeableConcept"] = cc(value_text) if isinstance(value_text, str) else value_text
        if low is not None or high is not None or ref_text:
            rr = {}
            if low is not None:
                rr["low"] = q(low, unit)
            if high is not None:
                rr["high"] = q(high, unit)
            if ref_text:
                rr["text"] = ref_text
            body["referenceRange"] = [rr]
        if interp is None and value is not None and status != "entered-in-error":
            if high is not None and value > high:
                interp = "H"
            elif low is not None and value < low:
                interp = "L"
            elif high is not None or low is not None:
                interp = "N"
        if interp:
            body["interpretation"] = [cc({"H": "High", "L": "Low", "N": "Normal", "A": "Abnormal"}[interp],
                                         coding(V3INT, interp, {"H": "High", "L": "Low", "N": "Normal", "A": "Abnormal"}[interp]))]
        if note:
            body["note"] = [{"text": note}]
        body["performer"] = [self.prac] if category != "laboratory" else [{"display": "Springfield Regional Laboratory"}]
        return self.add("Observation", self.auto("observation"), body)

    def vital(self, key, date, value, unit, status="final"):
        return self.obs(key, date, value, unit, category="vital-signs", status=status)

    def status(self, date, text, note=None):
        """mCODE cancer disease status (LOINC 97509-4), valued 'Patient's condition worsened' (SNOMED CT
        271299001, from crates/policies/codes.json on main) with the chart's own wording as text."""
        value = cc(text, coding(SNOMED, "271299001", "Patient's condition worsened"))
        return self.obs("status", date, value_text=value, category="exam", note=note)

    def med_statement(self, med, start, end=None, status="completed", dose=None, reason=None, note=None):
        body = {"status": status, "medicationCodeableConcept": med, "effectivePeriod": {"start": start}}
        if end:
            body["effectivePeriod"]["end"] = end
        body["dateAsserted"] = end or start
        if reason:
            body["statusReason"] = [cc(reason)]
        if dose:
            body["dosage"] = [{"text": dose}]
        if note:
            body["note"] = [{"text": note}]
        return self.add("MedicationStatement", self.auto("medication-statement"), body)

    def med_request(self, med, authored, dose, status="active", value=None, unit=None, per=None, note=None,
                    reason=None, intent="order"):
        di = {"text": dose}
        if value is not None:
            di["doseAndRate"] = [{"doseQuantity": q(value, unit)}]
            if per:
                di["timing"] = {"repeat": {"frequency": per[0], "period": per[1], "periodUnit": per[2]}}
        body = {"status": status, "intent": intent, "medicationCodeableConcept": med, "authoredOn": authored,
                "requester": self.prac, "dosageInstruction": [di]}
        if reason:
            body["statusReason"] = cc(reason)
        if note:
            body["note"] = [{"text": note}]
        return self.add("MedicationRequest", self.auto("medication-request"), body)

    def med_admin(self, med, date, value=None, unit=None, status="completed", route=None, note=None):
        body = {"status": status, "medicationCodeableConcept": med, "effectiveDateTime": date}
        if value is not None:
            body["dosage"] = {"dose": q(value, unit)}
            if route:
                body["dosage"]["route"] = cc(route)
        if note:
            body["note"] = [{"text": note}]
        return self.add("MedicationAdministration", self.auto("medication-administration"), body)

    def procedure(self, code_cc, date, end=None, note=None, status="completed"):
        body = {"status": status, "code": code_cc}
        if end:
            body["performedPeriod"] = {"start": date, "end": end}
        else:
            body["performedDateTime"] = date
        body["performer"] = [{"actor": self.prac}]
        if note:
            body["note"] = [{"text": note}]
        return self.add("Procedure", self.auto("procedure"), body)

    def report(self, text, date, conclusion, status="final"):
        return self.add("DiagnosticReport", self.auto("diagnostic-report"), {
            "status": status, "code": cc(text), "effectiveDateTime": date,
            "issued": date + "T12:00:00Z", "conclusion": conclusion})

    def immunization(self, text, date):
        return self.add("Immunization", self.auto("immunization"), {
            "status": "completed", "vaccineCode": cc(text), "occurrenceDateTime": date, "primarySource": True}, subject="patient")

    def allergy(self, text, reaction=None, criticality="low"):
        body = {"clinicalStatus": cc("active", coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active")),
                "verificationStatus": cc("confirmed", coding("http://terminology.hl7.org/CodeSystem/allergyintolerance-verification", "confirmed")),
                "criticality": criticality, "code": cc(text)}
        if reaction:
            body["reaction"] = [{"manifestation": [cc(reaction)]}]
        return self.add("AllergyIntolerance", self.auto("allergy"), body, subject="patient")

    def care_plan(self, text, date, activities):
        return self.add("CarePlan", self.auto("care-plan"), {
            "status": "active", "intent": "plan", "title": text, "created": date,
            "description": text, "activity": [{"detail": {"status": "scheduled", "description": a}} for a in activities]})

    def bundle(self, kind="collection"):
        return {"resourceType": "Bundle", "id": self.slug, "type": kind, "entry": self.entries}


def hash_int(text):
    return uuid.uuid5(NS, text).int


def ids(*names):
    return list(names)


# Shared myeloma helpers ------------------------------------------------------------------------
CAT_TRANSPLANT = cc("Autologous peripheral blood stem cell transplant",
                    coding(SNOMED, "709115004", "Transplantation of autologous hematopoietic stem cell"),
                    coding(SNOMED, "425983008", "Autologous peripheral blood stem cell transplant"))
CART = cc("CAR-T cell infusion", coding(SNOMED, "1156961008", "Chimeric antigen receptor T-cell immunotherapy"))


def mm_condition(c, onset, text, code="C90.02"):
    return c.condition(code, onset, text=text, codings=[coding(SNOMED, "109989006", "Multiple myeloma")],
                       category="encounter-diagnosis")


def spep(c, date, value, unit="g/dL", **kw):
    return c.obs("spep", date, value, unit, high=0.0, ref_text="Not detected", **kw)


def flc(c, date, kappa, lam, unit="mg/L", ratio_range=(0.26, 1.65), status="final", issued=None, ratio_status=None):
    rng = {"mg/L": ((3.3, 19.4), (5.7, 26.3)), "mg/dL": ((0.33, 1.94), (0.57, 2.63))}[unit]
    c.obs("kappa", date, kappa, unit, low=rng[0][0], high=rng[0][1], status=status, issued=issued,
          code_text="Kappa free light chain, serum")
    c.obs("lambda", date, lam, unit, low=rng[1][0], high=rng[1][1], status=status, issued=issued,
          code_text="Lambda free light chain, serum")
    ratio = round(kappa / lam, 2)
    interp = "H" if ratio > ratio_range[1] else ("L" if ratio < ratio_range[0] else "N")
    c.add("Observation", c.auto("observation"), {
        "status": ratio_status or status, "category": [cc("laboratory", coding(OBSCAT, "laboratory"))],
        "code": cc("Kappa/Lambda free light chain ratio, serum"), "effectiveDateTime": date,
        "issued": (issued or date) + "T12:00:00Z",
        "valueQuantity": {"value": ratio, "unit": "ratio", "system": UCUM, "code": "1"},
        "referenceRange": [{"low": {"value": ratio_range[0], "system": UCUM, "code": "1"},
                            "high": {"value": ratio_range[1], "system": UCUM, "code": "1"},
                            "text": f"{ratio_range[0]}-{ratio_range[1]}"}],
        "interpretation": [cc({"H": "High", "L": "Low", "N": "Normal"}[interp],
                              coding(V3INT, interp, {"H": "High", "L": "Low", "N": "Normal"}[interp]))],
    })
    return ratio


def upep(c, date, value, unit="mg/24 h"):
    high = 0 if unit == "mg/24 h" else 0.0
    return c.obs("Monoclonal protein, 24-hour urine (urine protein electrophoresis)", date, value, unit, high=high,
                 ref_text="Not detected")


def marrow(c, date, pct, note):
    return c.obs("Bone marrow plasma cells (aspirate differential)", date, pct, "%", high=5, note=note)


def common_extras(c, year, weight_kg=None, height_cm=None):
    c.immunization("Influenza vaccine, inactivated, quadrivalent", f"{year}-10-02")
    c.immunization("COVID-19 vaccine, mRNA, 2024-2025 formula", f"{year - 1}-10-14")
    if height_cm:
        c.vital("height", f"{year}-01-15", height_cm, "cm")
    c.obs("Blood pressure (office)", f"{year}-06-10", category="vital-signs", value_text="128/76 mmHg")


def doc(policy, c, about, as_of, lob, outcome, facts, typed, confirm, kind="collection"):
    # "None" of a history (no BCMA-targeted drug, no CAR-T ever) is the clinician's to say: a
    # chart's silence is not a negative finding, so an empty list is typed, never a fact.
    for q in [q for q, v in facts.items() if v == [] or v == {"partial": []}]:
        typed[q] = facts.pop(q)
    out = {"policy": policy, "about": about, "as_of": as_of}
    if lob:
        out["line_of_business"] = lob
    out.update({"outcome": outcome, "facts": facts, "typed": typed, "confirm_complete": confirm,
                "record": c.bundle(kind)})
    return out


# ---------------------------------------------------------------------------------------------
# Carvykti (CP.PHAR.533)
# ---------------------------------------------------------------------------------------------

def carvykti_len_refractory():
    c = Chart("cv-alvarez", ["Robert", "J."], "Alvarez", "1958-06-14", "male", "MRN-40318822")
    c.prescriber("Nadia", "Okafor", "207RH0000X")
    mm_condition(c, "2019-03-04", "IgG kappa multiple myeloma, relapsed")
    c.condition("D63.0", "2019-03-04", clinical="resolved")
    c.condition("Z94.84", "2019-09-12")
    c.condition("I10", "2012-05-01")
    c.encounter("2019-03-04", "New diagnosis: IgG kappa myeloma, anemia, lytic lesions", kind="Hematology consultation")
    marrow(c, "2019-03-05", 60, "Clonal kappa-restricted plasma cells 60%")
    spep(c, "2019-03-04", 3.2)
    # Line 1: VRd induction, stem cell collection, melphalan 200 mg/m2 + ASCT, lenalidomide maintenance
    c.med_statement(drug("Velcade (bortezomib) 1.3 mg/m2 SC days 1, 4, 8, 11", "bortezomib"), "2019-04-01", "2019-07-11", dose="1.3 mg/m2 SC days 1, 4, 8, 11 of 21-day cycles x4")
    c.med_statement(drug("Revlimid 25 mg capsule"), "2019-04-01", "2019-07-14", dose="25 mg PO days 1-14 of 21")
    c.med_statement(drug("dexamethasone 40 mg", "dexamethasone"), "2019-04-01", "2019-07-15", dose="40 mg PO weekly")
    spep(c, "2019-07-22", 0.6)
    c.procedure(cc("Peripheral blood stem cell collection (apheresis)"), "2019-08-06")
    c.med_admin(drug("melphalan 200 mg/m2 IV (conditioning)", "melphalan"), "2019-09-10", 390, "mg", route="intravenous")
    c.encounter("2019-09-09", "High-dose melphalan and autologous stem cell transplant", cls="IMP", end="2019-09-27", kind="Inpatient admission")
    c.procedure(CAT_TRANSPLANT, "2019-09-12")
    marrow(c, "2019-12-18", 2, "Day +100 marrow: 2% plasma cells")
    c.med_statement(drug("Revlimid 10 mg (maintenance)"), "2019-12-02", "2023-02-14", status="stopped",
                    reason="Progressive disease on maintenance", dose="10 mg PO daily days 1-28")
    spep(c, "2019-12-02", 0.2)
    spep(c, "2021-06-01", 0.1)
    spep(c, "2022-08-15", 0.2)
    spep(c, "2023-02-06", 0.9)
    c.status("2023-02-06", "Progressive disease (IMWG): M-protein 0.9 g/dL from nadir 0.1 g/dL on lenalidomide maintenance")
    # Line 2: daratumumab-hyaluronidase, pomalidomide, dexamethasone
    c.med_statement(drug("Darzalex Faspro 1800 mg SC"), "2023-02-27", "2026-09-08", status="stopped",
                    reason="Progressive disease", dose="1800 mg SC weekly x8, every 2 weeks x8, then every 4 weeks")
    c.med_statement(drug("Pomalyst 4 mg", "pomalidomide"), "2023-02-27", "2026-09-28", status="stopped",
                    reason="Progressive disease", dose="4 mg PO days 1-21 of 28")
    c.med_statement(drug("dexamethasone 20 mg", "dexamethasone"), "2023-02-27", "2026-09-29", status="stopped",
                    dose="20 mg PO weekly")
    spep(c, "2023-06-05", 0.3)
    spep(c, "2024-09-09", 0.2)
    flc(c, "2024-09-09", 24.0, 9.8)
    upep(c, "2024-09-09", 0)
    spep(c, "2025-08-11", 0.3)
    c.encounter("2026-10-06", "Rising M-protein on DPd: progression", kind="Hematology follow-up")
    c.obs("spep", "2026-10-06", 11, "g/L", high=0.0, ref_text="Not detected", note="Reference laboratory reports in g/L")
    flc(c, "2026-10-06", 310.0, 7.9)
    upep(c, "2026-10-06", 150)
    c.status("2026-10-06", "Progressive disease (IMWG) after daratumumab-pomalidomide-dexamethasone; last dose 2026-09-29")
    # Most recent workup for CAR-T referral
    c.encounter("2026-11-03", "CAR-T evaluation: relapsed/refractory myeloma after 2 lines", kind="Cellular therapy consultation")
    spep(c, "2026-11-03", 13, status="entered-in-error", note="Entered in error: g/L result filed as g/dL")
    spep(c, "2026-11-03", 1.3)
    flc(c, "2026-11-03", 482.0, 8.1)
    upep(c, "2026-11-03", 180)
    c.vital("weight", "2026-11-03", 82.4, "kg")
    spep(c, "2026-11-26", 1.6)  # after the as-of date
    common_extras(c, 2026, height_cm=178)
    facts = {
        "diagnosis": "multiple_myeloma", "mm_status": "relapsed_and_refractory", "prescriber": "hematologist",
        "birth_date": "1958-06-14",
        "spep_m_protein": 1.3, "spep_date": "2026-11-03",
        "upep_m_protein": 180, "upep_date": "2026-11-03",
        "flc_involved": 48.2, "flc_ratio_abnormal": True, "flc_date": "2026-11-03",
        "last_regimen_last_dose_date": "2026-09-29", "pd_assessment_date": "2026-10-06",
        "pd_spep_nadir": 0.2, "pd_spep_now": 1.1, "pd_upep_nadir": 0, "pd_upep_now": 150,
        "pd_flc_involved_nadir": 2.4, "pd_flc_uninvolved_nadir": 0.98,
        "pd_flc_involved_now": 31.0, "pd_flc_uninvolved_now": 0.79,
        "therapy_lines": [["bortezomib", "lenalidomide", "dexamethasone", "melphalan"],
                          ["daratumumab_hyaluronidase", "pomalidomide", "dexamethasone"]],
        "len_last_dose_date": "2023-02-14", "len_progression_date": "2023-02-06",
        "prior_bcma": [], "prior_car_t": [],
    }
    typed = {"request_type": "initial", "cns_involvement": False, "concurrent_car_t": [], "dose_million_cells": 75}
    about = ("IgG kappa myeloma: VRd, melphalan-ASCT and lenalidomide maintenance (one line) progressing on maintenance, "
             "then DPd (Darzalex Faspro, text only) to progression 7 days after its last dose; measurable disease "
             "13 days before the as-of date. Traps: an SPEP entered in error, an SPEP after the as-of date, the "
             "progression SPEP in g/L, light chains in mg/L, brand-only drugs, older SPEPs outside the 30 days.")
    return "carvykti", "len-refractory-after-dpd", doc("CP.PHAR.533", c, about, "2026-11-20", "commercial", "meets",
                                                        facts, typed, ["therapy_lines", "prior_bcma", "prior_car_t"])


def carvykti_switch_without_progression():
    c = Chart("cv-whitfield", ["Denise", "M."], "Whitfield", "1961-02-27", "female", "MRN-40522190")
    c.prescriber("Samuel", "Reyes", "207RX0202X")
    mm_condition(c, "2016-05-16", "IgG lambda multiple myeloma")
    c.condition("Z94.84", "2016-11-10")
    c.condition("E78.5", "2014-02-01")
    c.condition("N18.30", "2020-04-01")
    c.encounter("2016-05-16", "New diagnosis of IgG lambda myeloma", kind="Medical oncology consultation")
    marrow(c, "2016-05-18", 45, "Lambda-restricted plasma cells 45%")
    spep(c, "2016-05-16", 2.6)
    c.med_statement(drug("bortezomib 1.3 mg/m2 SC", "bortezomib"), "2016-06-01", "2016-09-15", dose="days 1, 4, 8, 11 of 21-day cycles")
    c.med_statement(drug("lenalidomide 25 mg", "lenalidomide"), "2016-06-01", "2016-09-18", dose="25 mg PO days 1-14 of 21")
    c.med_statement(drug("dexamethasone 40 mg", "dexamethasone"), "2016-06-01", "2016-09-20", dose="40 mg PO weekly")
    c.med_admin(drug("melphalan 200 mg/m2 IV", "melphalan"), "2016-11-08", 340, "mg", route="intravenous")
    c.procedure(CAT_TRANSPLANT, "2016-11-10")
    c.med_statement(drug("Revlimid 10 mg (maintenance, planned 2 years)"), "2017-02-01", "2019-01-31", status="completed",
                    dose="10 mg PO daily", note="Planned 24-month maintenance completed; observation")
    spep(c, "2017-08-14", 0.2)
    spep(c, "2019-01-28", 0.2)
    spep(c, "2020-06-15", 0.5)
    spep(c, "2021-03-15", 1.2)
    c.status("2021-03-15", "Progressive disease (IMWG): M-protein 1.2 g/dL from nadir 0.2 g/dL, off therapy")
    # Line 2: daratumumab, carfilzomib, dexamethasone
    c.med_statement(drug("Darzalex (daratumumab) 16 mg/kg IV", "daratumumab"), "2021-04-05", "2022-08-29", status="stopped", dose="16 mg/kg IV per schedule")
    c.med_statement(drug("Kyprolis (carfilzomib) 56 mg/m2 IV", "carfilzomib"), "2021-04-05", "2022-08-24", status="stopped", dose="56 mg/m2 IV days 1, 8, 15")
    c.med_statement(drug("dexamethasone 40 mg", "dexamethasone"), "2021-04-05", "2022-08-30", status="stopped", dose="40 mg weekly")
    spep(c, "2021-09-13", 0.4)
    spep(c, "2022-08-15", 0.4)
    # The regimen changes with no progression and no reason recorded.
    c.encounter("2022-09-12", "Treatment change", kind="Medical oncology follow-up")
    c.med_statement(drug("Sarclisa (isatuximab-irfc) 10 mg/kg IV", "isatuximab"), "2022-09-19", "2026-09-14", status="stopped", dose="10 mg/kg IV every 2 weeks")
    c.med_statement(drug("Pomalyst 4 mg"), "2022-09-19", "2026-09-27", status="stopped", dose="4 mg PO days 1-21 of 28")
    c.med_statement(drug("dexamethasone 40 mg", "dexamethasone"), "2022-09-19", "2026-09-28", status="stopped", dose="40 mg weekly")
    spep(c, "2022-10-17", 0.4)
    spep(c, "2024-03-11", 0.3)
    flc(c, "2024-03-11", 0.9, 1.9, unit="mg/dL")
    spep(c, "2026-10-05", 1.0)
    flc(c, "2026-10-05", 0.5, 12.4, unit="mg/dL")
    c.status("2026-10-05", "Progressive disease (IMWG) on isatuximab-pomalidomide-dexamethasone")
    c.encounter("2026-11-02", "Referral for BCMA CAR-T", kind="Cellular therapy consultation")
    spep(c, "2026-11-02", 1.2)
    # FLC first reported, then corrected two days later.
    flc(c, "2026-11-02", 0.41, 16.1, unit="mg/dL", issued="2026-11-03")
    flc(c, "2026-11-02", 0.41, 18.6, unit="mg/dL", status="corrected", issued="2026-11-05")
    c.vital("weight", "2026-11-02", 68.0, "kg")
    common_extras(c, 2026, height_cm=163)
    facts = {
        "diagnosis": "multiple_myeloma", "mm_status": "relapsed_and_refractory", "prescriber": "oncologist",
        "birth_date": "1961-02-27",
        "spep_m_protein": 1.2, "spep_date": "2026-11-02",
        "flc_involved": 18.6, "flc_ratio_abnormal": True, "flc_date": "2026-11-02",
        "last_regimen_last_dose_date": "2026-09-28", "pd_assessment_date": "2026-10-05",
        "pd_spep_nadir": 0.3, "pd_spep_now": 1.0,
        "pd_flc_involved_nadir": 1.9, "pd_flc_uninvolved_nadir": 0.9,
        "pd_flc_involved_now": 12.4, "pd_flc_uninvolved_now": 0.5,
        "therapy_lines": {"partial": [["bortezomib", "lenalidomide", "dexamethasone", "melphalan"],
                                      ["daratumumab", "carfilzomib", "dexamethasone", "isatuximab", "pomalidomide"]]},
        "len_last_dose_date": "2019-01-31", "len_progression_date": "2021-03-15",
        "prior_bcma": [], "prior_car_t": [],
    }
    typed = {"request_type": "initial", "cns_involvement": False, "concurrent_car_t": [], "dose_million_cells": 60,
             "len_no_minimal_response": False}
    about = ("IgG lambda myeloma: one planned line (VRd, ASCT, 2 years of lenalidomide) then progression 25 months off "
             "therapy (not lenalidomide-refractory), DKd, then a switch to Isa-Pd with no progression, toxicity or "
             "reason recorded: two or three lines, which the record cannot settle, so I.A.5.b stays open (incomplete). "
             "Traps: the regimen switch, a light chain result corrected two days after it was first reported, old SPEPs.")
    return "carvykti", "regimen-switch-without-progression", doc("CP.PHAR.533", c, about, "2026-11-20", "medicaid", "incomplete",
                                                                   facts, typed, ["prior_bcma", "prior_car_t"])


def carvykti_prior_teclistamab():
    c = Chart("cv-brennan", ["Thomas"], "Brennan", "1955-09-03", "male", "MRN-39877415")
    c.prescriber("Priya", "Natarajan", "207RH0003X")
    mm_condition(c, "2015-07-20", "IgG kappa multiple myeloma, relapsed")
    c.condition("Z94.84", "2016-02-17")
    c.condition("E11.9", "2010-03-01")
    c.condition(None, "2024-02-05", text="Leptomeningeal myeloma, suspected (headache, diplopia)", clinical=None,
                verification="refuted", recorded="2024-02-05",
                note="MRI brain and spine without leptomeningeal enhancement; CSF cytology negative (2024-02-14)")
    c.allergy("Sulfonamide antibiotics", "Rash")
    spep(c, "2015-07-20", 4.1)
    marrow(c, "2015-07-22", 70, "Kappa-restricted plasma cells 70%")
    c.med_statement(drug("Velcade"), "2015-08-03", "2015-11-26", dose="1.3 mg/m2 SC days 1, 4, 8, 11")
    c.med_statement(drug("Revlimid 25 mg"), "2015-08-03", "2015-11-30", dose="25 mg days 1-14")
    c.med_statement(drug("dexamethasone 40 mg", "dexamethasone"), "2015-08-03", "2015-11-30", dose="40 mg weekly")
    c.med_admin(drug("melphalan 200 mg/m2", "melphalan"), "2016-02-15", 410, "mg", route="intravenous")
    c.procedure(CAT_TRANSPLANT, "2016-02-17")
    c.med_statement(drug("Revlimid 10 mg maintenance"), "2016-05-02", "2019-10-21", status="stopped", reason="Progressive disease")
    spep(c, "2017-05-08", 0.1)
    spep(c, "2019-10-14", 0.8)
    c.status("2019-10-14", "Progressive disease (IMWG) on lenalidomide maintenance")
    c.med_statement(drug("Kyprolis 56 mg/m2", "carfilzomib"), "2019-11-04", "2021-12-20", status="stopped", reason="Progressive disease")
    c.med_statement(drug("Pomalyst 4 mg", "pomalidomide"), "2019-11-04", "2021-12-20", status="stopped")
    c.med_statement(drug("dexamethasone 40 mg", "dexamethasone"), "2019-11-04", "2021-12-20", status="stopped")
    spep(c, "2021-12-13", 1.1)
    c.status("2021-12-13", "Progressive disease (IMWG) on KPd")
    c.med_statement(drug("daratumumab 16 mg/kg IV", "daratumumab"), "2022-01-10", "2024-03-25", status="stopped", reason="Progressive disease")
    c.med_statement(drug("bortezomib 1.3 mg/m2", "bortezomib"), "2022-01-10", "2024-03-25", status="stopped")
    c.med_statement(drug("dexamethasone 20 mg", "dexamethasone"), "2022-01-10", "2024-03-25", status="stopped")
    spep(c, "2024-03-18", 1.5)
    c.status("2024-03-18", "Progressive disease (IMWG) on DVd")
    c.med_request(drug("Blenrep (belantamab mafodotin) 2.5 mg/kg IV"), "2024-03-27", "2.5 mg/kg IV every 3 weeks",
                  status="entered-in-error", note="Ordered on the wrong patient; voided")
    c.med_statement(drug("Tecvayli (teclistamab-cqyv) 1.5 mg/kg SC weekly"), "2024-04-08", "2026-08-31", status="stopped",
                    reason="Progressive disease", dose="step-up, then 1.5 mg/kg SC weekly, later every 2 weeks")
    spep(c, "2025-02-10", 0.4)
    flc(c, "2025-02-10", 35.0, 8.8)
    spep(c, "2026-09-08", 1.2)
    flc(c, "2026-09-08", 260.0, 7.5)
    c.status("2026-09-08", "Progressive disease (IMWG) on teclistamab")
    c.encounter("2026-11-02", "Evaluation for cilta-cel", kind="Cellular therapy consultation")
    spep(c, "2026-11-02", 1.4)
    flc(c, "2026-11-02", 395.0, 7.1)
    upep(c, "2026-11-02", 0.35, unit="g/24 h")
    spep(c, "2026-11-16", 1.6, status="preliminary")
    c.vital("weight", "2026-11-02", 91.0, "kg")
    common_extras(c, 2026, height_cm=183)
    facts = {
        "diagnosis": "multiple_myeloma", "mm_status": "relapsed_and_refractory", "prescriber": "hematologist",
        "birth_date": "1955-09-03",
        "spep_m_protein": 1.4, "spep_date": "2026-11-02",
        "upep_m_protein": 350, "upep_date": "2026-11-02",
        "flc_involved": 39.5, "flc_ratio_abnormal": True, "flc_date": "2026-11-02",
        "last_regimen_last_dose_date": "2026-08-31", "pd_assessment_date": "2026-09-08",
        "pd_spep_nadir": 0.4, "pd_spep_now": 1.2,
        "pd_flc_involved_nadir": 3.5, "pd_flc_uninvolved_nadir": 0.88,
        "pd_flc_involved_now": 26.0, "pd_flc_uninvolved_now": 0.75,
        "therapy_lines": [["bortezomib", "lenalidomide", "dexamethasone", "melphalan"],
                          ["carfilzomib", "pomalidomide", "dexamethasone"],
                          ["daratumumab", "bortezomib", "dexamethasone"],
                          ["teclistamab"]],
        "len_last_dose_date": "2019-10-21", "len_progression_date": "2019-10-14",
        "cns_involvement": False,
        "prior_bcma": ["teclistamab"], "prior_car_t": [],
    }
    typed = {"request_type": "initial", "concurrent_car_t": [], "dose_million_cells": 80}
    about = ("IgG kappa myeloma through four lines, the last teclistamab (Tecvayli, text only): a prior BCMA-targeted "
             "therapy, so I.A.7 fails. Traps: a Blenrep order entered in error (not a prior BCMA drug), a refuted "
             "leptomeningeal myeloma (no CNS involvement), a preliminary SPEP after the final one, urine M-protein in "
             "g/24 h, light chains in mg/L.")
    return "carvykti", "prior-teclistamab", doc("CP.PHAR.533", c, about, "2026-11-20", "marketplace", "does_not_meet",
                                                 facts, typed, ["therapy_lines", "prior_bcma", "prior_car_t"])


# ---------------------------------------------------------------------------------------------
# Abecma (CPCT.MNG.ABECMA)
# ---------------------------------------------------------------------------------------------

def abecma_single_line():
    c = Chart("ab-kowalski", ["Helen", "R."], "Kowalski", "1953-01-19", "female", "MRN-41100937")
    c.prescriber("Martin", "Adeyemi", "207RH0000X")
    mm_condition(c, "2023-01-09", "IgA kappa multiple myeloma, relapsed")
    c.condition("E85.81", "2023-01-20", clinical=None, verification="refuted",
                note="Fat pad aspirate Congo red negative; AL amyloidosis excluded")
    c.condition("Z94.84", "2023-07-13")
    c.condition("E03.9", "2009-01-01")
    c.encounter("2023-01-09", "New IgA kappa myeloma", kind="Hematology consultation")
    marrow(c, "2023-01-11", 40, "Kappa-restricted plasma cells 40%")
    c.obs("spep", "2023-01-09", 28, "g/L", high=0.0, ref_text="Not detected")
    c.care_plan("Myeloma treatment plan (transplant-eligible)", "2023-01-30",
                ["VRd induction x4 cycles", "Stem cell collection", "Melphalan 200 mg/m2 and autologous stem cell transplant",
                 "VRd consolidation x2 cycles", "Lenalidomide maintenance until progression"])
    c.med_statement(drug("Velcade (bortezomib)", "bortezomib"), "2023-02-06", "2023-05-18", dose="1.3 mg/m2 SC days 1, 4, 8, 11")
    c.med_statement(drug("Revlimid 25 mg", "lenalidomide"), "2023-02-06", "2023-05-21", dose="25 mg days 1-14")
    c.med_statement(drug("dexamethasone 40 mg", "dexamethasone"), "2023-02-06", "2023-05-28", dose="40 mg weekly")
    c.procedure(cc("Peripheral blood stem cell collection (apheresis)"), "2023-06-13")
    c.med_admin(drug("melphalan 200 mg/m2 IV", "melphalan"), "2023-07-11", 300, "mg", route="intravenous")
    c.procedure(CAT_TRANSPLANT, "2023-07-13")
    c.med_statement(drug("Velcade (consolidation)", "bortezomib"), "2023-09-11", "2023-10-19", dose="1.3 mg/m2 SC, 2 cycles")
    c.med_statement(drug("Revlimid 25 mg (consolidation)", "lenalidomide"), "2023-09-11", "2023-10-15", dose="25 mg days 1-14, 2 cycles")
    c.med_statement(drug("dexamethasone 40 mg (consolidation)", "dexamethasone"), "2023-09-11", "2023-10-22")
    c.med_statement(drug("Revlimid 10 mg (maintenance)", "lenalidomide"), "2023-11-06", "2026-10-19", status="stopped",
                    reason="Progressive disease on maintenance", dose="10 mg PO daily")
    c.obs("spep", "2024-01-08", 1, "g/L", high=0.0, ref_text="Not detected")
    c.obs("spep", "2025-07-07", 2, "g/L", high=0.0, ref_text="Not detected")
    c.obs("spep", "2026-10-12", 9, "g/L", high=0.0, ref_text="Not detected")
    c.status("2026-10-12", "Progressive disease (IMWG) on lenalidomide maintenance")
    flc(c, "2026-10-12", 88.0, 11.0)
    c.encounter("2026-11-04", "Relapsed myeloma on maintenance: CAR-T referral", kind="Hematology follow-up")
    flc(c, "2026-11-04", 102.0, 10.5, status="preliminary")
    c.vital("weight", "2026-11-04", 61.5, "kg")
    common_extras(c, 2026, height_cm=160)
    facts = {
        "birth_date": "1953-01-19", "diagnosis": "multiple_myeloma", "myeloma_status": "refractory",
        "prior_lines": [{"drugs": ["bortezomib", "lenalidomide", "dexamethasone", "melphalan"], "start": "2023-02-06"}],
        "prior_car_t_products": [],
    }
    typed = {"setting": "inpatient"}
    about = ("IgA kappa myeloma whose whole history is ONE planned line (VRd induction, melphalan-ASCT, VRd consolidation, "
             "lenalidomide maintenance, set out in a CarePlan) with progression on maintenance: one prior line and no "
             "anti-CD38, so A.2 fails; counting regimens would wrongly give four. Traps: SPEP in g/L, a preliminary "
             "light chain result, a refuted AL amyloidosis.")
    return "abecma", "single-planned-line", doc("CPCT.MNG.ABECMA", c, about, "2026-11-20", "medicare", "does_not_meet",
                                                 facts, typed, ["prior_lines", "prior_car_t_products"])


def abecma_four_lines():
    c = Chart("ab-okonkwo", ["Charles"], "Okonkwo", "1949-11-02", "male", "MRN-38765120")
    c.prescriber("Elena", "Vasquez", "207RX0202X")
    mm_condition(c, "2017-02-13", "IgG lambda multiple myeloma, relapsed")
    c.condition("Z94.84", "2017-08-02")
    c.condition("I10", "2005-01-01")
    c.condition("N18.30", "2022-01-01")
    spep(c, "2017-02-13", 3.8)
    marrow(c, "2017-02-15", 55, "Lambda-restricted plasma cells 55%")
    c.med_statement(drug("bortezomib", "bortezomib"), "2017-03-06", "2017-06-15")
    c.med_statement(drug("lenalidomide 25 mg", "lenalidomide"), "2017-03-06", "2017-06-18")
    c.med_statement(drug("dexamethasone", "dexamethasone"), "2017-03-06", "2017-06-20")
    c.med_admin(drug("melphalan 140 mg/m2 IV (age-adjusted)", "melphalan"), "2017-07-31", 270, "mg", route="intravenous")
    c.procedure(CAT_TRANSPLANT, "2017-08-02")
    c.med_statement(drug("Revlimid 10 mg maintenance"), "2017-10-02", "2020-05-11", status="stopped", reason="Progressive disease")
    spep(c, "2018-04-09", 0.2)
    spep(c, "2020-05-04", 1.0)
    c.status("2020-05-04", "Progressive disease (IMWG) on lenalidomide maintenance")
    c.med_statement(drug("Darzalex IV", "daratumumab"), "2020-06-01", "2022-08-22", status="stopped", reason="Progressive disease")
    c.med_statement(drug("Pomalyst 4 mg"), "2020-06-01", "2022-08-28", status="stopped")
    c.med_statement(drug("dexamethasone 20 mg", "dexamethasone"), "2020-06-01", "2022-08-29", status="stopped")
    spep(c, "2022-08-15", 1.3)
    c.status("2022-08-15", "Progressive disease (IMWG) on DPd")
    c.med_statement(drug("Kyprolis 70 mg/m2 weekly", "carfilzomib"), "2022-09-12", "2024-05-20", status="stopped", reason="Progressive disease")
    c.med_statement(drug("dexamethasone 40 mg", "dexamethasone"), "2022-09-12", "2024-05-20", status="stopped")
    c.med_request(drug("Ninlaro (ixazomib) 4 mg capsule"), "2024-05-28", "4 mg PO days 1, 8, 15", status="stopped",
                  reason="Not started: patient declined oral regimen")
    c.med_statement(drug("Ninlaro (ixazomib) 4 mg"), "2024-05-28", status="not-taken", reason="Patient declined; not started")
    spep(c, "2024-05-13", 1.1)
    c.status("2024-05-13", "Progressive disease (IMWG) on carfilzomib-dexamethasone")
    c.med_statement(drug("Xpovio (selinexor) 100 mg weekly"), "2024-06-03", "2026-09-22", status="stopped", reason="Progressive disease")
    c.med_statement(drug("Velcade 1.3 mg/m2 weekly", "bortezomib"), "2024-06-03", "2026-09-22", status="stopped")
    c.med_statement(drug("dexamethasone 20 mg twice weekly", "dexamethasone"), "2024-06-03", "2026-09-22", status="stopped")
    spep(c, "2025-03-10", 0.5)
    spep(c, "2026-10-05", 1.4)
    spep(c, "2026-10-05", 14, status="entered-in-error", note="Duplicate filed with the wrong unit")
    flc(c, "2026-10-05", 9.1, 240.0, issued="2026-10-06")
    flc(c, "2026-10-05", 9.1, 264.0, status="amended", issued="2026-10-08")
    c.status("2026-10-05", "Progressive disease (IMWG) on selinexor-bortezomib-dexamethasone")
    c.encounter("2026-11-09", "Relapsed/refractory myeloma after 4 lines: ide-cel evaluation", kind="Cellular therapy consultation")
    c.vital("weight", "2026-11-09", 77.0, "kg")
    common_extras(c, 2026, height_cm=175)
    facts = {
        "birth_date": "1949-11-02", "diagnosis": "multiple_myeloma", "myeloma_status": "refractory",
        "prior_lines": [
            {"drugs": ["bortezomib", "lenalidomide", "dexamethasone", "melphalan"], "start": "2017-03-06"},
            {"drugs": ["daratumumab", "pomalidomide", "dexamethasone"], "start": "2020-06-01"},
            {"drugs": ["carfilzomib", "dexamethasone"], "start": "2022-09-12"},
            {"drugs": ["selinexor", "bortezomib", "dexamethasone"], "start": "2024-06-03"},
        ],
        "prior_car_t_products": [],
    }
    typed = {"setting": "outpatient", "outpatient_attestation": True}
    about = ("IgG lambda myeloma through four dated lines (VRd-ASCT-R, DPd, Kd, SVd) with progression on each, planned "
             "as an outpatient infusion with the provider's attestation. Traps: an ixazomib (Ninlaro) order never taken "
             "(not a line), an SPEP entered in error, a lambda light chain amended after its first report, brand-only drugs.")
    return "abecma", "four-lines-outpatient", doc("CPCT.MNG.ABECMA", c, about, "2026-11-20", "medicare", "meets",
                                                   facts, typed, ["prior_lines", "prior_car_t_products"])


def abecma_prior_cart_trial():
    c = Chart("ab-lindqvist", ["Marianne"], "Lindqvist", "1960-04-30", "female", "MRN-40071264")
    c.prescriber("Owen", "Castellanos", "207RH0003X")
    mm_condition(c, "2018-01-22", "IgG kappa multiple myeloma, relapsed")
    c.condition("Z94.84", "2018-07-18")
    c.condition("Z92.850", "2023-06-17", text="History of investigational BCMA CAR-T cell therapy (clinical trial)")
    spep(c, "2018-01-22", 2.9)
    c.med_statement(drug("Velcade", "bortezomib"), "2018-02-12", "2018-05-24")
    c.med_statement(drug("Revlimid 25 mg", "lenalidomide"), "2018-02-12", "2018-05-27")
    c.med_statement(drug("dexamethasone", "dexamethasone"), "2018-02-12", "2018-05-29")
    c.med_admin(drug("melphalan 200 mg/m2", "melphalan"), "2018-07-16", 330, "mg", route="intravenous")
    c.procedure(CAT_TRANSPLANT, "2018-07-18")
    c.med_statement(drug("Revlimid 10 mg maintenance", "lenalidomide"), "2018-10-01", "2021-01-18", status="stopped", reason="Progressive disease")
    spep(c, "2021-01-11", 0.9)
    c.status("2021-01-11", "Progressive disease (IMWG) on lenalidomide maintenance")
    c.med_statement(drug("daratumumab IV", "daratumumab"), "2021-02-08", "2023-04-24", status="stopped", reason="Progressive disease")
    c.med_statement(drug("Kyprolis", "carfilzomib"), "2021-02-08", "2023-04-24", status="stopped")
    c.med_statement(drug("dexamethasone", "dexamethasone"), "2021-02-08", "2023-04-24", status="stopped")
    spep(c, "2023-04-17", 1.2)
    c.status("2023-04-17", "Progressive disease (IMWG) on DKd")
    c.encounter("2023-06-10", "Clinical trial: investigational BCMA-directed CAR-T", cls="IMP", end="2023-07-01", kind="Inpatient admission")
    c.med_admin(drug("cyclophosphamide 300 mg/m2 IV (lymphodepletion)", "cyclophosphamide"), "2023-06-12", 510, "mg", route="intravenous")
    c.med_admin(drug("fludarabine 30 mg/m2 IV (lymphodepletion)"), "2023-06-12", 51, "mg", route="intravenous")
    c.med_admin(drug("cyclophosphamide 300 mg/m2 IV (lymphodepletion)", "cyclophosphamide"), "2023-06-14", 510, "mg", route="intravenous")
    c.procedure(CART, "2023-06-17", note="Investigational autologous BCMA-directed CAR-T product, study protocol infusion")
    spep(c, "2024-01-08", 0.0)
    spep(c, "2025-01-13", 0.8)
    c.status("2025-01-13", "Progressive disease (IMWG) after investigational CAR-T")
    c.med_statement(drug("Elrexfio (elranatamab-bcmm) 76 mg SC"), "2025-02-03", "2026-09-28", status="stopped", reason="Progressive disease")
    spep(c, "2026-10-05", 1.1)
    c.status("2026-10-05", "Progressive disease (IMWG) on elranatamab")
    c.encounter("2026-11-02", "Request for ide-cel", kind="Cellular therapy consultation")
    c.vital("weight", "2026-11-02", 64.0, "kg")
    common_extras(c, 2026)
    facts = {
        "birth_date": "1960-04-30", "diagnosis": "multiple_myeloma", "myeloma_status": "refractory",
        "prior_lines": [
            {"drugs": ["bortezomib", "lenalidomide", "dexamethasone", "melphalan"], "start": "2018-02-12"},
            {"drugs": ["daratumumab", "carfilzomib", "dexamethasone"], "start": "2021-02-08"},
            {"drugs": ["investigational_car_t", "cyclophosphamide"], "start": "2023-06-12"},
            {"drugs": ["elranatamab"], "start": "2025-02-03"},
        ],
        "prior_car_t_products": ["investigational_car_t"],
    }
    typed = {"setting": "inpatient"}
    about = ("IgG kappa myeloma through four lines, the third an investigational BCMA CAR-T in a clinical trial "
             "(a CAR-T Procedure, lymphodepletion and a Z92.850 history code, no product name): prior CAR-T, so A.3 "
             "fails. Traps: fludarabine and elranatamab (Elrexfio) only as text, the trial product unnamed.")
    return "abecma", "prior-car-t-in-trial", doc("CPCT.MNG.ABECMA", c, about, "2026-11-20", "medicare", "does_not_meet",
                                                  facts, typed, ["prior_lines", "prior_car_t_products"])


# ---------------------------------------------------------------------------------------------
# Kineret (CP.PHAR.244)
# ---------------------------------------------------------------------------------------------

def kineret_ra_meets():
    c = Chart("kn-harper", ["Lisa", "Ann"], "Harper", "1974-08-09", "female", "MRN-42019833")
    c.prescriber("Gregory", "Tanaka", "207RR0500X")
    c.condition("M05.79", "2018-06-01", recorded="2018-11-05",
                codings=[coding(SNOMED, "69896004", "Rheumatoid arthritis")],
                note="Symmetric hand and wrist synovitis since June 2018")
    c.condition("E78.5", "2016-01-01")
    c.encounter("2018-11-05", "Polyarthritis of hands and wrists for 5 months", kind="Rheumatology new patient")
    c.obs("Joint examination (28-joint count)", "2018-11-05", category="exam",
          value_text="Swollen and tender: right and left MCP2, MCP3, right and left wrists (6 small joints); large joints spared")
    c.obs("rf", "2018-11-05", 9.6, "IU/mL", low=0, high=14, status="entered-in-error", note="Transcription error; see corrected result")
    c.obs("rf", "2018-11-05", 96, "IU/mL", low=0, high=14)
    c.obs("ccp", "2018-11-05", 250, "U/mL", high=20, ref_text="<20.0 U (negative)")
    c.obs("crp", "2018-11-05", 18, "mg/L", high=10)
    c.obs("esr", "2018-11-05", 42, "mm/h", low=0, high=20)
    c.obs("cdai", "2018-11-05", 38, "{score}", category="survey")
    # Methotrexate: oral, then Otrexup (same trial)
    c.med_statement(drug("methotrexate 2.5 mg tablets", "methotrexate"), "2018-11-12", "2019-03-31", status="completed",
                    dose="15 mg weekly, 20 mg weekly from 2019-01-07", note="Changed to subcutaneous methotrexate")
    c.med_statement(drug("Otrexup 25 mg/0.4 mL auto-injector"), "2019-04-01", "2019-08-26", status="stopped",
                    reason="Inadequate response", dose="25 mg SC weekly")
    c.obs("cdai", "2019-08-19", 29, "{score}", category="survey")
    c.med_statement(drug("sulfasalazine 1000 mg twice daily", "sulfasalazine"), "2019-09-02", "2019-10-14", status="stopped",
                    reason="Nausea and rash", dose="500 mg BID, titrated to 1000 mg BID")
    c.med_statement(drug("Plaquenil 200 mg"), "2019-09-02", status="not-taken", reason="Patient declined (retinal toxicity concern)")
    c.med_statement(drug("Humira 40 mg/0.4 mL pen", "adalimumab"), "2020-01-06", "2020-09-28", status="stopped",
                    reason="Inadequate response", dose="40 mg SC every 2 weeks")
    c.med_statement(drug("Humira 40 mg/0.4 mL pen", "adalimumab"), "2020-10-05", "2020-12-01", status="entered-in-error",
                    note="Duplicate entry")
    for d in ["2020-11-02", "2020-11-30", "2020-12-28", "2021-01-25", "2021-02-22", "2021-03-22", "2021-04-19",
              "2021-05-17", "2021-06-14"]:
        c.med_admin(drug("Actemra (tocilizumab) 8 mg/kg IV", "tocilizumab"), d, 600, "mg", route="intravenous")
    c.obs("cdai", "2021-06-14", 27, "{score}", category="survey")
    c.med_statement(drug("Xeljanz 5 mg tablet"), "2021-08-02", "2022-03-07", status="stopped",
                    reason="Inadequate response", dose="5 mg PO twice daily")
    c.med_statement(drug("Enbrel 50 mg SureClick", "etanercept"), "2022-04-04", "2026-10-05", status="stopped",
                    reason="Loss of response", dose="50 mg SC weekly")
    c.vital("weight", "2024-05-13", 172, "lb")
    c.obs("cdai", "2024-05-13", 18, "{score}", category="survey")
    c.encounter("2026-10-19", "Active RA despite etanercept; plan anakinra", kind="Rheumatology follow-up")
    c.obs("cdai", "2026-10-19", 31, "{score}", category="survey")
    c.obs("crp", "2026-10-19", 12, "mg/L", high=10, issued="2026-10-20")
    c.obs("crp", "2026-10-19", 21, "mg/L", high=10, status="amended", issued="2026-10-22")
    c.obs("esr", "2026-10-19", 38, "mm/h", low=0, high=20)
    c.vital("weight", "2026-10-19", 168, "lb")
    c.med_request(drug("Kineret 100 mg/0.67 mL prefilled syringe", "anakinra"), "2026-10-19", "100 mg SC once daily",
                  status="draft", value=100, unit="mg", per=[1, 1, "d"])
    common_extras(c, 2026, height_cm=165)
    facts = {
        "diagnosis": "ra", "birth_date": "1974-08-09", "prescriber": "rheumatologist",
        "acr_joints": "small_4_10", "rf_value": 96, "rf_uln": 14, "acpa_value": 250, "acpa_uln": 20,
        "acr_acute_phase": "abnormal", "acr_duration": "6_weeks_or_more",
        "mtx_ongoing": False, "mtx_first_dose": "2018-11-12", "mtx_stopped": "2019-08-26",
        "csdmard_ongoing": False, "csdmard_first_dose": "2019-09-02", "csdmard_stopped": "2019-10-14",
        "adalimumab_ongoing": False, "adalimumab_first_dose": "2020-01-06", "adalimumab_stopped": "2020-09-28",
        "tocilizumab_ongoing": False, "tocilizumab_first_dose": "2020-11-02", "tocilizumab_stopped": "2021-07-12",
        "tofacitinib_ongoing": False, "tofacitinib_first_dose": "2021-08-02", "tofacitinib_stopped": "2022-03-07",
        "baseline_score_type": "cdai", "baseline_score_recorded": "total", "baseline_cdai_total": 31,
        "weight": {"value": 168, "unit": "lb"},
    }
    typed = {"request_type": "initial", "mtx_result": "inadequate", "csdmard_result": "adverse_effects",
             "tnf_history": "failed_two", "adalimumab_result": "inadequate", "tocilizumab_result": "inadequate",
             "tofacitinib_result": "inadequate", "concurrent_drugs": [], "daily_dose": 100, "syringes_per_day": 1}
    about = ("Seropositive RA since 2018 through methotrexate (oral, then Otrexup: one trial), sulfasalazine (stopped for "
             "adverse effects), Humira, Actemra (only infusions charted: the trial ends 4 weeks after the last), Xeljanz "
             "and Enbrel; baseline CDAI 31. Traps: an RF entered in error, a CRP amended after its first report, "
             "Plaquenil not taken, a Humira entry entered in error, weights in lb, brand-only drugs, older CDAIs.")
    return "kineret", "ra-after-biologics", doc("CP.PHAR.244", c, about, "2026-11-16", "medicaid", "meets", facts, typed, [])


def kineret_nomid_child():
    c = Chart("kn-moreno", ["Mateo"], "Moreno", "2020-03-12", "male", "MRN-43300518")
    c.prescriber("Aisha", "Grant", "2080P0216X")
    c.condition("M04.2", "2020-03-13", text="Neonatal-onset multisystem inflammatory disease (NOMID/CINCA)",
                recorded="2021-02-08", note="Urticarial rash from day 1, aseptic meningitis, papilledema; NLRP3 pathogenic variant")
    c.condition("L50.9", "2020-04-20", clinical=None, verification="refuted",
                note="Neonatal urticaria initially suspected; rash is neutrophilic urticaria of NOMID")
    c.obs("NLRP3 gene sequencing", "2021-01-25", value_text="Pathogenic heterozygous de novo NLRP3 variant detected",
          category="laboratory")
    c.encounter("2021-02-08", "Chronic rash, fevers, headaches: CAPS evaluation", kind="Pediatric rheumatology new patient")
    c.vital("weight", "2024-05-06", 31, "lb")
    c.vital("weight", "2025-05-12", 36.4, "lb")
    c.med_statement(drug("prednisolone oral solution"), "2021-02-10", "2021-06-30", status="completed", dose="1 mg/kg/day, tapered")
    c.med_statement(drug("Ilaris (canakinumab) 4 mg/kg SC every 4 weeks"), "2021-07-05", "2026-09-14", status="stopped",
                    reason="Persistent headaches and raised CRP; switch to daily anakinra")
    c.obs("crp", "2025-05-12", 0.8, "mg/dL", high=0.5)
    c.vital("weight", "2026-04-20", 17.9, "kg")
    c.encounter("2026-11-02", "NOMID flare on canakinumab; start anakinra", kind="Pediatric rheumatology follow-up")
    c.vital("weight", "2026-11-02", 18.6, "kg")
    c.obs("crp", "2026-11-02", 4.2, "mg/dL", high=0.5)
    c.obs("esr", "2026-11-02", 48, "mm/h", low=0, high=15)
    c.obs("crp", "2026-11-09", 3.1, "mg/dL", high=0.5, status="preliminary")
    c.med_request(drug("Kineret 100 mg/0.67 mL prefilled syringe", "anakinra"), "2026-11-09",
                  "40 mg SC once daily (about 2 mg/kg/day)", status="draft", value=40, unit="mg", per=[1, 1, "d"])
    c.vital("weight", "2026-12-01", 19.0, "kg")
    c.immunization("Measles, mumps and rubella vaccine (MMR)", "2021-03-15")
    c.immunization("Influenza vaccine, inactivated, pediatric", "2026-10-05")
    c.vital("height", "2026-11-02", 112, "cm")
    facts = {"diagnosis": "caps_nomid", "birth_date": "2020-03-12", "prescriber": "rheumatologist", "weight": 18.6}
    typed = {"request_type": "initial", "concurrent_drugs": [], "daily_dose": 40, "syringes_per_day": 1}
    about = ("Six-year-old with NOMID/CINCA (M04.2 with NOMID in its text) switching from canakinumab to anakinra 40 mg/day "
             "at 18.6 kg. Traps: weights over time in lb and kg, a weight after the as-of date, CRP in mg/dL, a "
             "preliminary CRP, a refuted neonatal urticaria, canakinumab (Ilaris, text only) stopped before the request.")
    return "kineret", "nomid-child", doc("CP.PHAR.244", c, about, "2026-11-16", "medicaid", "meets", facts, typed, [])


def kineret_ra_no_biologic():
    c = Chart("kn-dubois", ["Paul", "E."], "Dubois", "1968-12-01", "male", "MRN-41877302")
    c.prescriber("Gregory", "Tanaka", "207RR0500X")
    c.condition("M05.79", "2024-11-01", recorded="2025-03-10", codings=[coding(SNOMED, "69896004", "Rheumatoid arthritis")])
    c.condition("L40.50", "2025-03-10", clinical=None, verification="refuted",
                note="No psoriasis on skin or nail examination; RF and anti-CCP positive")
    c.condition("I10", "2015-01-01")
    c.obs("rf", "2021-06-14", 8, "IU/mL", high=15, ref_text="<15 IU/mL", note="Primary care screening for arthralgia")
    c.encounter("2025-03-10", "Inflammatory arthritis of hands, wrist and knee since November", kind="Rheumatology new patient")
    c.obs("Joint examination (28-joint count)", "2025-03-10", category="exam",
          value_text="Swollen and tender: right MCP2, right PIP3, left MCP2, left wrist (4 small joints), right knee")
    c.obs("rf", "2025-03-10", 64, "IU/mL", high=15, ref_text="<15 IU/mL")
    c.obs("ccp", "2025-03-10", 45, "U/mL", high=20, ref_text="<20.0 U (negative)", issued="2025-03-12")
    c.obs("ccp", "2025-03-10", 54, "U/mL", high=20, ref_text="<20.0 U (negative)", status="corrected", issued="2025-03-14")
    c.obs("crp", "2025-03-10", 4, "mg/L", high=5)
    c.obs("esr", "2025-03-10", 12, "mm/h", low=0, high=22)
    c.med_statement(drug("methotrexate 2.5 mg tablets", "methotrexate"), "2025-03-17", status="active",
                    dose="15 mg weekly, 20 mg weekly from 2025-05")
    c.med_statement(drug("folic acid 1 mg"), "2025-03-17", status="active", dose="1 mg daily")
    c.med_request(drug("Humira 40 mg pen", "adalimumab"), "2025-09-02", "40 mg SC every 2 weeks", status="entered-in-error",
                  note="Entered on the wrong chart")
    c.encounter("2026-10-26", "Persistent synovitis on methotrexate", kind="Rheumatology follow-up")
    c.obs("cdai", "2026-10-26", 24, "{score}", category="survey")
    c.vital("weight", "2026-10-26", 94.0, "kg")
    c.vital("weight", "2026-11-30", 93.2, "kg")
    c.med_request(drug("Kineret 100 mg prefilled syringe", "anakinra"), "2026-10-26", "100 mg SC daily", status="draft",
                  value=100, unit="mg", per=[1, 1, "d"])
    common_extras(c, 2026, height_cm=180)
    facts = {
        "diagnosis": "ra", "birth_date": "1968-12-01", "prescriber": "rheumatologist",
        "acr_joints": "small_4_10", "rf_value": 64, "rf_uln": 15, "acpa_value": 54, "acpa_uln": 20,
        "acr_acute_phase": "normal", "acr_duration": "6_weeks_or_more",
        "mtx_ongoing": True, "mtx_first_dose": "2025-03-17",
        "baseline_score_type": "cdai", "baseline_score_recorded": "total", "baseline_cdai_total": 24,
        "weight": 94.0,
    }
    typed = {"request_type": "initial", "mtx_result": "inadequate", "tnf_history": "none",
             "adalimumab_result": "not_tried", "tocilizumab_result": "not_tried", "tofacitinib_result": "not_tried",
             "concurrent_drugs": [], "daily_dose": 100, "syringes_per_day": 1}
    about = ("Seropositive RA on methotrexate for 20 months; no adalimumab or tocilizumab trial, so I.A.5 fails. Traps: a "
             "Humira order entered in error on this chart (not a trial), a refuted psoriatic arthritis, an anti-CCP "
             "corrected after its first report, an old negative RF, a weight after the as-of date.")
    return "kineret", "ra-no-biologic-trial", doc("CP.PHAR.244", c, about, "2026-11-16", "medicaid", "does_not_meet",
                                                   facts, typed, [])


# ---------------------------------------------------------------------------------------------
# Implantable pain pumps (CP.MP.173)
# ---------------------------------------------------------------------------------------------

def pump_fbss_permanent():
    c = Chart("pp-nguyen", ["David", "T."], "Nguyen", "1971-05-22", "male", "MRN-44021987")
    c.prescriber("Karen", "Holloway", "208VP0000X")
    c.condition("M96.1", "2019-01-15", text="Failed back surgery syndrome (post-laminectomy syndrome), lumbar")
    c.condition("G89.4", "2019-06-01")
    c.condition("M54.16", "2017-09-01")
    c.condition("Z98.1", "2018-10-22")
    c.condition("F41.1", "2020-02-01", note="Well controlled; not a major contributor to pain per psychology evaluation")
    c.allergy("Penicillin", "Hives")
    c.procedure(cc("Lumbar laminectomy L4-L5"), "2017-11-14")
    c.procedure(cc("Posterior lumbar fusion L4-S1"), "2018-10-22")
    for d in ["2020-01-09", "2020-04-16", "2021-02-11"]:
        c.procedure(cc("Lumbar transforaminal epidural steroid injection"), d)
    c.encounter("2020-03-02", "Physical therapy course, 12 sessions: no lasting benefit", kind="Physical therapy")
    c.procedure(cc("Spinal cord stimulator trial"), "2022-05-03", end="2022-05-10", note="Less than 30% relief; not implanted")
    c.med_request(drug("hydrocodone-acetaminophen 10-325 mg"), "2019-03-04", "1 tablet every 6 hours as needed", status="completed")
    c.med_request(drug("MS Contin (morphine sulfate ER) 60 mg", "morphine"), "2024-03-04", "60 mg every 12 hours (120 MME/day)",
                  status="completed", value=60, unit="mg", per=[2, 1, "d"])
    c.med_request(drug("MS Contin (morphine sulfate ER) 90 mg", "morphine"), "2025-01-06", "90 mg every 12 hours (180 MME/day)",
                  status="completed", value=90, unit="mg", per=[2, 1, "d"])
    c.obs("pain", "2026-01-12", 9, "{score}", category="survey")
    c.med_request(drug("MS Contin (morphine sulfate ER) 60 mg", "morphine"), "2026-03-02", "60 mg every 12 hours (120 MME/day): wean step 1",
                  status="completed", value=60, unit="mg", per=[2, 1, "d"])
    c.med_request(drug("oxycodone 10 mg"), "2026-03-02", "10 mg every 6 hours as needed", status="entered-in-error",
                  note="Entered in error; not dispensed")
    c.procedure(cc("Psychological evaluation for intrathecal pump candidacy"), "2026-04-14",
                note="No mental health condition is a major contributor to the pain; engaged in CBT for chronic pain")
    for d in ["2025-11-04", "2025-12-09", "2026-01-13", "2026-02-10", "2026-03-10", "2026-04-14", "2026-05-12", "2026-06-09", "2026-07-07"]:
        c.encounter(d, "Cognitive behavioral therapy for chronic pain", kind="Pain psychology session")
    c.med_request(drug("MS Contin (morphine sulfate ER) 30 mg", "morphine"), "2026-04-27", "30 mg every 12 hours (60 MME/day): wean step 2",
                  status="active", value=30, unit="mg", per=[2, 1, "d"])
    c.obs("pain", "2026-05-18", 8, "{score}", category="survey")
    c.encounter("2026-06-15", "Intrathecal morphine trial", kind="Procedure visit")
    c.obs("pain", "2026-06-15T08:00:00-05:00", 8, "{score}", category="survey", note="Before the trial injection")
    c.procedure(cc("Intrathecal opioid trial: preservative-free morphine 0.2 mg single injection"), "2026-06-15")
    c.obs("pain", "2026-06-15T14:00:00-05:00", 3, "{score}", category="survey",
          note="During the trial, 6 hours after injection; walked 400 m (50 m before); mild pruritus only")
    c.obs("pain", "2026-07-28", 7, "{score}", category="survey")  # after the as-of date
    c.vital("weight", "2026-06-15", 88.0, "kg")
    common_extras(c, 2026, height_cm=177)
    facts = {
        "pain_origin": "nonmalignant", "psych_evaluation": "clear",
        "systemic_opioids_before_wean": True, "opioid_daily_dose_before_wean": 180, "opioid_daily_dose_now": 60,
        "trial_completed": True, "trial_pain_before": 8, "trial_pain_during": 3,
        "psychotherapy_active": True, "behavioral_treatment_continuing": True,
    }
    typed = {
        "pump_drug": "opioid", "pump_indication": "pain", "request_type": "permanent",
        "pain_pathology_identified": True, "life_expectancy": "not_limited",
        "conservative_treatments_failed": ["pharmacotherapy", "physical_therapy", "behavioral_health", "nonsurgical"],
        "prior_treatment_adherence": True, "further_treatment_unsuitable": True, "oih_ruled_out": True,
        "implant_material_allergy": False, "active_substance_abuse": False, "dementia_or_psychosis": False,
        "systemic_infection": False, "implant_site_infection": False,
        "trial_function_improved": True, "trial_side_effects_minimal": True, "opioid_wean_plan": True,
        "active_coagulopathy": False, "body_size_adequate": True, "interacting_implanted_device": False,
        "infusion_drug_allergy": False, "raised_intracranial_pressure": False, "spinal_anomaly": False,
    }
    about = ("Failed back surgery syndrome after laminectomy and fusion, injections, PT and a failed stimulator trial; "
             "morphine ER weaned from 180 to 60 mg/day (MME) before an intrathecal morphine trial that took pain from "
             "8 to 3. Traps: an oxycodone order entered in error, hydrocodone only as text, a pain score after the "
             "as-of date, older pain scores, doses in MedicationRequests over time.")
    return "pain-pump", "fbss-permanent-pump", doc("CP.MP.173", c, about, "2026-07-20", "commercial", "meets", facts, typed, [])


def pump_baclofen():
    c = Chart("pp-castillo", ["Sofia"], "Castillo", "2001-10-03", "female", "MRN-45118420")
    c.prescriber("Jonah", "Whitaker", text="Physical Medicine & Rehabilitation")
    c.condition("G80.1", "2003-05-01", note="Severe lower-limb spasticity, modified Ashworth 3-4 at hip adductors and hamstrings")
    c.condition("E03.9", "2019-01-01", clinical="active")
    c.med_statement(drug("baclofen 20 mg tablet", "baclofen"), "2016-01-11", status="active", dose="20 mg PO three times daily",
                    note="Sedation limits further increase")
    c.med_statement(drug("tizanidine 4 mg"), "2018-02-05", "2019-01-14", status="stopped", reason="Hypotension, sedation")
    for d in ["2023-04-11", "2023-08-15", "2024-01-09"]:
        c.procedure(cc("Botulinum toxin injections, hip adductors and hamstrings"), d)
    c.obs("Modified Ashworth Scale, right hip adductors", "2026-05-19", category="exam", value_text="3")
    c.encounter("2026-06-08", "Intrathecal baclofen screening trial", kind="Procedure visit")
    c.med_admin(cc("baclofen intrathecal 50 mcg bolus (screening trial)", coding(RXNORM, RX["baclofen"], "baclofen"),
                   coding(HCPCS, "J0476", "Injection, baclofen, 50 mcg for intrathecal trial")), "2026-06-08", 50, "mcg",
                route="intrathecal")
    c.obs("Modified Ashworth Scale, right hip adductors", "2026-06-08T15:00:00-05:00", category="exam", value_text="1",
          note="4 hours after the intrathecal bolus")
    c.care_plan("Intrathecal baclofen therapy", "2026-06-22",
                ["Implant programmable intrathecal baclofen pump", "Titrate intrathecal baclofen; taper oral baclofen"])
    c.vital("weight", "2026-06-08", 52.0, "kg")
    common_extras(c, 2026, height_cm=155)
    facts = {"pump_drug": "baclofen", "pump_indication": "other", "request_type": "permanent"}
    typed = {}
    about = ("Spastic diplegic cerebral palsy: a positive intrathecal baclofen screening bolus (HCPCS J0476) and a plan "
             "to implant a baclofen pump; there is no chronic pain condition. The policy sends baclofen pumps to "
             "CP.PHAR.149 (R.1). Traps: tizanidine and botulinum toxin only as text, a specialty with no NUCC code.")
    return "pain-pump", "intrathecal-baclofen", doc("CP.MP.173", c, about, "2026-07-20", "medicaid", "refer", facts, typed, [])


def pump_cancer_trial():
    c = Chart("pp-fischer", ["Margaret", "L."], "Fischer", "1957-02-14", "female", "MRN-39204471")
    c.prescriber("Ravi", "Menon", "207LP2900X")
    c.condition("C50.911", "2019-04-02")
    c.condition("C79.51", "2025-06-10", text="Bone metastases: thoracic and lumbar spine, pelvis")
    c.condition("G89.3", "2025-07-01")
    c.condition("F03.90", "2026-05-11", clinical=None, verification="refuted",
                note="Confusion resolved after opioid rotation; neuropsychological screen normal (2026-06-01)")
    c.med_statement(drug("letrozole 2.5 mg"), "2019-09-01", status="active")
    c.med_request(drug("MS Contin 100 mg", "morphine"), "2026-03-09", "100 mg every 12 hours", status="stopped",
                  value=100, unit="mg", per=[2, 1, "d"], reason="Sedation and myoclonus")
    c.med_request(drug("morphine sulfate IR 30 mg", "morphine"), "2026-03-09", "30 mg every 4 hours as needed", status="stopped",
                  reason="Sedation and myoclonus")
    c.med_request(drug("Dilaudid (hydromorphone) 8 mg"), "2026-05-11", "8 mg every 4 hours", status="active")
    c.med_request(drug("fentanyl 75 mcg/h transdermal patch"), "2026-05-11", "1 patch every 72 hours", status="active")
    c.obs("pain", "2026-05-11", 9, "{score}", category="survey")
    c.obs("pain", "2026-06-20", 8, "{score}", category="survey")
    c.report("MRI thoracic and lumbar spine with contrast", "2025-08-11",
             "Osseous metastases T8, T11, L2 without epidural extension; no thecal sac encroachment.")
    c.report("MRI thoracic and lumbar spine with contrast", "2026-06-29",
             "Progressive T10 metastasis with epidural tumor extension encroaching on the thecal sac; no cord compression.")
    c.obs("Estimated life expectancy (oncology assessment)", "2026-06-20", 9, "mo", category="exam")
    c.encounter("2026-07-06", "Intractable cancer pain: intrathecal trial request", kind="Pain medicine consultation")
    c.vital("weight", "2026-07-06", 58.0, "kg")
    common_extras(c, 2026, height_cm=162)
    facts = {"pain_origin": "malignant", "life_expectancy": "limited", "life_expectancy_months": 9,
             "spinal_imaging": "tumor_involvement", "dementia_or_psychosis": False}
    typed = {
        "pump_drug": "opioid", "pump_indication": "pain", "request_type": "trial",
        "noninvasive_outcome": ["inadequate_relief", "intolerable_side_effects"],
        "implant_material_allergy": False, "active_substance_abuse": False, "systemic_infection": False,
        "implant_site_infection": False,
    }
    about = ("Metastatic breast cancer to the spine with intractable pain on high-dose opioids, life expectancy about 9 "
             "months; the latest spine MRI shows epidural tumor encroaching on the thecal sac, so I.A.1.c fails. Traps: "
             "an older clear MRI superseded by the later one, a refuted dementia, hydromorphone (Dilaudid) and fentanyl "
             "only as text, life expectancy charted with text only.")
    return "pain-pump", "cancer-pain-trial-epidural-tumor", doc("CP.MP.173", c, about, "2026-07-20", "medicare", "does_not_meet",
                                                               facts, typed, [])


# ---------------------------------------------------------------------------------------------
# Cosmetic and reconstructive surgery (MC.CP.MP.31)
# ---------------------------------------------------------------------------------------------

def cosmetic_skin_tag():
    c = Chart("cr-bailey", ["Joan"], "Bailey", "1950-07-07", "female", "MRN-37750219")
    c.prescriber("Leah", "Morrison", text="Dermatology")
    c.condition("L91.8", "2024-03-01", text="Acrochordons (skin tags), posterior neck at the collar line")
    c.condition("L82.1", "2025-11-03", clinical=None, verification="refuted", note="Dermoscopy: acrochordon, not seborrheic keratosis")
    c.condition("I10", "2008-01-01")
    c.condition("E11.9", "2015-01-01")
    c.med_statement(drug("metformin 500 mg"), "2015-02-01", status="active", dose="500 mg twice daily")
    c.encounter("2025-11-03", "Skin tags at collar line irritated by clothing; one bleeding", kind="Dermatology visit")
    c.encounter("2026-02-16", "Neck skin tag caught on necklace and bled; recurrent irritation", kind="Dermatology visit")
    c.encounter("2026-06-22", "Skin tags at collar line inflamed and bled again", kind="Dermatology visit")
    common_extras(c, 2026, height_cm=160)
    facts = {"skin_tag_irritation": True, "skin_tag_bleeding": True}
    typed = {"appearance_only": False, "procedure_kind": "skin_tag", "skin_tag_site": "friction"}
    about = ("Skin tags at the collar line with three visits for irritation and bleeding: removal meets I.A.2 (friction "
             "area, repeated irritation and bleeding). Whether the aim is appearance only, the kind of procedure and "
             "the site's friction are the clinician's judgment (typed). Traps: a refuted seborrheic keratosis, metformin only as text.")
    return "cosmetic-reconstructive", "skin-tags-collar-line", doc("MC.CP.MP.31", c, about, "2026-09-15", "medicare", "meets",
                                                                  facts, typed, [])


def cosmetic_keloid():
    c = Chart("cr-hughes", ["Walter"], "Hughes", "1962-12-19", "male", "MRN-38894402")
    c.prescriber("Nora", "Fitzgerald", text="Plastic Surgery")
    c.condition("Z95.1", "2020-08-18")
    c.procedure(cc("Coronary artery bypass graft x3 (median sternotomy)"), "2020-08-18")
    c.condition("L91.0", "2021-03-01", text="Keloid of the anterior chest (sternotomy scar), painful")
    for d in ["2024-09-16", "2024-12-16", "2025-03-17"]:
        c.med_admin(drug("triamcinolone acetonide 40 mg/mL intralesional"), d, 40, "mg", route="intralesional")
    c.condition("L08.9", "2025-06-02", text="Infected keloid, chest", clinical="resolved")
    c.med_statement(drug("cephalexin 500 mg"), "2025-06-02", "2025-06-12", status="completed")
    c.condition("L08.9", "2026-02-09", text="Infected keloid, chest (recurrent)", clinical="resolved")
    c.obs("Wound culture, chest keloid", "2026-02-09", value_text="Staphylococcus aureus; susceptibilities pending",
          status="preliminary")
    c.med_statement(drug("doxycycline 100 mg"), "2026-02-09", "2026-02-19", status="completed")
    c.obs("pain", "2025-03-17", 6, "{score}", category="survey", note="Keloid pain")
    c.encounter("2026-08-10", "Painful chest keloid despite 3 steroid injections, 2 infections: excision requested",
                kind="Plastic surgery consultation")
    c.obs("pain", "2026-08-10", 7, "{score}", category="survey", note="Keloid pain")
    common_extras(c, 2026, height_cm=181)
    facts = {"scar_painful": True}
    typed = {"appearance_only": False, "procedure_kind": "scar", "scar_pain_unresponsive": True,
             "scar_tissue_problems": ["recurrent_infection"], "scar_functional_impairment": False}
    about = ("Painful sternotomy keloid after three intralesional triamcinolone injections, infected twice: excision "
             "meets I.A.3 (pain unresponsive to conservative therapy, recurrent infection). The judgments are typed. "
             "Traps: a preliminary wound culture, drugs only as text, pain scores over time.")
    return "cosmetic-reconstructive", "painful-infected-keloid", doc("MC.CP.MP.31", c, about, "2026-09-15", "medicare", "meets",
                                                                    facts, typed, [])


def cosmetic_acne_scars():
    c = Chart("cr-patel", ["Anika"], "Patel", "1991-04-02", "female", "MRN-46610035")
    c.prescriber("Leah", "Morrison", text="Dermatology")
    c.condition("L90.5", "2012-01-01", text="Atrophic acne scars of both cheeks",
                note="Asymptomatic; no pain, no functional limitation; patient requests revision to improve appearance")
    c.condition("L91.0", "2026-05-04", clinical=None, verification="refuted", note="Atrophic (boxcar) scars, not keloid")
    c.med_statement(drug("isotretinoin 40 mg"), "2010-03-01", "2010-09-01", status="completed")
    c.encounter("2026-05-04", "Acne scars: requests laser resurfacing and subcision for appearance", kind="Dermatology visit")
    common_extras(c, 2026, height_cm=168)
    facts = {"scar_painful": False, "scar_functional_impairment": False}
    typed = {"appearance_only": True}
    about = ("Asymptomatic atrophic acne scars; revision is asked for appearance alone, so section II (cosmetic) denies. "
             "Traps: a refuted keloid, isotretinoin only as text.")
    return "cosmetic-reconstructive", "acne-scars-appearance", doc("MC.CP.MP.31", c, about, "2026-09-15", "medicare",
                                                                  "does_not_meet", facts, typed, [])


PATIENTS = [
    carvykti_len_refractory, carvykti_switch_without_progression, carvykti_prior_teclistamab,
    abecma_single_line, abecma_four_lines, abecma_prior_cart_trial,
    kineret_ra_meets, kineret_nomid_child, kineret_ra_no_biologic,
    pump_fbss_permanent, pump_baclofen, pump_cancer_trial,
    cosmetic_skin_tag, cosmetic_keloid, cosmetic_acne_scars,
]


def main():
    out_dir = os.path.join(ROOT, "tests/charts")
    for old in glob.glob(os.path.join(out_dir, "*", "*.json")):
        os.remove(old)
    for make in PATIENTS:
        stem, slug, d = make()
        os.makedirs(os.path.join(out_dir, stem), exist_ok=True)
        with open(os.path.join(out_dir, stem, slug + ".json"), "w", encoding="utf-8") as f:
            json.dump(d, f, indent=1, ensure_ascii=False)
            f.write("\n")
    print(f"{len(PATIENTS)} chart patients written to tests/charts/")


if __name__ == "__main__":
    sys.exit(main())
