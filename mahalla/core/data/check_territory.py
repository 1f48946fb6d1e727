#!/usr/bin/env python3
"""Validate territory.json (and demo_mahallas.csv if present) and print counts.

Usage: python mahalla/core/data/check_territory.py [territory.json] [demo_mahallas.csv]
Exits with status 1 if any check fails. Standard library only.
"""

from __future__ import annotations

import csv
import json
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent

EXPECTED_ISO = {
    "1703": "UZ-AN",
    "1706": "UZ-BU",
    "1708": "UZ-JI",
    "1710": "UZ-QA",
    "1712": "UZ-NW",
    "1714": "UZ-NG",
    "1718": "UZ-SA",
    "1722": "UZ-SU",
    "1724": "UZ-SI",
    "1726": "UZ-TK",
    "1727": "UZ-TO",
    "1730": "UZ-FA",
    "1733": "UZ-XO",
    "1735": "UZ-QR",
}
REGION_KINDS = {"region", "republic", "city"}
DISTRICT_KINDS = {"district", "city"}
LANGS = ("uz", "uz_Cyrl", "ru", "en")
TOTAL_RANGE = (190, 230)  # sanity bounds for district/city rows

# Uzbek Latin: letters, space, hyphen, dot, digits, U+02BB (oʻ gʻ) and U+02BC (separation mark).
UZ_LATN = re.compile(r"^[A-Za-z0-9 .\-\u02bb\u02bc]+$")
CYRL = re.compile(r"^[\u0400-\u04ff0-9 .\-]+$")
ASCII = re.compile(r"^[\x20-\x7e]+$")
MODIFIER_OK = re.compile(r"[OoGg]\u02bb")  # U+02BB only directly after o/g


def fold(name: str) -> str:
    """Comparison key: NFC, casefold, apostrophe variants removed."""
    name = unicodedata.normalize("NFC", name).casefold()
    return re.sub(r"[\u02bb\u02bc\u2018\u2019'`\u00b4]", "", name).strip()


def check_names(where: str, name: dict, errors: list[str]) -> None:
    if not isinstance(name, dict):
        errors.append(f"{where}: name must be an object")
        return
    for lang in LANGS:
        value = name.get(lang)
        if not isinstance(value, str) or not value.strip():
            errors.append(f"{where}: missing name.{lang}")
            continue
        if value != value.strip() or "  " in value:
            errors.append(f"{where}: stray whitespace in name.{lang} {value!r}")
    uz, cyr, ru, en = (name.get(k) or "" for k in LANGS)
    if uz and not UZ_LATN.match(uz):
        errors.append(f"{where}: name.uz has characters outside modern Uzbek Latin: {uz!r}")
    if uz and uz.count("\u02bb") != len(MODIFIER_OK.findall(uz)):
        errors.append(f"{where}: name.uz uses U+02BB other than in oʻ/gʻ: {uz!r}")
    if cyr and not CYRL.match(cyr):
        errors.append(f"{where}: name.uz_Cyrl is not Cyrillic: {cyr!r}")
    if ru and not CYRL.match(ru):
        errors.append(f"{where}: name.ru is not Cyrillic: {ru!r}")
    if en and not ASCII.match(en):
        errors.append(f"{where}: name.en is not ASCII: {en!r}")


def check_territory(path: Path) -> tuple[list[str], dict]:
    errors: list[str] = []
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data.get("source"), str) or not data["source"].strip():
        errors.append("top level: 'source' must be a non-empty string")
    regions = data.get("regions")
    if not isinstance(regions, list):
        return ["top level: 'regions' must be a list"], {}

    seen_codes: set[str] = set()
    region_codes = [r.get("soato") for r in regions]
    if sorted(region_codes) != sorted(EXPECTED_ISO):
        errors.append(
            f"regions: expected SOATO {sorted(EXPECTED_ISO)}, got {sorted(map(str, region_codes))}"
        )
    counts: dict[str, Counter] = {}

    for region in regions:
        rcode = str(region.get("soato"))
        rwhere = f"region {rcode}"
        if not re.fullmatch(r"17\d\d", rcode):
            errors.append(f"{rwhere}: SOATO must be 4 digits starting with 17")
        if rcode in seen_codes:
            errors.append(f"{rwhere}: duplicate SOATO")
        seen_codes.add(rcode)
        if region.get("iso") != EXPECTED_ISO.get(rcode):
            errors.append(
                f"{rwhere}: ISO {region.get('iso')!r}, expected {EXPECTED_ISO.get(rcode)!r}"
            )
        if region.get("kind") not in REGION_KINDS:
            errors.append(f"{rwhere}: bad kind {region.get('kind')!r}")
        if rcode == "1735" and region.get("kind") != "republic":
            errors.append(f"{rwhere}: Karakalpakstan must be kind 'republic'")
        if rcode == "1726" and region.get("kind") != "city":
            errors.append(f"{rwhere}: Tashkent city must be kind 'city'")
        check_names(rwhere, region.get("name"), errors)

        districts = region.get("districts")
        if not isinstance(districts, list) or not districts:
            errors.append(f"{rwhere}: no districts")
            continue
        codes_here = {str(d.get("soato")) for d in districts}
        names_seen: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
        counter: Counter = Counter()
        for d in districts:
            code = str(d.get("soato"))
            where = f"{rwhere} / {code}"
            kind = d.get("kind")
            if not code.startswith(rcode):
                errors.append(f"{where}: does not start with region code {rcode}")
            if len(code) == 7 and code.isdigit():
                if "parent_soato" in d:
                    errors.append(f"{where}: 7-digit code must not have parent_soato")
                if rcode != "1726":
                    expected = {"2": "district", "4": "city"}.get(code[4])
                    if expected is None:
                        errors.append(
                            f"{where}: 5th digit {code[4]} is neither 2 (district) nor 4 (city)"
                        )
                    elif kind != expected:
                        errors.append(f"{where}: kind {kind!r} but code implies {expected!r}")
                elif kind != "district":
                    errors.append(f"{where}: Tashkent city subdivisions must be kind 'district'")
            elif len(code) == 10 and code.isdigit():
                parent = d.get("parent_soato")
                if parent != code[:7] or parent not in codes_here:
                    errors.append(
                        f"{where}: 10-digit code needs parent_soato {code[:7]} "
                        "present in the same region"
                    )
            else:
                errors.append(f"{where}: SOATO must be 7 digits (or 10 with parent_soato)")
            if kind not in DISTRICT_KINDS:
                errors.append(f"{where}: bad kind {kind!r}")
            if code in seen_codes:
                errors.append(f"{where}: duplicate SOATO")
            seen_codes.add(code)
            name = d.get("name") or {}
            check_names(where, name, errors)
            for lang in LANGS:
                key = fold(name.get(lang) or "")
                if key and key in names_seen[lang]:
                    errors.append(
                        f"{where}: duplicate name.{lang} {name.get(lang)!r} "
                        f"(also {names_seen[lang][key]})"
                    )
                names_seen[lang][key] = code
            counter[kind] += 1
        counts[rcode] = counter

    total = sum(sum(c.values()) for c in counts.values())
    if not TOTAL_RANGE[0] <= total <= TOTAL_RANGE[1]:
        errors.append(f"total district/city rows {total} outside {TOTAL_RANGE}")

    for item in data.get("unconfirmed", []):
        if str(item.get("soato")) not in seen_codes:
            errors.append(f"unconfirmed: {item.get('soato')} is not in regions")
        if not item.get("reason"):
            errors.append(f"unconfirmed: {item.get('soato')} has no reason")

    names = {r["soato"]: (r.get("name") or {}).get("uz", "?") for r in regions}
    return errors, {
        "counts": counts,
        "names": names,
        "total": total,
        "codes": seen_codes,
        "unconfirmed": data.get("unconfirmed", []),
    }


