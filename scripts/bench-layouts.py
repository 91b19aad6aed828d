#!/usr/bin/env python3
"""The pure-SQL side of `make bench` in each layout's own positions: prints SQL that fills
bench.layout_sql (per layout: the SQL expressions of a debit file's header, detail and
trailer lines, and of a return line's reference, response code and processing date) and
bench.response_code, all read from layouts/*.json, so that no byte position is typed a
second time here.

    python3 scripts/bench-layouts.py LAYOUTS_DIR PERIOD CREATION_DATE DEBIT_DATE > bench-layouts.sql
"""
import glob
import json
import os
import sys

# What each debit-file field is, in SQL over `i` (bench.debit_instruction), `p`
# (autodebet.participant) and `b` (autodebet.bank); the dates come from the command line.
DEBIT_VALUES = {
    "bank_code": "b.code", "attempt": "1", "file_sequence": "1",
    "creation_date": "DATE '{creation}'", "debit_date": "DATE '{debit}'", "period": "DATE '{period}-01'",
    "reference": "i.reference", "account_number": "i.account_no", "account_name": "i.account_name",
    "amount": "i.amount", "jkk": "i.jkk", "jkm": "i.jkm", "jht": "i.jht", "kpj": "i.kpj", "nik": "p.nik",
    "detail_number": "row_number() OVER (ORDER BY i.id)",
    "detail_count": "count(*)", "total_amount": "sum(i.amount)::bigint",
    "account_hash": "(sum(i.account_no::numeric) % 1000000000000000000)::bigint",
}
DATE_FORMATS = {"YYYYMMDD": "YYYYMMDD", "DDMMYYYY": "DDMMYYYY", "YYYYMM": "YYYYMM", "MMYYYY": "MMYYYY"}


def field_sql(field, unit):
    fmt, length = field["format"], field["length"]
    if "value" in field:
        return "rpad(%s, %d)" % (quote(field["value"]), length)
    if fmt == "filler":
        return "repeat(' ', %d)" % length
    value = DEBIT_VALUES[field["name"]].format(**DATES)
    if fmt == "X":
        text = "bench.plain(%s, %d)" % (value, length) if field["name"] == "account_name" else "rpad(%s, %d)" % (value, length)
        return text
    if fmt == "9":
        return "bench.num((%s)::bigint, %d)" % (value, length) if field["name"] not in ("kpj", "nik") else value
    if fmt == "amount":
        return "bench.num((%s)%s, %d)" % (value, " * 100" if unit == "sen" else "", length)
    return "to_char(%s, '%s')" % (value, DATE_FORMATS[fmt])


def line_sql(record, unit, ending):
    parts = [field_sql(f, unit) for f in record["fields"]]
    return " || ".join(parts) + (" || E'\\r'" if ending == "CRLF" else "")


def return_select(layout, table):
    detail = {f["name"]: f for f in layout["return"]["detail"]["fields"]}
    record_type = layout["return"]["detail"]["recordType"]
    def cut(name):
        f = detail[name]
        return "substr(line, %d, %d)" % (f["start"], f["length"])
    date = detail["processing_date"]
    return ("SELECT rtrim(%s) AS reference, rtrim(%s) AS code, to_date(%s, '%s') AS processed FROM %s WHERE left(line, 1) = %s"
            % (cut("reference"), cut("response_code"), cut("processing_date"), DATE_FORMATS[date["format"]],
               table, quote(record_type)))


def quote(text):
    return "'" + text.replace("'", "''") + "'"


def main(directory):
    print("INSERT INTO bench.layout_sql (layout, header_line, detail_line, trailer_line, return_select) VALUES")
    rows, codes = [], {}
    for path in sorted(glob.glob(os.path.join(directory, "*.json"))):
        layout = json.load(open(path))
        name, unit, ending = layout["name"], layout["amountUnit"], layout["lineEnding"]
        debit = layout["debit"]
        rows.append("(%s, %s, %s, %s, %s)" % (
            quote(name), quote(line_sql(debit["header"], unit, ending)), quote(line_sql(debit["detail"], unit, ending)),
            quote(line_sql(debit["trailer"], unit, ending)),
            quote(return_select(layout, "bench.return_line_" + name.replace("bpd-", "")))))
        for code, meaning in layout["responseCodes"].items():
            codes[code] = meaning["outcome"]
    print(",\n".join(rows) + ";")
    print("INSERT INTO bench.response_code (code, outcome) VALUES")
    print(",\n".join("(%s, %s)" % (quote(c), quote(o)) for c, o in sorted(codes.items())) + ";")


DATES = {}

if __name__ == "__main__":
    directory, period, creation, debit = sys.argv[1:5]
    DATES.update(period=period, creation=creation, debit=debit)
    main(directory)
