"""The pure parts of a probability sample: AAPOR outcome rates against figures
worked by hand, access codes, sample files checked whole, and stratified draws
that the same seed repeats."""

from __future__ import annotations

import csv
import random
import uuid

import pytest

from survey.sampling.dispositions import DISPOSITIONS, RECORDABLE, from_response, outcome
from survey.sampling.draw import DrawRefused, allocate, draw
from survey.sampling.files import FileRefused, count_frame, frame_rows, read_sample
from survey.sampling.rates import Counts, rates
from survey.services import access_codes
from survey.services.codes import ALPHABET

# Worked by hand (to five places): the groups' counts, e, and every rate.
# Row 1: I 400, P 50, R 150, NC 200, O 30, UH 100, UO 70, NE 100.
#   known eligible 830; e = 830 / 930 = 0.89247; e(UH + UO) = 151.72043
#   all cases but NE: 1000; with e: 981.72043; contacted (I+P+R+O): 630
# Row 2: I 10, R 5, NC 5, UH 10, e given as 0.5: e(UH + UO) = 5.
HAND_WORKED = [
    (
        Counts(I=400, P=50, R=150, NC=200, O=30, UH=100, UO=70, NE=100), None,
        {"RR1": 0.40000, "RR2": 0.45000, "RR3": 0.40745, "RR4": 0.45838, "RR5": 0.48193, "RR6": 0.54217,
         "COOP1": 0.63492, "COOP2": 0.71429, "COOP3": 0.66667, "COOP4": 0.75000,
         "REF1": 0.15000, "REF2": 0.15279, "REF3": 0.18072,
         "CON1": 0.63000, "CON2": 0.64173, "CON3": 0.75904},
    ),
    (
        Counts(I=10, R=5, NC=5, UH=10), 0.5,
        {"RR1": 0.33333, "RR2": 0.33333, "RR3": 0.40000, "RR4": 0.40000, "RR5": 0.50000, "RR6": 0.50000,
         "COOP1": 0.66667, "COOP2": 0.66667, "COOP3": 0.66667, "COOP4": 0.66667,
         "REF1": 0.16667, "REF2": 0.20000, "REF3": 0.25000,
         "CON1": 0.50000, "CON2": 0.60000, "CON3": 0.75000},
    ),
]


@pytest.mark.parametrize("counts, e, expected", HAND_WORKED)
def test_every_aapor_rate_matches_the_figures_worked_by_hand(counts, e, expected):
    got = rates(counts, e)
    assert set(got) == set(expected)
    assert {name: round(value, 5) for name, value in got.items()} == pytest.approx(expected, abs=1e-5)


def test_e_is_the_proportional_estimate_unless_given_and_must_be_a_share():
    counts = HAND_WORKED[0][0]
    assert counts.proportional_e() == pytest.approx(830 / 930)
    assert rates(counts)["RR3"] == rates(counts, 830 / 930)["RR3"]
    assert rates(counts, 1.0)["RR3"] == rates(counts)["RR1"]
    assert rates(counts, 0.0)["RR3"] == rates(counts)["RR5"]
    with pytest.raises(ValueError):
        rates(counts, 1.5)
    # Nothing known yet: no rate is made up.
    assert set(rates(Counts()).values()) == {None}


def test_counts_group_disposition_codes_as_aapor_does():
    counts = Counts.of(["1.1", "1.2", "2.11", "2.12", "2.20", "2.32", "3.19", "3.30", "4.60"])
    assert counts == Counts(I=1, P=1, R=2, NC=1, O=1, UH=1, UO=1, NE=1)
    assert "1.1" not in RECORDABLE and "2.11" in RECORDABLE and "4.60" in RECORDABLE


def test_the_response_outranks_what_was_recorded_only_when_answers_came_back():
    assert from_response(True, 3, 10) == "1.1"
    assert from_response(False, 5, 10) == "1.2"
    assert from_response(False, 4, 10) == "2.12"
    assert outcome("2.11", "1.1") == "1.1"  # refused on the doorstep, then answered online
    assert outcome("2.11", "2.12") == "2.11"
    assert outcome(None, None) == "3.19"
    assert outcome("3.30", None) == "3.30"
    assert all(code.count(".") == 1 for code in DISPOSITIONS)


# Access codes


def test_an_access_code_is_sixteen_characters_in_groups_of_four_and_the_same_each_time():
    case = uuid.uuid4()
    code = access_codes.code_for("secret", case)
    groups = code.split("-")
    assert [len(g) for g in groups] == [4, 4, 4, 4]
    assert set("".join(groups)) <= set(ALPHABET)
    assert access_codes.code_for("secret", case) == code
    assert access_codes.code_for("other secret", case) != code
    assert access_codes.code_for("secret", uuid.uuid4()) != code