def check_demo(path: Path, codes: set[str]) -> tuple[list[str], Counter]:
    errors: list[str] = []
    per_district: Counter = Counter()
    header = [
        "code",
        "district_soato",
        "name_uz",
        "name_uz_cyrl",
        "name_ru",
        "latitude",
        "longitude",
    ]
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        got = next(reader, None)
        if got != header:
            return [f"{path.name}: header {got} != {header}"], per_district
        seen: set[str] = set()
        names: dict[tuple[str, str], str] = {}
        for n, row in enumerate(reader, start=2):
            where = f"{path.name}:{n}"
            if len(row) != len(header):
                errors.append(f"{where}: {len(row)} columns")
                continue
            rec = dict(zip(header, row, strict=True))
            dist = rec["district_soato"]
            if dist not in codes:
                errors.append(f"{where}: district_soato {dist} not in territory.json")
            if not re.fullmatch(re.escape(dist) + r"-\d{3}", rec["code"]):
                errors.append(f"{where}: code {rec['code']!r} is not {dist}-NNN")
            if rec["code"] in seen:
                errors.append(f"{where}: duplicate code {rec['code']}")
            seen.add(rec["code"])
            key = (dist, fold(rec["name_uz"]))
            if key in names:
                errors.append(f"{where}: duplicate name {rec['name_uz']!r} in {dist}")
            names[key] = rec["code"]
            check_names(
                where,
                {
                    "uz": rec["name_uz"],
                    "uz_Cyrl": rec["name_uz_cyrl"],
                    "ru": rec["name_ru"],
                    "en": "x",
                },
                errors,
            )
            for col, lo, hi in (("latitude", 37.1, 45.6), ("longitude", 55.9, 73.2)):
                value = rec[col]
                if not re.fullmatch(r"\d+\.\d{5}", value):
                    errors.append(f"{where}: {col} {value!r} must have 5 decimals")
                elif not lo <= float(value) <= hi:
                    errors.append(f"{where}: {col} {value} outside Uzbekistan")
            per_district[dist] += 1
    return errors, per_district


def main(argv: list[str]) -> int:
    territory = Path(argv[1]) if len(argv) > 1 else HERE / "territory.json"
    demo = Path(argv[2]) if len(argv) > 2 else HERE / "demo_mahallas.csv"
    errors, info = check_territory(territory)
    if info:
        print(f"{'SOATO':<6} {'region':<32} {'districts':>9} {'cities':>6} {'total':>5}")
        for code in sorted(info["counts"]):
            c = info["counts"][code]
            print(
                f"{code:<6} {info['names'][code]:<32} {c['district']:>9} {c['city']:>6} "
                f"{sum(c.values()):>5}"
            )
        all_c = sum(info["counts"].values(), Counter())
        print(
            f"{'':<6} {'TOTAL (14 top-level units)':<32} {all_c['district']:>9} "
            f"{all_c['city']:>6} {info['total']:>5}"
        )
        print(
            f"unconfirmed codes: {len(info['unconfirmed'])} "
            f"({', '.join(str(u.get('soato')) for u in info['unconfirmed']) or '-'})"
        )
        if demo.exists():
            demo_errors, per_district = check_demo(demo, info["codes"])
            errors += demo_errors
            for dist, n in sorted(per_district.items()):
                print(f"{demo.name}: {n} mahallas in district {dist}")
    for e in errors:
        print("ERROR:", e, file=sys.stderr)
    print("OK" if not errors else f"FAILED: {len(errors)} error(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
