"""Resume codes: 60 bits, no look-alike characters, forgiving when typed."""

import math
import re

from survey.services import codes


def test_resume_code_shape_and_entropy():
    code = codes.new_resume_code()
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){2}", code)
    bits = codes.RESUME_CODE_LENGTH * math.log2(len(codes.ALPHABET))
    assert bits >= 60
    assert len({codes.new_resume_code() for _ in range(2000)}) == 2000


def test_typed_look_alikes_spaces_and_case_are_forgiven():
    assert codes.normalise("7kqp m4xw hr9c") == "7KQPM4XWHR9C"
    assert codes.normalise("OIL0-0000-0000") == "0110" + "0" * 8
    assert codes.code_hash("7KQP-M4XW-HR9C") == codes.code_hash("7kqpm4xwhr9c")


def test_what_cannot_be_a_code():
    assert codes.normalise("") is None
    assert codes.normalise("7KQP-M4XW") is None
    assert codes.normalise("7KQP-M4XW-HR9C-XXXX") is None


def test_only_the_hash_is_derived_and_it_hides_the_code():
    digest = codes.code_hash("7KQP-M4XW-HR9C")
    assert len(digest) == 64 and "7KQP" not in digest