def test_a_code_is_read_however_it_is_typed():
    code = access_codes.code_for("secret", uuid.UUID(int=7))
    plain = code.replace("-", "")
    wanted = access_codes.normalise(code)
    assert wanted == plain
    assert access_codes.normalise(f"  {code.lower()}  ") == wanted
    assert access_codes.normalise(" ".join(plain[i:i + 4] for i in range(0, 16, 4))) == wanted
    # O, I and L typed for 0, 1 and 1.
    looks = plain.replace("0", "O").replace("1", "l")
    assert access_codes.normalise(looks) == wanted


def test_the_check_character_catches_every_single_mistyped_character():
    rng = random.Random(3)
    for _ in range(20):
        plain = access_codes.normalise(access_codes.code_for("secret", uuid.UUID(int=rng.getrandbits(128))))
        for position in range(16):
            for ch in ALPHABET:
                if ch != plain[position]:
                    assert access_codes.normalise(plain[:position] + ch + plain[position + 1:]) is None


def test_only_a_keyed_hash_finds_a_case():
    code = access_codes.normalise(access_codes.code_for("secret", uuid.UUID(int=9)))
    assert access_codes.lookup_hash("secret", code) != access_codes.lookup_hash("another", code)
    assert code not in access_codes.lookup_hash("secret", code)
    assert access_codes.normalise("7KQP-M4XW-HR9C") is None  # a resume code is not an access code


# Sample files

HEADER = ["reference", "address_line_1", "address_line_2", "town", "postcode", "borough", "stratum", "probability", "language", "format"]


def write_csv(path, rows, header=HEADER):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def good_row(n: int, borough: str = "Camden", probability: str = "0.01") -> list[str]:
    return [f"C{n:05d}", f"{n} High Street", "", "London", "NW1 2AB", borough, "", probability, "", ""]


def test_a_good_sample_file_gives_every_case(tmp_path):
    rows = [good_row(n) for n in range(1, 4)] + [
        ["C9", "Flat 2", "1 Road", "London", "e1 6an", "E09000030", "east", "0.02", "cy", "easy_read"],
    ]
    cases = read_sample(write_csv(tmp_path / "s.csv", rows), {"en", "cy"})
    assert [c.reference for c in cases] == ["C00001", "C00002", "C00003", "C9"]
    assert cases[0].borough == "camden" and cases[0].stratum == "camden" and cases[0].design_weight == pytest.approx(100)
    last = cases[-1]
    assert (last.borough, last.stratum, last.language, last.format_need) == ("tower_hamlets", "east", "cy", "easy_read")
    assert last.address["postcode"] == "E1 6AN"


def test_a_design_weight_may_be_given_instead_of_a_probability(tmp_path):
    header = [h if h != "probability" else "design_weight" for h in HEADER]
    cases = read_sample(write_csv(tmp_path / "s.csv", [good_row(1, probability="250")], header), {"en"})
    assert cases[0].probability == pytest.approx(1 / 250)


@pytest.mark.parametrize("change, where", [
    (lambda rows: rows.append(good_row(2)), "line 5, reference: 'C00002' is on line 3 already"),
    (lambda rows: rows[1].__setitem__(5, "Gotham"), "line 3, borough: 'Gotham' is not a London borough"),
    (lambda rows: rows[0].__setitem__(7, "1.5"), "line 2, probability: 1.5 is not more than 0 and at most 1"),
    (lambda rows: rows[0].__setitem__(7, "0"), "line 2, probability: 0 is not more than 0"),
    (lambda rows: rows[0].__setitem__(7, "a lot"), "line 2, probability: 'a lot' is not a number"),
    (lambda rows: rows[2].__setitem__(4, "NW1"), "line 4, postcode: 'NW1' is not a UK postcode"),
    (lambda rows: rows[2].__setitem__(8, "fr"), "line 4, language: 'fr' is not one of this survey's languages"),
    (lambda rows: rows[2].__setitem__(9, "tape"), "line 4, format: 'tape' is not a format"),
    (lambda rows: rows[0].__setitem__(1, ""), "line 2, address_line_1: enter the first line"),
])
def test_a_bad_row_is_named_by_line_and_field_and_nothing_is_read(tmp_path, change, where):
    rows = [good_row(n) for n in range(1, 4)]
    change(rows)
    with pytest.raises(FileRefused) as refused:
        read_sample(write_csv(tmp_path / "s.csv", rows), {"en"})
    assert any(line.startswith(f"s.csv: {where}") for line in refused.value.lines()), refused.value.lines()


def test_a_missing_column_is_named(tmp_path):
    header = [h for h in HEADER if h != "postcode"]
    rows = [[cell for i, cell in enumerate(good_row(1)) if HEADER[i] != "postcode"]]
    with pytest.raises(FileRefused) as refused:
        read_sample(write_csv(tmp_path / "s.csv", rows, header), {"en"})
    assert refused.value.lines() == ["s.csv: line 1, postcode: this column is missing from the first line"]


def test_every_problem_is_listed_not_only_the_first(tmp_path):
    rows = [good_row(n, borough="Nowhere") for n in range(1, 80)]
    with pytest.raises(FileRefused) as refused:
        read_sample(write_csv(tmp_path / "s.csv", rows), {"en"})
    lines = refused.value.lines()
    assert len(lines) == 51 and lines[-1] == "s.csv: and 29 more problems"


def test_a_file_too_large_is_refused_before_it_is_read(tmp_path):
    huge = tmp_path / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(2 * 1024 ** 3)  # 2 GB, sparse: no disk used
    with pytest.raises(FileRefused) as refused:
        read_sample(huge, {"en"})
    assert refused.value.lines() == ["huge.csv: the file: is 2,048 MB, more than the 50 MB a file may be"]


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "s.csv"
    write_csv(path, [good_row(1)])
    path.write_bytes(path.read_bytes() + "C2,2 Caf\xe9 Road,,London,NW1 2AB,Camden,,0.1,,\n".encode("latin-1"))
    with pytest.raises(FileRefused) as refused:
        read_sample(path, {"en"})
    assert "is not UTF-8 text" in refused.value.lines()[0]


# Drawing


def frame_file(tmp_path, size: int, seed: int = 1):
    rng = random.Random(seed)
    boroughs = ["Camden", "Hackney", "Sutton", "Westminster"]
    weights = [4, 3, 2, 1]
    rows = [[f"A{n:06d}", f"{n} Road", "", "London", "SW1A 1AA", rng.choices(boroughs, weights)[0], "", "", "", ""]
            for n in range(size)]
    return write_csv(tmp_path / "frame.csv", rows)


def drawn_references(frame_path, n, seed, allocation="proportional"):
    frame = count_frame(frame_path, "borough")
    chosen, probabilities = draw(frame.sizes, allocate(frame.sizes, n, allocation), seed)
    return frame, frame_rows(frame, chosen, probabilities)


def test_the_same_seed_draws_the_same_cases_from_a_frame_of_50000(tmp_path):
    path = frame_file(tmp_path, 50_000)
    frame, first = drawn_references(path, 1000, seed=2026)
    _, second = drawn_references(path, 1000, seed=2026)
    _, other = drawn_references(path, 1000, seed=2027)
    assert [c.reference for c in first] == [c.reference for c in second]
    assert [c.reference for c in first] != [c.reference for c in other]
    assert len(first) == 1000 and len({c.reference for c in first}) == 1000
    # Proportional: each stratum's share of the sample is its share of the frame, and p = n_h / N_h.
    for stratum, size in frame.sizes.items():
        drawn = [c for c in first if c.stratum == stratum]
        assert abs(len(drawn) - 1000 * size / frame.total) < 1
        assert all(c.probability == pytest.approx(len(drawn) / size) for c in drawn)


def test_allocations():
    sizes = {"a": 500, "b": 300, "c": 200}
    assert allocate(sizes, 10, "proportional") == {"a": 5, "b": 3, "c": 2}
    assert allocate(sizes, 11, "proportional") == {"a": 6, "b": 3, "c": 2}  # largest remainder (0.5) to a
    assert allocate(sizes, 10, "equal") == {"a": 4, "b": 3, "c": 3}
    assert allocate(sizes, None, "40-per-stratum") == {"a": 40, "b": 40, "c": 40}
    assert allocate(sizes, 120, "40") == {"a": 40, "b": 40, "c": 40}
    with pytest.raises(DrawRefused, match="'c' has 200 addresses, fewer than the 250"):
        allocate(sizes, 750, "equal")
    with pytest.raises(DrawRefused, match="not the 100 asked for"):
        allocate(sizes, 100, "40-per-stratum")
    with pytest.raises(DrawRefused, match="fewer than the 1001 asked for"):
        allocate(sizes, 1001, "proportional")
    with pytest.raises(DrawRefused, match="not an allocation"):
        allocate(sizes, 10, "neyman")


def test_a_frame_with_a_duplicate_reference_is_refused(tmp_path):
    rows = [good_row(1), good_row(1)]
    with pytest.raises(FileRefused) as refused:
        count_frame(write_csv(tmp_path / "f.csv", rows), "borough")
    assert refused.value.lines() == ["f.csv: line 3, reference: 'C00001' is in the frame already"]
